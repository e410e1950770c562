// The prepared statements of the SQLite store, made once when it opens.
import type Database from 'better-sqlite3';
import type { StoredDeadline } from '../store.js';

export interface Row {
  seq: number;
  account: string;
  region: string;
  kind: string;
  scope: string;
  id: string;
  name: string | null;
  arn: string | null;
  data: string;
}

export interface LogRow {
  seq: number;
  id: string;
  at: number;
  data: string;
}

export function prepareStatements(db: Database.Database) {
  return {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    savepoint: db.prepare('SAVEPOINT job'),
    release: db.prepare('RELEASE job'),
    rollbackTo: db.prepare('ROLLBACK TO job'),
    get: db.prepare<[string, string, string, string, string], Row>(
      'SELECT * FROM resources WHERE account = ? AND region = ? AND kind = ? AND scope = ? AND id = ?',
    ),
    getByArn: db.prepare<[string, string, string], Row>('SELECT * FROM resources WHERE arn = ? AND account = ? AND region = ?'),
    getByName: db.prepare<[string, string, string, string, string], Row>(
      'SELECT * FROM resources WHERE account = ? AND region = ? AND kind = ? AND scope = ? AND name = ? ORDER BY seq LIMIT 1',
    ),
    // the common case: the same name and ARN, new data; leaves the indexes alone
    updateData: db.prepare(
      `UPDATE resources SET data = @data
       WHERE account = @account AND region = @region AND kind = @kind AND scope = @scope AND id = @id
         AND name IS @name AND arn IS @arn`,
    ),
    upsert: db.prepare(
      `INSERT INTO resources (account, region, kind, scope, id, name, arn, data)
       VALUES (@account, @region, @kind, @scope, @id, @name, @arn, @data)
       ON CONFLICT (account, region, kind, scope, id)
       DO UPDATE SET name = excluded.name, arn = excluded.arn, data = excluded.data`,
    ),
    delete: db.prepare('DELETE FROM resources WHERE account = ? AND region = ? AND kind = ? AND scope = ? AND id = ?'),
    deleteScope: db.prepare('DELETE FROM resources WHERE account = ? AND region = ? AND scope = ?'),
    deleteLogScope: db.prepare('DELETE FROM logs WHERE account = ? AND region = ? AND scope = ?'),
    deleteBlobScope: db.prepare('DELETE FROM blobs WHERE account = ? AND region = ? AND scope = ?'),
    deleteRankScope: db.prepare('DELETE FROM ranks WHERE account = ? AND region = ? AND scope = ?'),
    deleteRank: db.prepare('DELETE FROM ranks WHERE account = ? AND region = ? AND name = ? AND member = ?'),
    insertRank: db.prepare('INSERT INTO ranks (account, region, name, key, member, scope) VALUES (?, ?, ?, ?, ?, ?)'),
    rankFirst: db.prepare<[string, string, string, number], { key: string; member: string }>(
      'SELECT key, member FROM ranks WHERE account = ? AND region = ? AND name = ? ORDER BY key, member LIMIT ?',
    ),
    rankAfter: db.prepare<[string, string, string, string, string, number], { key: string; member: string }>(
      'SELECT key, member FROM ranks WHERE account = ? AND region = ? AND name = ? AND (key, member) > (?, ?) ORDER BY key, member LIMIT ?',
    ),
    putBlob: db.prepare('INSERT OR REPLACE INTO blobs (account, region, scope, key, bytes) VALUES (?, ?, ?, ?, ?)'),
    getBlob: db.prepare<[string, string, string], { bytes: Buffer }>('SELECT bytes FROM blobs WHERE account = ? AND region = ? AND key = ?'),
    putDeadline: db.prepare(
      // a re-armed deadline takes a new seq: it was armed last
      `INSERT OR REPLACE INTO deadlines (kind, key, due, payload) VALUES (@kind, @key, @due, @payload)`,
    ),
    deleteDeadline: db.prepare('DELETE FROM deadlines WHERE kind = ? AND key = ?'),
    nextDeadline: db.prepare<[], StoredDeadline>('SELECT seq, kind, key, due, payload FROM deadlines ORDER BY due, seq LIMIT 1'),
    countDeadlines: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM deadlines'),
    // a stream's next position is one past its last: the primary key finds that at once
    // (or past the last it ever gave, when its newest entries went)
    appendLog: db.prepare(
      `INSERT INTO logs (account, region, stream, seq, scope, id, at, data)
       SELECT @account, @region, @stream,
              max(coalesce(max(seq), 0),
                  coalesce((SELECT last FROM log_heads WHERE account = @account AND region = @region AND stream = @stream), 0)) + 1,
              @scope, @id, @at, @data FROM logs
       WHERE account = @account AND region = @region AND stream = @stream
       RETURNING seq`,
    ),
    // before entries go: each stream they are in keeps its last position
    keepHeadsOfScope: db.prepare(
      `INSERT INTO log_heads (account, region, stream, last)
       SELECT account, region, stream, max(seq) FROM logs
       WHERE account = @account AND region = @region
         AND stream IN (SELECT DISTINCT stream FROM logs WHERE account = @account AND region = @region AND scope = @scope)
       GROUP BY account, region, stream
       ON CONFLICT (account, region, stream) DO UPDATE SET last = max(last, excluded.last)`,
    ),
    keepHeadOfStream: db.prepare(
      `INSERT INTO log_heads (account, region, stream, last)
       SELECT account, region, stream, max(seq) FROM logs
       WHERE account = @account AND region = @region AND stream = @stream
       GROUP BY account, region, stream
       ON CONFLICT (account, region, stream) DO UPDATE SET last = max(last, excluded.last)`,
    ),
    keepAllHeads: db.prepare(
      `INSERT INTO log_heads (account, region, stream, last)
       SELECT account, region, stream, max(seq) FROM logs WHERE true
       GROUP BY account, region, stream
       ON CONFLICT (account, region, stream) DO UPDATE SET last = max(last, excluded.last)`,
    ),
    lastLogSeq: db.prepare<[string, string, string], { seq: number | null }>('SELECT max(seq) AS seq FROM logs WHERE account = ? AND region = ? AND stream = ?'),
    logTimeAt: db.prepare<[string, string, string, number], { at: number }>('SELECT at FROM logs WHERE account = ? AND region = ? AND stream = ? AND seq = ?'),
    updateLog: db.prepare('UPDATE logs SET data = ? WHERE account = ? AND region = ? AND stream = ? AND id = ?'),
    getLog: db.prepare<[string, string, string, string], LogRow>(
      'SELECT seq, id, at, data FROM logs WHERE account = ? AND region = ? AND stream = ? AND id = ?',
    ),
    readLogForward: db.prepare<[string, string, string, number, number], LogRow>(
      'SELECT seq, id, at, data FROM logs WHERE account = ? AND region = ? AND stream = ? AND seq > ? ORDER BY seq LIMIT ?',
    ),
    readLogBackward: db.prepare<[string, string, string, number, number], LogRow>(
      'SELECT seq, id, at, data FROM logs WHERE account = ? AND region = ? AND stream = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
    ),
    getIdem: db.prepare<[string, string, string, string], { fingerprint: string; response: string; created_at: number }>(
      'SELECT fingerprint, response, created_at FROM idempotency WHERE account = ? AND region = ? AND operation = ? AND token = ?',
    ),
    putIdem: db.prepare(
      `INSERT OR REPLACE INTO idempotency (account, region, operation, token, fingerprint, response, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    pruneIdem: db.prepare('DELETE FROM idempotency WHERE created_at < ?'),
    pruneLog: db.prepare('DELETE FROM logs WHERE account = ? AND region = ? AND stream = ? AND at < ?'),
    getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
