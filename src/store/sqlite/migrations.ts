// Versioned schema. `PRAGMA user_version` holds how many migrations ran; each new one is
// appended here and never edited once released.
import type Database from 'better-sqlite3';

const MIGRATIONS: string[] = [
  // 1: generic resources, idempotency records, emulator metadata (clock)
  `CREATE TABLE resources (
     seq     INTEGER PRIMARY KEY AUTOINCREMENT,
     account TEXT NOT NULL,
     region  TEXT NOT NULL,
     kind    TEXT NOT NULL,
     scope   TEXT NOT NULL,
     id      TEXT NOT NULL,
     name    TEXT,
     arn     TEXT,
     data    TEXT NOT NULL,
     UNIQUE (account, region, kind, scope, id)
   );
   CREATE UNIQUE INDEX resources_by_arn ON resources (arn) WHERE arn IS NOT NULL;
   CREATE INDEX resources_by_name ON resources (account, region, kind, scope, name) WHERE name IS NOT NULL;
   CREATE INDEX resources_by_scope ON resources (account, region, scope, kind, seq);
   CREATE TABLE idempotency (
     account     TEXT NOT NULL,
     region      TEXT NOT NULL,
     operation   TEXT NOT NULL,
     token       TEXT NOT NULL,
     fingerprint TEXT NOT NULL,
     response    TEXT NOT NULL,
     created_at  INTEGER NOT NULL,
     PRIMARY KEY (account, region, operation, token)
   ) WITHOUT ROWID;
   CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);`,
  // 2: durable deadlines (one per kind and key, fired in due order, ties in arming order),
  //    append-only logs (chat transcripts), read in pages by position, and blobs (attachments)
  `CREATE TABLE deadlines (
     seq     INTEGER PRIMARY KEY AUTOINCREMENT,
     kind    TEXT NOT NULL,
     key     TEXT NOT NULL,
     due     INTEGER NOT NULL,
     payload TEXT NOT NULL,
     UNIQUE (kind, key)
   );
   CREATE INDEX deadlines_by_due ON deadlines (due, seq);
   -- clustered by stream and position: a page of a transcript is one contiguous read; a
   -- stream's positions run 1, 2, 3, ... and its times never decrease, so a time is found by
   -- bisecting positions
   CREATE TABLE logs (
     account TEXT NOT NULL,
     region  TEXT NOT NULL,
     stream  TEXT NOT NULL,
     seq     INTEGER NOT NULL,
     scope   TEXT NOT NULL,
     id      TEXT NOT NULL,
     at      INTEGER NOT NULL,
     data    TEXT NOT NULL,
     PRIMARY KEY (account, region, stream, seq)
   ) WITHOUT ROWID;
   CREATE UNIQUE INDEX logs_by_id ON logs (account, region, stream, id);
   CREATE INDEX logs_by_scope ON logs (account, region, scope);
   CREATE TABLE blobs (
     account TEXT NOT NULL,
     region  TEXT NOT NULL,
     scope   TEXT NOT NULL,
     key     TEXT NOT NULL,
     bytes   BLOB NOT NULL,
     PRIMARY KEY (account, region, key)
   );
   CREATE INDEX blobs_by_scope ON blobs (account, region, scope);
   -- ordered sets (a queue's contacts, the agents ready for a channel): members in key order
   CREATE TABLE ranks (
     account TEXT NOT NULL,
     region  TEXT NOT NULL,
     name    TEXT NOT NULL,
     key     TEXT NOT NULL,
     member  TEXT NOT NULL,
     scope   TEXT NOT NULL,
     PRIMARY KEY (account, region, name, key, member)
   ) WITHOUT ROWID;
   CREATE UNIQUE INDEX ranks_by_member ON ranks (account, region, name, member);
   CREATE INDEX ranks_by_scope ON ranks (account, region, scope);`,
  // 3: log entries found by time, so that old ones (contact events past their retention) go
  //    without a scan; the last position each stream gave, kept when its newest entries go
  //    (pruned, their instance deleted, a reset), so that no position is ever given twice
  `CREATE INDEX logs_by_time ON logs (account, region, stream, at);
   CREATE TABLE log_heads (
     account TEXT NOT NULL,
     region  TEXT NOT NULL,
     stream  TEXT NOT NULL,
     last    INTEGER NOT NULL,
     PRIMARY KEY (account, region, stream)
   ) WITHOUT ROWID;`,
];

export function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `the state file has schema version ${current}, newer than this connect-local (${MIGRATIONS.length}); upgrade connect-local or use another --data-dir`,
    );
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
