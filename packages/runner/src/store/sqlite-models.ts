/**
 * The results store's model tables (schema version 3): the response cache, one row per answer under its
 * content-addressed key, and each run's transcript, one gzipped NDJSON blob per run written with the run.
 * A store opened read-only at an older version has neither table: it holds no answers and no transcripts.
 */
import type Database from 'better-sqlite3';
import type { ModelResponse } from '@masec/spec';
import type { TranscriptEntry } from '@masec/models';
import { MODEL_TABLES_VERSION } from './sqlite-schema.js';
import { TRANSCRIPT_FORMAT, decodeTranscript, encodeTranscript } from './transcript-codec.js';

type Db = Database.Database;

interface Statements {
  getResponse: Database.Statement<[string], string>;
  putResponse: Database.Statement<[string, string, string]>;
  getTranscript: Database.Statement<[string], { format: string; count: number; data: Buffer }>;
  putTranscript: Database.Statement<[string, string, number, Buffer]>;
  deleteTranscript: Database.Statement<[string]>;
}

export class SqliteModelTables {
  readonly #sql: Statements | undefined;

  constructor(db: Db) {
    const version = db.pragma('user_version', { simple: true }) as number;
    this.#sql =
      version < MODEL_TABLES_VERSION
        ? undefined
        : {
            getResponse: db.prepare<[string], string>('SELECT json FROM model_responses WHERE key = ?').pluck(),
            putResponse: db.prepare('INSERT OR IGNORE INTO model_responses (key, created_at, json) VALUES (?, ?, ?)'),
            getTranscript: db.prepare<[string], { format: string; count: number; data: Buffer }>('SELECT format, count, data FROM model_transcripts WHERE run_id = ?'),
            putTranscript: db.prepare('INSERT INTO model_transcripts (run_id, format, count, data) VALUES (?, ?, ?, ?)'),
            deleteTranscript: db.prepare('DELETE FROM model_transcripts WHERE run_id = ?'),
          };
  }

  getResponse(key: string): ModelResponse | undefined {
    const json = this.#sql?.getResponse.get(key);
    return json === undefined ? undefined : (JSON.parse(json) as ModelResponse);
  }

  putResponse(key: string, response: ModelResponse): void {
    this.#sql?.putResponse.run(key, new Date().toISOString(), JSON.stringify({ ...response, cached: false }));
  }

  transcript(runId: string): TranscriptEntry[] {
    const row = this.#sql?.getTranscript.get(runId);
    if (row === undefined) return [];
    if (row.format !== TRANSCRIPT_FORMAT) throw new Error(`transcript of run '${runId}' has unknown format '${row.format}'`);
    return decodeTranscript(row.data);
  }

  /** Inside the run's write transaction: drop the transcript of a run being replaced. */
  deleteTranscript(runId: string): void {
    this.#sql?.deleteTranscript.run(runId);
  }

  /** Inside the run's write transaction. */
  writeTranscript(runId: string, entries: readonly TranscriptEntry[]): void {
    if (entries.length === 0 || this.#sql === undefined) return;
    const gz = encodeTranscript(entries);
    this.#sql.putTranscript.run(runId, TRANSCRIPT_FORMAT, entries.length, Buffer.from(gz.buffer, gz.byteOffset, gz.byteLength));
  }
}
