/**
 * The results store's SQLite schema: its migrations, the checks that a file is a masec store this code can
 * read, and the `STORE_ERROR` that names the file.
 */
import type Database from 'better-sqlite3';
import { MasecError } from '@masec/spec';

type Db = Database.Database;

/** `PRAGMA application_id` of a masec results store: 'msec' in ASCII. */
export const MASEC_APPLICATION_ID = 0x6d736563;

/** Schema migrations; entry `i` takes the database from `user_version` i to i + 1. Append only. */
const MIGRATIONS: readonly string[] = [
  // 1: initial schema.
  `
  CREATE TABLE experiments (
    id TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL,
    json TEXT NOT NULL
  );
  CREATE INDEX experiments_by_creation ON experiments (created_at);
  CREATE TABLE runs (
    id TEXT PRIMARY KEY NOT NULL,
    experiment_id TEXT NOT NULL,
    arm TEXT NOT NULL,
    seed INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('done', 'error')),
    digest TEXT,
    json TEXT NOT NULL,
    UNIQUE (experiment_id, arm, seed)
  );
  CREATE INDEX runs_by_experiment ON runs (experiment_id);
  CREATE TABLE round_metrics (
    run_id TEXT NOT NULL,
    metric TEXT NOT NULL,
    values_json TEXT NOT NULL,
    PRIMARY KEY (run_id, metric)
  ) WITHOUT ROWID;
  CREATE TABLE event_logs (
    run_id TEXT PRIMARY KEY NOT NULL,
    format TEXT NOT NULL,
    count INTEGER NOT NULL,
    data BLOB NOT NULL
  );
  `,
  // 2: claims on runs, so that two processes running one experiment share its runs (claims.ts).
  `
  CREATE TABLE run_claims (
    run_id TEXT PRIMARY KEY NOT NULL,
    owner TEXT NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    heartbeat_at INTEGER NOT NULL
  );
  CREATE INDEX run_claims_by_owner ON run_claims (owner);
  `,
  // 3: the response cache (content-addressed model answers) and each run's transcript of model calls.
  `
  CREATE TABLE model_responses (
    key TEXT PRIMARY KEY NOT NULL,
    created_at TEXT NOT NULL,
    json TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE model_transcripts (
    run_id TEXT PRIMARY KEY NOT NULL,
    format TEXT NOT NULL,
    count INTEGER NOT NULL,
    data BLOB NOT NULL
  );
  `,
];

/** The first schema version with the response cache and transcripts. */
export const MODEL_TABLES_VERSION = 3;

/** Schema version this code writes; a file with a higher `user_version` is refused. */
export const SCHEMA_VERSION = MIGRATIONS.length;

export function storeError(file: string, what: string, cause?: unknown): MasecError {
  const detail = cause === undefined ? '' : `: ${cause instanceof Error ? cause.message : String(cause)}`;
  return new MasecError('STORE_ERROR', `results store '${file}': ${what}${detail}`, cause === undefined ? {} : { cause });
}

/**
 * The schema version of a database that is a masec store this code can read: 0 for an empty database (no
 * tables yet). Throws `STORE_ERROR` for a file that is not a SQLite database, another application's
 * database, or one written by a newer masec. Reads only.
 */
export function storeVersion(db: Db, file: string): number {
  let version: number;
  let applicationId: number;
  try {
    // The first read of the header: fails with SQLITE_NOTADB on a file that is not a SQLite database.
    version = db.pragma('user_version', { simple: true }) as number;
    applicationId = db.pragma('application_id', { simple: true }) as number;
  } catch (cause) {
    throw storeError(file, 'is not a SQLite database', cause);
  }
  if (applicationId !== 0 && applicationId !== MASEC_APPLICATION_ID) {
    throw storeError(file, `is a SQLite database of another application (application_id ${applicationId})`);
  }
  if (version > SCHEMA_VERSION) {
    throw storeError(file, `has schema version ${version}, newer than the ${SCHEMA_VERSION} this masec reads; upgrade masec`);
  }
  if (version === 0 && countSchemaObjects(db) > 0) throw notOurs(file);
  return version;
}

/** Check the file is a masec store this code can read, set connection pragmas and migrate the schema. */
export function initialise(db: Db, file: string, memory: boolean): void {
  // Checked before any pragma that writes (journal_mode), so another program's database is left untouched.
  storeVersion(db, file);
  db.pragma('busy_timeout = 5000');
  if (!memory) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  migrate(db, file);
}

function migrate(db: Db, file: string): void {
  const step = db.transaction(() => {
    // Re-read inside the write lock: another process may have migrated since we looked.
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current >= SCHEMA_VERSION) return;
    if (current === 0) {
      if (countSchemaObjects(db) > 0) throw notOurs(file);
      db.pragma(`application_id = ${MASEC_APPLICATION_ID}`);
    }
    for (let version = current; version < SCHEMA_VERSION; version += 1) {
      const sql = MIGRATIONS[version];
      if (sql === undefined) throw storeError(file, `no migration from schema version ${version}`);
      db.exec(sql);
      db.pragma(`user_version = ${version + 1}`);
    }
  });
  step.immediate();
}

function countSchemaObjects(db: Db): number {
  return db.prepare<[], number>('SELECT count(*) FROM sqlite_schema').pluck().get() ?? 0;
}

function notOurs(file: string): MasecError {
  return storeError(file, 'is a SQLite database but not a masec results store (it has tables and no schema version)');
}
