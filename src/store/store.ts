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
  /** equality on fields of `data` (`A.B` for nested ones); an array means any of its values */
  where?: Record<string, string | string[]>;
  /** a number field of `data` within [min, max] (records without it are left out) */
  range?: { field: string; min: number; max: number };
}

export interface IdempotencyRecord {
  fingerprint: string;
  response: string;
  createdAt: number;
}

/**
 * Something due at a moment of the emulator clock. One per (kind, key): arming it again moves
 * it. Not partitioned: the payload says whose it is.
 */
export interface Deadline {
  kind: string;
  key: string;
  /** epoch milliseconds */
  due: number;
  payload: string;
}

export interface StoredDeadline extends Deadline {
  /** arming order: deadlines due at the same millisecond fire in it */
  seq: number;
}

/** One entry of an append-only log (a chat's transcript), in a stream of a partition. */
export interface LogEntry<T = unknown> {
  /** the owning instance: deleting the instance deletes its logs */
  scope: string;
  stream: string;
  /** unique within the stream */
  id: string;
  /** when it happened, epoch milliseconds (never decreasing along a stream) */
  at: number;
  data: T;
}

export interface StoredLogEntry<T = unknown> extends Omit<LogEntry<T>, 'scope' | 'stream'> {
  /** position in the stream, growing with every append */
  seq: number;
}

export interface LogQuery {
  stream: string;
  /** forward: entries after `after`, oldest first; backward: entries before `before`, newest first */
  direction: 'forward' | 'backward';
  after?: number;
  before?: number;
  limit: number;
}

export interface StoreTx {
  get<T>(p: Partition, kind: string, scope: string, id: string): Promise<StoredRecord<T> | undefined>;
  /** the record with this ARN in this partition (an ARN of another account or region finds nothing) */
  getByArn<T>(p: Partition, arn: string): Promise<StoredRecord<T> | undefined>;
  getByName<T>(p: Partition, kind: string, scope: string, name: string): Promise<StoredRecord<T> | undefined>;
  /** inserts, or replaces the record with the same (partition, kind, scope, id) keeping its seq */
  put<T>(p: Partition, record: ResourceRecord<T>): Promise<void>;
  delete(p: Partition, kind: string, scope: string, id: string): Promise<boolean>;
  /** deletes every record, log entry, blob and set member whose scope is `scope` (the children of an instance) */
  deleteScope(p: Partition, scope: string): Promise<number>;
  list<T>(p: Partition, q: ListQuery): Promise<StoredRecord<T>[]>;

  getIdempotency(p: Partition, operation: string, token: string): Promise<IdempotencyRecord | undefined>;
  putIdempotency(p: Partition, operation: string, token: string, record: IdempotencyRecord): Promise<void>;

  /** arms a deadline, replacing the one of the same kind and key */
  putDeadline(d: Deadline): Promise<void>;
  deleteDeadline(kind: string, key: string): Promise<boolean>;
  /** the deadline due first (ties: armed first) */
  nextDeadline(): Promise<StoredDeadline | undefined>;
  /** how many deadlines are armed */
  countDeadlines(): Promise<number>;

  /**
   * appends to a log; returns the entry's position: one past the last the stream ever gave,
   * even when entries went since (deleteScope, pruneLog, clearAll)
   */
  appendLog<T>(p: Partition, entry: LogEntry<T>): Promise<number>;
  /** replaces the data of an entry, keeping its position */
  updateLog<T>(p: Partition, stream: string, id: string, data: T): Promise<boolean>;
  getLog<T>(p: Partition, stream: string, id: string): Promise<StoredLogEntry<T> | undefined>;
  readLog<T>(p: Partition, q: LogQuery): Promise<StoredLogEntry<T>[]>;
  /**
   * the position of the first entry at or after `at` (forward), or of the last one at or before
   * it (backward); for streams whose positions run 1, 2, 3 ... without a gap (never pruned)
   */
  seekLog(p: Partition, stream: string, at: number, direction: 'forward' | 'backward'): Promise<number | undefined>;

  /**
   * Ordered sets: each member of a set at most once, under a sort key compared as text (a
   * queue's contacts by priority and age, the agents ready for a channel by idle time).
   * `scope` as for records.
   */
  putRank(p: Partition, scope: string, set: string, member: string, key: string): Promise<void>;
  deleteRank(p: Partition, set: string, member: string): Promise<boolean>;
  /** members in key order, after `after` (a key) when given */
  rankRange(p: Partition, set: string, limit: number, after?: { key: string; member: string }): Promise<{ key: string; member: string }[]>;

  /** keeps bytes (an uploaded attachment) under a key; `scope` as for records */
  putBlob(p: Partition, scope: string, key: string, bytes: Buffer): Promise<void>;
  getBlob(p: Partition, key: string): Promise<Buffer | undefined>;

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
  /** entries of a log stream whose `at` is before `olderThan` are dropped (their positions are not given again); returns how many */
  pruneLog(p: Partition, stream: string, olderThan: number): Promise<number>;
  close(): Promise<void>;
}
