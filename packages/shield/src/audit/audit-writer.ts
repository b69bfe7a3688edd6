/**
 * The audit log's writing connection, on a worker thread. The gateway fixes each record's place in the
 * chain and its hash on the event loop (`SqliteAuditLog.append`), then hands the rows of one event-loop turn
 * to this thread, which commits them in one transaction and says so; only then are their waiters released
 * (a record is still committed before the answer it records goes out). What moves off the event loop is
 * SQLite's own work: writing the rows and their index entries into the WAL, and the writer's fallback
 * checkpoint when the WAL grows past its bound, so neither stalls the requests in between.
 *
 * Messages are answered in the order they are sent. After a failed write the thread refuses everything that
 * follows (the chain in memory would run past what is stored).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** The columns of a record row, in the order `AuditWriter.records` expects each row's values. */
export const RECORD_COLUMNS = ['seq', 'time', 'kind', 'protocol', 'route', 'method', 'sender', 'recipient', 'action', 'code', 'guard', 'digest', 'body_digest', 'detail', 'prev', 'hash'] as const;
/** The columns of a checkpoint row, in order. */
export const CHECKPOINT_COLUMNS = ['from_seq', 'to_seq', 'root', 'head', 'prev', 'time', 'key_id', 'signature'] as const;

export type RowValues = readonly (string | number | null)[];

type Message = { t: 'records'; rows: RowValues[] } | { t: 'checkpoint'; row: RowValues } | { t: 'close' };
type Reply = { t: 'ok' } | { t: 'fail'; message: string } | { t: 'closed' };

const insertSql = (table: string, columns: readonly string[]): string => `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
let db, insert, insertCheckpoint, commit, failed;
try {
  db = new Database(workerData.path);
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = ' + workerData.synchronous);
  db.pragma('wal_autocheckpoint = ' + workerData.autocheckpoint);
  insert = db.prepare(workerData.insertRecord);
  insertCheckpoint = db.prepare(workerData.insertCheckpoint);
  commit = db.transaction((rows) => { for (const row of rows) insert.run(row); });
} catch (error) {
  failed = 'cannot open the audit log for writing: ' + (error && error.message ? error.message : String(error));
}
parentPort.on('message', (m) => {
  if (m.t === 'close') {
    try { if (db && db.open) db.close(); } catch {}
    parentPort.postMessage({ t: 'closed' });
    return;
  }
  if (failed !== undefined) return parentPort.postMessage({ t: 'fail', message: failed });
  try {
    if (m.t === 'records') commit(m.rows);
    else insertCheckpoint.run(m.row);
    parentPort.postMessage({ t: 'ok' });
  } catch (error) {
    failed = error && error.message ? error.message : String(error);
    parentPort.postMessage({ t: 'fail', message: failed });
  }
});
`;

export interface AuditWriterOptions {
  synchronous: 'NORMAL' | 'FULL';
  /** WAL pages past which the writing connection checkpoints by itself (SQLite's `wal_autocheckpoint`). */
  autocheckpoint: number;
}

export class AuditWriter {
  readonly #worker: Worker;
  /** Waiters of the messages sent and not yet answered, oldest first. */
  readonly #waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  #closing: Promise<void> | undefined;
  /** Set when the thread is gone: every write from then on fails with it. */
  #gone: Error | undefined;

  constructor(path: string, options: AuditWriterOptions) {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER, {
      eval: true,
      workerData: { module, path, synchronous: options.synchronous, autocheckpoint: options.autocheckpoint, insertRecord: insertSql('records', RECORD_COLUMNS), insertCheckpoint: insertSql('checkpoints', CHECKPOINT_COLUMNS) },
    });
    // The thread keeps the process alive only while a write is waiting for it.
    this.#worker.unref();
    this.#worker.on('message', (reply: Reply) => {
      if (reply.t === 'closed') return;
      const waiter = this.#waiting.shift();
      if (this.#waiting.length === 0) this.#worker.unref();
      if (waiter === undefined) return;
      if (reply.t === 'ok') waiter.resolve();
      else waiter.reject(new Error(reply.message));
    });
    const gone = (error: Error): void => {
      this.#gone ??= error;
      for (const waiter of this.#waiting.splice(0)) waiter.reject(this.#gone);
    };
    this.#worker.on('error', (error) => gone(new Error(`the audit log's writer thread failed: ${error.message}`)));
    this.#worker.on('exit', () => gone(new Error("the audit log's writer thread has stopped")));
  }

  /** Commits `rows` (values in RECORD_COLUMNS order) in one transaction. */
  records(rows: RowValues[]): Promise<void> {
    return this.#send({ t: 'records', rows });
  }

  /** Stores a signed checkpoint (values in CHECKPOINT_COLUMNS order). */
  checkpoint(row: RowValues): Promise<void> {
    return this.#send({ t: 'checkpoint', row });
  }

  #send(message: Message): Promise<void> {
    if (this.#gone !== undefined) return Promise.reject(this.#gone);
    if (this.#closing !== undefined) return Promise.reject(new Error('the audit log is closed'));
    return new Promise((resolve, reject) => {
      if (this.#waiting.length === 0) this.#worker.ref();
      this.#waiting.push({ resolve, reject });
      this.#worker.postMessage(message);
    });
  }

  /** Closes the writing connection once every write sent before has been answered, and ends the thread. */
  close(): Promise<void> {
    this.#closing ??= new Promise<void>((resolve) => {
      if (this.#gone !== undefined) return resolve();
      this.#worker.ref();
      this.#worker.once('exit', () => resolve());
      this.#worker.on('message', (reply: Reply) => {
        if (reply.t === 'closed') void this.#worker.terminate();
      });
      this.#worker.postMessage({ t: 'close' } satisfies Message);
    });
    return this.#closing;
  }
}
