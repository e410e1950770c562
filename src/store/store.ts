// The one interface every layer above store/ uses to keep state. It says nothing about SQL:
// the embedded SQLite implementation lives in store/sqlite/, and a shared PostgreSQL one can
// implement the same contract so that several nodes serve one state. All methods are async
// for that reason, although SQLite answers synchronously.

/** Account and region: every resource belongs to exactly one pair, invisible to others. */
export interface Partition {
  account: string;
  region: string;
}

/**
 * Any resource of any kind. `scope` is the owning instance id ('' for resources that belong
 * to the account, like instances themselves), `name` is indexed for unique-name lookups and
 * `arn` for TagResource and friends. `data` is the resource as the handlers keep it.
 */
export interface ResourceRecord<T = unknown> {
  kind: string;
  scope: string;
  id: string;
  name?: string;
  arn?: string;
  data: T;
}

export interface StoredRecord<T = unknown> extends ResourceRecord<T>, Partition {
  /** insertion order, stable for keyset pagination */
  seq: number;
}

export interface ListQuery {
  kind: string;
  scope: string;
  /** return records inserted after this one (a seq from an earlier page) */
  after?: number;
  limit: number;
  /** equality on top-level fields of `data`; an array means any of its values */
  where?: Record<string, string | string[]>;
}

export interface IdempotencyRecord {
  fingerprint: string;
  response: string;
  createdAt: number;
}

export interface StoreTx {
  get<T>(p: Partition, kind: string, scope: string, id: string): Promise<StoredRecord<T> | undefined>;
  /** the record with this ARN in this partition (an ARN of another account or region finds nothing) */
  getByArn<T>(p: Partition, arn: string): Promise<StoredRecord<T> | undefined>;
  getByName<T>(p: Partition, kind: string, scope: string, name: string): Promise<StoredRecord<T> | undefined>;
  /** inserts, or replaces the record with the same (partition, kind, scope, id) keeping its seq */
  put<T>(p: Partition, record: ResourceRecord<T>): Promise<void>;
  delete(p: Partition, kind: string, scope: string, id: string): Promise<boolean>;
  /** deletes every record whose scope is `scope` (the children of an instance) */
  deleteScope(p: Partition, scope: string): Promise<number>;
  list<T>(p: Partition, q: ListQuery): Promise<StoredRecord<T>[]>;

  getIdempotency(p: Partition, operation: string, token: string): Promise<IdempotencyRecord | undefined>;
  putIdempotency(p: Partition, operation: string, token: string, record: IdempotencyRecord): Promise<void>;

  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;

  /** forgets everything */
  clearAll(): Promise<void>;
}

export interface Store {
  /**
   * Runs `fn` as one atomic unit: all of its writes, or none of them if it throws. When the
   * promise resolves the writes are committed: a crash or kill -9 of the process loses none
   * of them. Transactions never nest: `fn` must not call transaction() itself.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** idempotency records older than this are dropped */
  pruneIdempotency(olderThan: number): Promise<void>;
  close(): Promise<void>;
}
