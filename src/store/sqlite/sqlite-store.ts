// The embedded store: one SQLite file in WAL mode through better-sqlite3's prepared
// statements, on one connection. Transactions run one at a time (an async handler can never
// interleave its writes with another request's) and those queued together share a commit.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type {
  Deadline,
  IdempotencyRecord,
  ListQuery,
  LogEntry,
  LogQuery,
  Partition,
  ResourceRecord,
  Store,
  StoreTx,
  StoredLogEntry,
  StoredRecord,
} from '../store.js';
import { migrate } from './migrations.js';
import { prepareStatements, type LogRow, type Row, type Statements } from './statements.js';

const toRecord = <T>(r: Row | undefined): StoredRecord<T> | undefined =>
  r && {
    seq: r.seq,
    account: r.account,
    region: r.region,
    kind: r.kind,
    scope: r.scope,
    id: r.id,
    name: r.name ?? undefined,
    arn: r.arn ?? undefined,
    data: JSON.parse(r.data) as T,
  };

const toLogEntry = <T>(r: LogRow): StoredLogEntry<T> => ({ seq: r.seq, id: r.id, at: r.at, data: JSON.parse(r.data) as T });

const CHECKPOINT_EVERY_MS = 2000;

interface Job<T> {
  fn: (tx: StoreTx) => Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}

/** Field names of `where` become part of the SQL, so they are held to identifiers (dotted for nested fields). */
const FIELD = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$/;

export interface SqliteOptions {
  /** a file path, or undefined for a private in-memory database */
  file?: string;
}

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly stmt: Statements;
  private readonly listStatements = new Map<string, Database.Statement>();
  /** transactions waiting for the next batch */
  private pending: Job<unknown>[] = [];
  private drainScheduled = false;
  /** the running job has written, inside its savepoint */
  private savepointOpen = false;
  private readonly tx: StoreTx;
  private readonly checkpointTimer?: NodeJS.Timeout;
  /** written to since the last checkpoint */
  private dirty = false;

  constructor(opts: SqliteOptions) {
    if (opts.file) mkdirSync(dirname(opts.file), { recursive: true });
    this.db = new Database(opts.file ?? ':memory:');
    // The lock is held for good once taken: waiting long for it is pointless.
    this.db.pragma('busy_timeout = 1000');
    try {
      // One server owns its state file: the exclusive lock keeps a second one out (it fails
      // to start instead of sharing the file) and spares every read the shared-memory locking.
      this.db.pragma('locking_mode = EXCLUSIVE');
      this.db.pragma('journal_mode = WAL');
      migrate(this.db);
    } catch (e) {
      this.db.close();
      if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
      throw new Error(`${opts.file} is in use by another connect-local (or another program); give this one its own --data-dir`);
    }
    // NORMAL in WAL mode: a commit is in the OS before we answer, so a killed process loses
    // nothing; only a power cut could lose the last commits (FULL would fsync each one).
    this.db.pragma('synchronous = NORMAL');
    // Checkpoints copy the WAL into the database file and fsync it: done on a timer between
    // requests rather than inside whichever commit happens to cross the threshold.
    this.db.pragma('wal_autocheckpoint = 0');
    // a WAL that grew during a burst is cut back to this size once checkpointed
    this.db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
    if (opts.file) {
      this.checkpointTimer = setInterval(() => this.checkpoint(), CHECKPOINT_EVERY_MS);
      this.checkpointTimer.unref();
    }
    this.stmt = prepareStatements(this.db);
    this.tx = this.makeTx();
  }

  private makeTx(): StoreTx {
    const s = this.stmt;
    return {
      get: async <T>(p: Partition, kind: string, scope: string, id: string) =>
        toRecord<T>(s.get.get(p.account, p.region, kind, scope, id)),
      getByArn: async <T>(p: Partition, arn: string) => toRecord<T>(s.getByArn.get(arn, p.account, p.region)),
      getByName: async <T>(p: Partition, kind: string, scope: string, name: string) =>
        toRecord<T>(s.getByName.get(p.account, p.region, kind, scope, name)),
      put: async <T>(p: Partition, r: ResourceRecord<T>) => {
        this.write();
        const row = {
          account: p.account,
          region: p.region,
          kind: r.kind,
          scope: r.scope,
          id: r.id,
          name: r.name ?? null,
          arn: r.arn ?? null,
          data: JSON.stringify(r.data),
        };
        if (s.updateData.run(row).changes === 0) s.upsert.run(row);
      },
      delete: async (p: Partition, kind: string, scope: string, id: string) => {
        this.write();
        return s.delete.run(p.account, p.region, kind, scope, id).changes > 0;
      },
      deleteScope: async (p: Partition, scope: string) => {
        this.write();
        s.keepHeadsOfScope.run({ account: p.account, region: p.region, scope });
        s.deleteLogScope.run(p.account, p.region, scope);
        s.deleteBlobScope.run(p.account, p.region, scope);
        s.deleteRankScope.run(p.account, p.region, scope);
        return s.deleteScope.run(p.account, p.region, scope).changes;
      },
      putDeadline: async (d: Deadline) => {
        this.write();
        s.putDeadline.run(d);
      },
      deleteDeadline: async (kind: string, key: string) => {
        this.write();
        return s.deleteDeadline.run(kind, key).changes > 0;
      },
      nextDeadline: async () => s.nextDeadline.get(),
      countDeadlines: async () => s.countDeadlines.get()!.n,
      appendLog: async <T>(p: Partition, e: LogEntry<T>) => {
        this.write();
        const row = { account: p.account, region: p.region, stream: e.stream, scope: e.scope, id: e.id, at: e.at, data: JSON.stringify(e.data) };
        return (s.appendLog.get(row) as { seq: number }).seq;
      },
      updateLog: async <T>(p: Partition, stream: string, id: string, data: T) => {
        this.write();
        return s.updateLog.run(JSON.stringify(data), p.account, p.region, stream, id).changes > 0;
      },
      getLog: async <T>(p: Partition, stream: string, id: string) => {
        const r = s.getLog.get(p.account, p.region, stream, id);
        return r && toLogEntry<T>(r);
      },
      seekLog: async (p: Partition, stream: string, at: number, direction: 'forward' | 'backward') => {
        const timeAt = (seq: number): number => s.logTimeAt.get(p.account, p.region, stream, seq)!.at;
        // the first position whose time is past `at` (forward: at or past it), by bisection
        const last = s.lastLogSeq.get(p.account, p.region, stream)?.seq ?? 0;
        let lo = 1;
        let hi = last + 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          const t = timeAt(mid);
          if (direction === 'forward' ? t < at : t <= at) lo = mid + 1;
          else hi = mid;
        }
        const seq = direction === 'forward' ? lo : lo - 1;
        return seq >= 1 && seq <= last ? seq : undefined;
      },
      readLog: async <T>(p: Partition, q: LogQuery) => {
        const rows =
          q.direction === 'forward'
            ? s.readLogForward.all(p.account, p.region, q.stream, q.after ?? 0, q.limit)
            : s.readLogBackward.all(p.account, p.region, q.stream, q.before ?? Number.MAX_SAFE_INTEGER, q.limit);
        return rows.map((r) => toLogEntry<T>(r));
      },
      list: async <T>(p: Partition, q: ListQuery) => this.list<T>(p, q),
      getIdempotency: async (p: Partition, operation: string, token: string) => {
        const r = s.getIdem.get(p.account, p.region, operation, token);
        return r && { fingerprint: r.fingerprint, response: r.response, createdAt: r.created_at };
      },
      putIdempotency: async (p: Partition, operation: string, token: string, r: IdempotencyRecord) => {
        this.write();
        s.putIdem.run(p.account, p.region, operation, token, r.fingerprint, r.response, r.createdAt);
      },
      putRank: async (p: Partition, scope: string, set: string, member: string, key: string) => {
        this.write();
        s.deleteRank.run(p.account, p.region, set, member);
        s.insertRank.run(p.account, p.region, set, key, member, scope);
      },
      deleteRank: async (p: Partition, set: string, member: string) => {
        this.write();
        return s.deleteRank.run(p.account, p.region, set, member).changes > 0;
      },
      rankRange: async (p: Partition, set: string, limit: number, after?: { key: string; member: string }) =>
        after ? s.rankAfter.all(p.account, p.region, set, after.key, after.member, limit) : s.rankFirst.all(p.account, p.region, set, limit),
      putBlob: async (p: Partition, scope: string, key: string, bytes: Buffer) => {
        this.write();
        s.putBlob.run(p.account, p.region, scope, key, bytes);
      },
      getBlob: async (p: Partition, key: string) => s.getBlob.get(p.account, p.region, key)?.bytes,
      getMeta: async (key: string) => s.getMeta.get(key)?.value,
      setMeta: async (key: string, value: string) => {
        this.write();
        s.setMeta.run(key, value);
      },
      clearAll: async () => {
        this.write();
        // the log positions stay given: a reader that saw them is not handed them again
        s.keepAllHeads.run();
        this.db.exec('DELETE FROM resources; DELETE FROM idempotency; DELETE FROM meta; DELETE FROM deadlines; DELETE FROM logs; DELETE FROM blobs; DELETE FROM ranks;');
      },
    };
  }

  private list<T>(p: Partition, q: ListQuery): StoredRecord<T>[] {
    const fields = Object.keys(q.where ?? {}).sort();
    const shape = fields.map((f) => {
      if (!FIELD.test(f)) throw new Error(`store: bad field name ${f}`);
      const v = q.where![f];
      return `${f}:${Array.isArray(v) ? v.length : 1}`;
    });
    if (q.range) {
      if (!FIELD.test(q.range.field)) throw new Error(`store: bad field name ${q.range.field}`);
      shape.push(`range:${q.range.field}`);
    }
    const key = shape.join(',');
    let stmt = this.listStatements.get(key);
    if (!stmt) {
      const conds = fields.map((f) => {
        const v = q.where![f];
        const n = Array.isArray(v) ? v.length : 1;
        return `json_extract(data, '$.${f}') IN (${Array(n).fill('?').join(', ')})`;
      });
      if (q.range) conds.push(`json_extract(data, '$.${q.range.field}') BETWEEN ? AND ?`);
      stmt = this.db.prepare(
        `SELECT * FROM resources WHERE account = ? AND region = ? AND kind = ? AND scope = ? AND seq > ?
         ${conds.map((c) => `AND ${c}`).join(' ')} ORDER BY seq LIMIT ?`,
      );
      this.listStatements.set(key, stmt);
    }
    const values: (string | number)[] = fields.flatMap((f) => q.where![f]);
    if (q.range) values.push(q.range.min, q.range.max);
    const rows = stmt.all(p.account, p.region, q.kind, q.scope, q.after ?? 0, ...values, q.limit) as Row[];
    return rows.map((r) => toRecord<T>(r)!);
  }

  /**
   * Called before the first write of a transaction: opens the batch's transaction and this
   * job's savepoint. Reads need neither: jobs run one at a time on this connection, so nobody
   * writes between a job's reads.
   */
  private write(): void {
    if (!this.db.inTransaction) this.stmt.begin.run();
    if (!this.savepointOpen) {
      this.stmt.savepoint.run();
      this.savepointOpen = true;
    }
    this.dirty = true;
  }

  /**
   * Group commit: transactions that arrive in the same turn of the event loop run one after
   * another, each inside its own savepoint (so each is still all-or-nothing), and share one
   * COMMIT. Each promise settles only after that COMMIT, so an answer is never sent for a
   * write that is not yet in the WAL.
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve, reject } as Job<unknown>);
      if (!this.drainScheduled) {
        this.drainScheduled = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    const outcomes: (() => void)[] = [];
    for (const job of batch) {
      try {
        const result = await job.fn(this.tx);
        if (this.savepointOpen) this.stmt.release.run();
        outcomes.push(() => job.resolve(result));
      } catch (e) {
        if (this.savepointOpen) {
          this.stmt.rollbackTo.run();
          this.stmt.release.run();
        }
        outcomes.push(() => job.reject(e));
      }
      this.savepointOpen = false;
    }
    try {
      if (this.db.inTransaction) this.stmt.commit.run();
    } catch (e) {
      if (this.db.inTransaction) this.stmt.rollback.run();
      batch.forEach((job) => job.reject(e));
      outcomes.length = 0;
    }
    outcomes.forEach((settle) => settle());
    // what arrived while this batch ran is the next batch
    if (this.pending.length) setImmediate(() => void this.drain());
    else this.drainScheduled = false;
  }

  private checkpoint(): void {
    if (!this.dirty || this.db.inTransaction || !this.db.open) return;
    this.dirty = false;
    this.db.pragma('wal_checkpoint(PASSIVE)');
  }

  async pruneIdempotency(olderThan: number): Promise<void> {
    await this.transaction(async () => {
      this.write();
      this.stmt.pruneIdem.run(olderThan);
    });
  }

  async pruneLog(p: Partition, stream: string, olderThan: number): Promise<number> {
    return this.transaction(async () => {
      this.write();
      this.stmt.keepHeadOfStream.run({ account: p.account, region: p.region, stream });
      return this.stmt.pruneLog.run(p.account, p.region, stream, olderThan).changes;
    });
  }

  async close(): Promise<void> {
    // an empty transaction queues behind everything pending, so they all finish first
    await this.transaction(async () => undefined);
    if (this.checkpointTimer) clearInterval(this.checkpointTimer);
    if (this.db.open) this.db.close();
  }
}
