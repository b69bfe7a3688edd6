import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureExperiment, fixtureRun, runStoreContract } from '../testing/index.js';
import { SCHEMA_VERSION } from './sqlite-schema.js';
import { SqliteResultsStore } from './sqlite-store.js';

let dir: string;
let counter = 0;
const nextFile = (): string => join(dir, `store-${++counter}.db`);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'masec-store-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

runStoreContract('SqliteResultsStore (:memory:)', async () => SqliteResultsStore.open(':memory:'));
runStoreContract('SqliteResultsStore (file)', async () => SqliteResultsStore.open(nextFile()));

describe('SqliteResultsStore', () => {
  it('keeps data across close and reopen of the same file', async () => {
    const file = nextFile();
    const experiment = fixtureExperiment('exp', '2025-01-01T00:00:00.000Z');
    const stored = fixtureRun('exp', 'spotlight', 2);
    const first = SqliteResultsStore.open(file);
    await first.putExperiment(experiment);
    await first.putRun(stored);
    await first.close();

    const second = SqliteResultsStore.open(file);
    expect(await second.latestExperiment()).toEqual(experiment);
    expect(await second.listRuns('exp')).toStrictEqual([stored.run]);
    expect(await second.roundSeries(stored.run.id)).toStrictEqual(stored.series);
    expect(await second.eventLog(stored.run.id)).toStrictEqual(stored.events);
    await second.close();
  });

  it('creates parent directories and sets up WAL and the schema version', async () => {
    const file = join(dir, 'nested', 'deeper', 'results.db');
    const store = SqliteResultsStore.open(file);
    await store.putExperiment(fixtureExperiment('exp', '2025-01-01T00:00:00.000Z'));
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(['event_logs', 'experiments', 'model_responses', 'model_transcripts', 'round_metrics', 'run_claims', 'runs']);
    db.close();
    await store.close();
  });

  it('sees the writes of another connection to the same file', async () => {
    const file = nextFile();
    const writer = SqliteResultsStore.open(file);
    const reader = SqliteResultsStore.open(file);
    const stored = fixtureRun('exp', 'none', 1);
    await writer.putRun(stored);
    expect(await reader.getRun(stored.run.id)).toStrictEqual(stored.run);
    await writer.close();
    await reader.close();
  });

  for (const death of ['exit', 'SIGKILL'] as const) {
    it(`leaves no partial run when the writer dies mid-transaction (${death})`, async () => {
      const file = nextFile();
      const store = SqliteResultsStore.open(file);
      const committed = fixtureRun('exp', 'none', 1);
      await store.putExperiment(fixtureExperiment('exp', '2025-01-01T00:00:00.000Z'));
      await store.putRun(committed);
      await store.close();

      // A child writes a run, its series and a 32 MB event log (larger than the page cache, so uncommitted
      // pages reach the disk), then dies before COMMIT.
      const script = `
        const Database = require(process.env.MASEC_BSQL);
        const db = new Database(process.env.MASEC_DB);
        db.pragma('journal_mode = WAL'); // as SqliteResultsStore.open does (a closed store is in rollback mode)
        db.exec('BEGIN IMMEDIATE');
        db.prepare('INSERT INTO runs (id, experiment_id, arm, seed, status, digest, json) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run('exp/none/2', 'exp', 'none', 2, 'done', 'f'.repeat(64), '{}');
        db.prepare('INSERT INTO round_metrics (run_id, metric, values_json) VALUES (?, ?, ?)').run('exp/none/2', 'asr', '[1]');
        db.prepare('INSERT INTO event_logs (run_id, format, count, data) VALUES (?, ?, ?, ?)')
          .run('exp/none/2', 'ndjson+gzip', 1, Buffer.alloc(32 * 1024 * 1024, 7));
        process.stdout.write('inserted\\n');
        if (process.env.MASEC_DEATH === 'SIGKILL') process.kill(process.pid, 'SIGKILL');
        process.exit(1);
      `;
      const child = spawnSync(process.execPath, ['-e', script], {
        env: { ...process.env, MASEC_BSQL: createRequire(import.meta.url).resolve('better-sqlite3'), MASEC_DB: file, MASEC_DEATH: death },
        encoding: 'utf8',
      });
      expect(child.stderr).toBe('');
      expect(child.stdout).toBe('inserted\n');
      if (death === 'SIGKILL') {
        expect(child.signal).toBe('SIGKILL');
        expect(statSync(`${file}-wal`).size).toBeGreaterThan(1024 * 1024);
      } else {
        expect(child.status).toBe(1);
      }

      const reopened = SqliteResultsStore.open(file);
      expect(await reopened.getRun('exp/none/2')).toBeUndefined();
      expect(await reopened.roundSeries('exp/none/2')).toEqual({});
      expect(await reopened.eventLog('exp/none/2')).toEqual([]);
      expect(await reopened.listRuns('exp')).toStrictEqual([committed.run]);
      expect(await reopened.eventLog(committed.run.id)).toStrictEqual(committed.events);
      // The slot is free again: the sweep can redo the run.
      const redo = fixtureRun('exp', 'none', 2);
      await reopened.putRun(redo);
      expect((await reopened.listRuns('exp')).map((run) => run.id)).toEqual(['exp/none/1', 'exp/none/2']);
      await reopened.close();
    });
  }

  it('refuses a file that is not a SQLite database, naming it and leaving it untouched', () => {
    const file = join(dir, 'garbage.db');
    const garbage = 'this is not a database\n'.repeat(500);
    writeFileSync(file, garbage);
    expect(() => SqliteResultsStore.open(file)).toThrow(expect.objectContaining({ code: 'STORE_ERROR', message: expect.stringContaining(file) }));
    expect(readFileSync(file, 'utf8')).toBe(garbage);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a database with a newer schema version, naming the file', () => {
    const file = nextFile();
    void SqliteResultsStore.open(file).close();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => SqliteResultsStore.open(file)).toThrow(
      expect.objectContaining({ code: 'STORE_ERROR', message: expect.stringMatching(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*newer`)) }),
    );
  });

  it('refuses a SQLite database of another program', () => {
    const file = nextFile();
    const db = new Database(file);
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    db.close();
    expect(() => SqliteResultsStore.open(file)).toThrow(expect.objectContaining({ code: 'STORE_ERROR', message: expect.stringContaining('not a masec results store') }));
    const after = new Database(file, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all()).toEqual(['notes']);
    after.close();
  });

  it('works in memory without touching the disk', async () => {
    const store = SqliteResultsStore.open(':memory:');
    expect(store.file).toBe(':memory:');
    await store.putRun(fixtureRun('exp', 'none', 1));
    expect(await store.listRuns('exp')).toHaveLength(1);
    await store.close();
    expect(existsSync(':memory:')).toBe(false);
  });

  it('leaves a closed store in rollback mode, one file, once its last connection closes', async () => {
    const file = nextFile();
    const first = SqliteResultsStore.open(file);
    const second = SqliteResultsStore.open(file);
    await first.putRun(fixtureRun('exp', 'none', 1));
    await first.close();
    // Another connection is still open: the store stays in WAL mode for it.
    expect(readFileSync(file).subarray(18, 20)).toEqual(Buffer.from([2, 2]));
    await second.close();
    expect(readFileSync(file).subarray(18, 20)).toEqual(Buffer.from([1, 1]));
    expect(existsSync(`${file}-wal`)).toBe(false);
    expect(existsSync(`${file}-shm`)).toBe(false);
  });
});

describe('SqliteResultsStore.openReadOnly', () => {
  /** A directory holding one store with one experiment and one run, closed. */
  async function storeIn(name: string): Promise<{ dir: string; file: string; stored: ReturnType<typeof fixtureRun> }> {
    const sub = join(dir, name);
    mkdirSync(sub);
    const file = join(sub, 'results.db');
    const store = SqliteResultsStore.open(file);
    const stored = fixtureRun('exp', 'none', 1);
    await store.putExperiment(fixtureExperiment('exp', '2025-01-01T00:00:00.000Z'));
    await store.putRun(stored);
    await store.close();
    return { dir: sub, file, stored };
  }

  it('reads a version-2 store (before the model tables) with no answers and no transcripts; a writer then migrates it, keeping its runs', async () => {
    const { dir: sub, file, stored } = await storeIn('ro-v2');
    const db = new Database(file);
    db.exec('DROP TABLE model_responses; DROP TABLE model_transcripts;');
    db.pragma('user_version = 2');
    db.pragma('journal_mode = DELETE');
    db.close();
    const bytes = readFileSync(file);
    const reader = SqliteResultsStore.openReadOnly(file);
    expect(await reader.listRuns('exp')).toStrictEqual([stored.run]);
    expect(await reader.transcript(stored.run.id)).toEqual([]);
    expect(await reader.getResponse('k')).toBeUndefined();
    await reader.close();
    expect(readdirSync(sub)).toEqual(['results.db']);
    expect(readFileSync(file).equals(bytes)).toBe(true);
    const writer = SqliteResultsStore.open(file);
    expect(await writer.listRuns('exp')).toStrictEqual([stored.run]);
    await writer.putResponse('k', { text: 'a', toolCalls: [], usage: { inputTokens: 1, outputTokens: 1 }, finishReason: 'stop', cached: false });
    expect((await writer.getResponse('k'))?.text).toBe('a');
    await writer.close();
  });

  it('reads what a writer stored and writes nothing: same bytes, no journal, -wal or -shm file', async () => {
    const { dir: sub, file, stored } = await storeIn('ro-plain');
    const bytes = readFileSync(file);
    const reader = SqliteResultsStore.openReadOnly(file);
    expect(await reader.listRuns('exp')).toStrictEqual([stored.run]);
    expect(await reader.eventLog(stored.run.id)).toStrictEqual(stored.events);
    await reader.close();
    expect(readdirSync(sub)).toEqual(['results.db']);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('reads a store left in WAL mode with no -wal file (closed by an older masec) without creating -wal or -shm', async () => {
    const { dir: sub, file, stored } = await storeIn('ro-wal');
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.close();
    expect(readFileSync(file).subarray(18, 20)).toEqual(Buffer.from([2, 2]));
    const bytes = readFileSync(file);
    const reader = SqliteResultsStore.openReadOnly(file);
    expect(await reader.listRuns('exp')).toStrictEqual([stored.run]);
    await reader.close();
    expect(readdirSync(sub)).toEqual(['results.db']);
    expect(readFileSync(file).equals(bytes)).toBe(true);
  });

  it('sees what a writer that is still open has committed', async () => {
    const { file } = await storeIn('ro-live');
    const writer = SqliteResultsStore.open(file);
    const later = fixtureRun('exp', 'none', 2);
    await writer.putRun(later);
    const reader = SqliteResultsStore.openReadOnly(file);
    expect((await reader.listRuns('exp')).map((r) => r.id)).toEqual(['exp/none/1', 'exp/none/2']);
    await reader.close();
    await writer.close();
  });

  it('refuses writes with STORE_ERROR naming the file', async () => {
    const { file } = await storeIn('ro-writes');
    const reader = SqliteResultsStore.openReadOnly(file);
    await expect(reader.putRun(fixtureRun('exp', 'none', 3))).rejects.toMatchObject({ code: 'STORE_ERROR', message: `results store '${file}': putRun: the store was opened read-only` });
    await expect(reader.putExperiment(fixtureExperiment('x', '2025-01-01T00:00:00.000Z'))).rejects.toMatchObject({ code: 'STORE_ERROR' });
    await reader.close();
  });

  it('reads an empty file as an empty store and leaves it empty', async () => {
    const file = join(dir, 'ro-empty.db');
    writeFileSync(file, '');
    const reader = SqliteResultsStore.openReadOnly(file);
    expect(await reader.listExperiments()).toEqual([]);
    expect(await reader.latestExperiment()).toBeUndefined();
    await reader.close();
    expect(statSync(file).size).toBe(0);
  });

  it('refuses, naming the file: a FIFO (without waiting for a writer), a directory, a file that is not SQLite', () => {
    const fifo = join(dir, 'ro-fifo.db');
    execFileSync('mkfifo', [fifo]);
    expect(() => SqliteResultsStore.openReadOnly(fifo)).toThrow(`results store '${fifo}': is a FIFO, not a results store`);
    expect(() => SqliteResultsStore.openReadOnly(dir)).toThrow(`results store '${dir}': is a directory, not a results store`);
    const text = join(dir, 'ro-text.db');
    writeFileSync(text, 'not a database\n'.repeat(20));
    expect(() => SqliteResultsStore.openReadOnly(text)).toThrow(`results store '${text}': is not a SQLite database`);
    expect(() => SqliteResultsStore.openReadOnly(join(dir, 'absent.db'))).toThrow(`results store '${join(dir, 'absent.db')}': cannot read it: no such file`);
  });
});

