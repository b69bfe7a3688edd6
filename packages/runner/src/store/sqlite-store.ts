/**
 * The results store in one SQLite file (better-sqlite3, WAL). A run, its round series and its event log are
 * written in one transaction, so a writer killed mid-sweep leaves each run either wholly stored or absent.
 * better-sqlite3 is synchronous; the methods still return Promises to honour the `ResultsStore` contract,
 * and every failure surfaces as a rejected Promise of `MasecError('STORE_ERROR')` naming the file.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { isMasecError } from '@masec/spec';
import type { MasecEvent, ModelResponse } from '@masec/spec';
import type { TranscriptEntry } from '@masec/models';
import { EVENT_LOG_FORMAT, decodeEventLog } from './event-codec.js';
import { openReadOnlyDatabase } from './sqlite-readonly.js';
import { initialise, storeError } from './sqlite-schema.js';
import { compareRunsByArmThenSeed } from './order.js';
import { claimIsStale } from './claims.js';
import { SqliteModelTables } from './sqlite-models.js';
import type { ClaimOwner, ClaimResult, ExperimentRecord, ResultsStore, RoundSeries, RunRecord, StoredRun } from './types.js';

type Db = Database.Database;

interface Statements {
  insertExperiment: Database.Statement<[string, string, string]>;
  getExperiment: Database.Statement<[string], string>;
  latestExperiment: Database.Statement<[], string>;
  listExperiments: Database.Statement<[], string>;
  experimentArms: Database.Statement<[string], string | null>;
  conflictingRuns: Database.Statement<[string, string, string, number], string>;
  deleteSeries: Database.Statement<[string]>;
  deleteEventLog: Database.Statement<[string]>;
  deleteRun: Database.Statement<[string]>;
  insertRun: Database.Statement<[string, string, string, number, string, string | null, string]>;
  insertSeries: Database.Statement<[string, string, string]>;
  insertEventLog: Database.Statement<[string, string, number, Buffer]>;
  getRun: Database.Statement<[string], string>;
  getClaim: Database.Statement<[string], { owner: string; host: string; pid: number; heartbeat_at: number }>;
  runFinishedAt: Database.Statement<[string], string>;
  putClaim: Database.Statement<[string, string, string, number, number]>;
  deleteClaim: Database.Statement<[string]>;
  releaseClaims: Database.Statement<[string]>;
  heartbeat: Database.Statement<[number, string]>;
  listRuns: Database.Statement<[string], string>;
  roundSeries: Database.Statement<[string], { metric: string; values_json: string }>;
  eventLog: Database.Statement<[string], { format: string; count: number; data: Buffer }>;
}

interface PreparedRun {
  transcript: readonly TranscriptEntry[];
  run: RunRecord;
  json: string;
  series: [string, string][];
  count: number;
  gz: Buffer;
}

export class SqliteResultsStore implements ResultsStore {
  private closed = false;
  private readonly sql: Statements;
  private readonly models: SqliteModelTables;
  private readonly writeRun: (prepared: PreparedRun) => void;
  private readonly takeClaim: (runId: string, owner: ClaimOwner, now: number, known: string | null) => ClaimResult;

  private constructor(
    private readonly db: Db,
    /** The path the store was opened with (`:memory:` for an in-memory database). */
    readonly file: string,
    /** Opened with `openReadOnly`: every write is refused, and nothing is written to the file. */
    readonly readOnly = false,
  ) {
    this.sql = prepareStatements(db);
    this.models = new SqliteModelTables(db);
    this.writeRun = db.transaction((prepared: PreparedRun) => this.writeRunInTransaction(prepared)).immediate;
    this.takeClaim = db.transaction((runId: string, owner: ClaimOwner, now: number, known: string | null): ClaimResult => {
      const stored = this.sql.runFinishedAt.get(runId);
      if (stored !== undefined && stored !== known) return { status: 'stored' };
      const held = this.sql.getClaim.get(runId);
      if (held !== undefined && held.owner !== owner.id && !claimIsStale({ ...held, heartbeatAt: held.heartbeat_at }, now)) return { status: 'held', by: held.owner };
      this.sql.putClaim.run(runId, owner.id, owner.host, owner.pid, now);
      return { status: 'claimed' };
    }).immediate;
  }

  /**
   * Open (creating it and its parent directories if needed) the store at `file`, or an in-memory one for
   * `:memory:`. Throws `STORE_ERROR` naming the file when it is not a SQLite database, is another program's
   * database, or was written by a newer masec (higher schema version).
   */
  static open(file: string): SqliteResultsStore {
    const memory = file === ':memory:';
    const path = memory ? file : resolve(file);
    if (!memory) {
      try {
        mkdirSync(dirname(path), { recursive: true });
      } catch (cause) {
        throw storeError(file, 'cannot create its directory', cause);
      }
    }
    let db: Db;
    try {
      db = new Database(path);
    } catch (cause) {
      throw storeError(file, 'cannot open', cause);
    }
    try {
      initialise(db, file, memory);
      return new SqliteResultsStore(db, file);
    } catch (error) {
      db.close();
      throw isMasecError(error) ? error : storeError(file, 'cannot open', error);
    }
  }

  /**
   * Open the store at `file` for reading only, for commands that only read (`masec report`): nothing is
   * written to the file or its directory — no schema, no journal or `-wal`/`-shm` files — so a store that may
   * not be written (another user's, a read-only directory) can be read. An empty file reads as an empty
   * store. Writes reject with `STORE_ERROR`. Throws `STORE_ERROR` naming the file when it cannot be read
   * (saying why, e.g. `permission denied`), is not a regular file or not a masec store, or is newer.
   */
  static openReadOnly(file: string): SqliteResultsStore {
    return new SqliteResultsStore(openReadOnlyDatabase(file), file, true);
  }

  putExperiment(experiment: ExperimentRecord): Promise<void> {
    return this.write('putExperiment', () => {
      this.sql.insertExperiment.run(experiment.id, experiment.createdAt, JSON.stringify(experiment));
    });
  }

  getExperiment(id: string): Promise<ExperimentRecord | undefined> {
    return this.op('getExperiment', () => parseOptional<ExperimentRecord>(this.sql.getExperiment.get(id)));
  }

  latestExperiment(): Promise<ExperimentRecord | undefined> {
    return this.op('latestExperiment', () => parseOptional<ExperimentRecord>(this.sql.latestExperiment.get()));
  }

  listExperiments(): Promise<ExperimentRecord[]> {
    return this.op('listExperiments', () => this.sql.listExperiments.all().map((json) => JSON.parse(json) as ExperimentRecord));
  }

  putRun(stored: StoredRun): Promise<void> {
    return this.write('putRun', () => {
      // Everything that can be computed outside the transaction is, so that the write lock is held briefly.
      const { run, series, eventLog } = stored;
      const prepared: PreparedRun = {
        transcript: stored.transcript ?? [],
        run,
        json: JSON.stringify(run),
        series: Object.entries(series).map(([metric, values]) => [metric, encodeSeries(values)]),
        count: eventLog.count,
        gz: Buffer.from(eventLog.gz.buffer, eventLog.gz.byteOffset, eventLog.gz.byteLength),
      };
      this.writeRun(prepared);
    });
  }

  getRun(id: string): Promise<RunRecord | undefined> {
    return this.op('getRun', () => parseOptional<RunRecord>(this.sql.getRun.get(id)));
  }

  listRuns(experimentId: string): Promise<RunRecord[]> {
    return this.op('listRuns', () => {
      const runs = this.sql.listRuns.all(experimentId).map((json) => JSON.parse(json) as RunRecord);
      const armsJson = this.sql.experimentArms.get(experimentId);
      const arms = armsJson === undefined || armsJson === null ? [] : (JSON.parse(armsJson) as string[]);
      return runs.sort(compareRunsByArmThenSeed(arms));
    });
  }

  roundSeries(runId: string): Promise<RoundSeries> {
    return this.op('roundSeries', () => {
      const series: RoundSeries = {};
      for (const row of this.sql.roundSeries.all(runId)) series[row.metric] = decodeSeries(row.values_json);
      return series;
    });
  }

  eventLog(runId: string): Promise<MasecEvent[]> {
    return this.op('eventLog', () => {
      const row = this.sql.eventLog.get(runId);
      if (row === undefined) return [];
      if (row.format !== EVENT_LOG_FORMAT) {
        throw storeError(this.file, `event log of run '${runId}' has unknown format '${row.format}'`);
      }
      const events = decodeEventLog(row.data);
      if (events.length !== row.count) {
        throw storeError(this.file, `event log of run '${runId}' has ${events.length} events, expected ${row.count}`);
      }
      return events;
    });
  }

  claimRun(runId: string, owner: ClaimOwner, now: number, known: string | null): Promise<ClaimResult> {
    return this.write('claimRun', () => this.takeClaim(runId, owner, now, known));
  }

  releaseClaims(owner: string): Promise<void> {
    return this.write('releaseClaims', () => {
      this.sql.releaseClaims.run(owner);
    });
  }

  heartbeat(owner: string, now: number): Promise<void> {
    return this.write('heartbeat', () => {
      this.sql.heartbeat.run(now, owner);
    });
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      try {
        if (!this.readOnly && this.db.memory === false) leaveWalMode(this.db);
        this.db.close();
      } catch (cause) {
        return Promise.reject(storeError(this.file, 'cannot close', cause));
      }
    }
    return Promise.resolve();
  }

  getResponse(key: string): Promise<ModelResponse | undefined> {
    return this.op('getResponse', () => this.models.getResponse(key));
  }

  putResponse(key: string, response: ModelResponse): Promise<void> {
    return this.write('putResponse', () => this.models.putResponse(key, response));
  }

  transcript(runId: string): Promise<TranscriptEntry[]> {
    return this.op('transcript', () => this.models.transcript(runId));
  }

  private writeRunInTransaction({ run, json, series, count, gz, transcript }: PreparedRun): void {
    // Replace the earlier run with this id, and any run holding the same (experiment, arm, seed) slot.
    for (const id of this.sql.conflictingRuns.all(run.id, run.experimentId, run.arm, run.seed)) {
      this.sql.deleteSeries.run(id);
      this.sql.deleteEventLog.run(id);
      this.models.deleteTranscript(id);
      this.sql.deleteRun.run(id);
    }
    this.sql.insertRun.run(run.id, run.experimentId, run.arm, run.seed, run.status, run.digest, json);
    for (const [metric, values] of series) this.sql.insertSeries.run(run.id, metric, values);
    this.sql.insertEventLog.run(run.id, EVENT_LOG_FORMAT, count, gz);
    this.models.writeTranscript(run.id, transcript);
    // A stored run needs no claim: whoever was running it is done.
    this.sql.deleteClaim.run(run.id);
  }

  /** As `op`, for an operation that writes: refused on a store opened read-only. */
  private write<T>(name: string, body: () => T): Promise<T> {
    if (this.readOnly) return Promise.reject(storeError(this.file, `${name}: the store was opened read-only`));
    return this.op(name, body);
  }

  /** Run a synchronous database operation as a Promise, mapping every failure to `STORE_ERROR`. */
  private op<T>(name: string, body: () => T): Promise<T> {
    if (this.closed) return Promise.reject(storeError(this.file, `${name}: the store is closed`));
    try {
      return Promise.resolve(body());
    } catch (error) {
      return Promise.reject(isMasecError(error) ? error : storeError(this.file, `${name} failed`, error));
    }
  }
}

/**
 * Switch a store back to rollback-journal mode when this is its last connection, so that a closed store is
 * one file that a reader can read without creating `-wal` and `-shm` files (see sqlite-readonly.ts). With
 * other connections open the switch fails at once (SQLITE_BUSY) and the store stays in WAL mode for them;
 * the last one to close switches it.
 */
function leaveWalMode(db: Db): void {
  db.pragma('busy_timeout = 0');
  try {
    db.pragma('journal_mode = DELETE');
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'SQLITE_BUSY') throw error;
  }
}

function prepareStatements(db: Db): Statements {
  return {
    insertExperiment: db.prepare('INSERT OR IGNORE INTO experiments (id, created_at, json) VALUES (?, ?, ?)'),
    getExperiment: db.prepare<[string], string>('SELECT json FROM experiments WHERE id = ?').pluck(),
    latestExperiment: db.prepare<[], string>('SELECT json FROM experiments ORDER BY created_at DESC, rowid DESC LIMIT 1').pluck(),
    listExperiments: db.prepare<[], string>('SELECT json FROM experiments ORDER BY created_at, rowid').pluck(),
    experimentArms: db.prepare<[string], string | null>("SELECT json_extract(json, '$.arms') FROM experiments WHERE id = ?").pluck(),
    conflictingRuns: db
      .prepare<[string, string, string, number], string>('SELECT id FROM runs WHERE id = ? OR (experiment_id = ? AND arm = ? AND seed = ?)')
      .pluck(),
    deleteSeries: db.prepare('DELETE FROM round_metrics WHERE run_id = ?'),
    deleteEventLog: db.prepare('DELETE FROM event_logs WHERE run_id = ?'),
    deleteRun: db.prepare('DELETE FROM runs WHERE id = ?'),
    insertRun: db.prepare('INSERT INTO runs (id, experiment_id, arm, seed, status, digest, json) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    insertSeries: db.prepare('INSERT INTO round_metrics (run_id, metric, values_json) VALUES (?, ?, ?)'),
    insertEventLog: db.prepare('INSERT INTO event_logs (run_id, format, count, data) VALUES (?, ?, ?, ?)'),
    getRun: db.prepare<[string], string>('SELECT json FROM runs WHERE id = ?').pluck(),
    getClaim: db.prepare<[string], { owner: string; host: string; pid: number; heartbeat_at: number }>(
      'SELECT owner, host, pid, heartbeat_at FROM run_claims WHERE run_id = ?',
    ),
    runFinishedAt: db.prepare<[string], string>("SELECT json_extract(json, '$.finishedAt') FROM runs WHERE id = ?").pluck(),
    putClaim: db.prepare('INSERT OR REPLACE INTO run_claims (run_id, owner, host, pid, heartbeat_at) VALUES (?, ?, ?, ?, ?)'),
    deleteClaim: db.prepare('DELETE FROM run_claims WHERE run_id = ?'),
    releaseClaims: db.prepare('DELETE FROM run_claims WHERE owner = ?'),
    heartbeat: db.prepare('UPDATE run_claims SET heartbeat_at = ? WHERE owner = ?'),
    listRuns: db.prepare<[string], string>('SELECT json FROM runs WHERE experiment_id = ?').pluck(),
    roundSeries: db.prepare<[string], { metric: string; values_json: string }>(
      'SELECT metric, values_json FROM round_metrics WHERE run_id = ? ORDER BY metric',
    ),
    eventLog: db.prepare<[string], { format: string; count: number; data: Buffer }>(
      'SELECT format, count, data FROM event_logs WHERE run_id = ?',
    ),
  };
}

function parseOptional<T>(json: string | undefined): T | undefined {
  return json === undefined ? undefined : (JSON.parse(json) as T);
}

/** JSON array of a series; NaN and ±Infinity are kept as the strings "NaN", "Infinity", "-Infinity". */
function encodeSeries(values: readonly number[]): string {
  return JSON.stringify(values.map((value) => (Number.isFinite(value) ? value : String(value))));
}

function decodeSeries(json: string): number[] {
  return (JSON.parse(json) as (number | string)[]).map((value) => (typeof value === 'number' ? value : Number(value)));
}
