/**
 * Copies the audit log's write-ahead log back into the database file on a helper thread. SQLite's automatic
 * checkpoint runs inside the committing call, on the event loop: every ~1,000 pages it copies the WAL into
 * the database and syncs both files, which stalled the gateway for milliseconds at a time (its p99). Here the
 * gateway's own connection only appends to the WAL (a commit is exactly as durable as before: in the WAL
 * before the answer goes out), and a second connection on a worker thread runs a PASSIVE checkpoint every
 * `intervalMs` (it never blocks the writer). If the helper thread is not running, the main connection's
 * automatic checkpoint at `fallbackPages` still bounds the WAL. Under continuous commits a PASSIVE
 * checkpoint never reaches the WAL's last frame, so SQLite does not restart the WAL and it grows to that
 * bound, where the writer finishes the checkpoint itself (most frames already copied here).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
db.pragma('synchronous = ' + workerData.synchronous);
const run = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} };
const timer = setInterval(run, workerData.intervalMs);
parentPort.on('message', (m) => { if (m === 'stop') { clearInterval(timer); run(); db.close(); parentPort.postMessage('stopped'); } });
`;

export class WalCheckpointer {
  readonly #worker: Worker;

  constructor(path: string, options: { synchronous: 'NORMAL' | 'FULL'; intervalMs: number }) {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER, { eval: true, workerData: { module, path, synchronous: options.synchronous, intervalMs: options.intervalMs } });
    this.#worker.unref();
    // A checkpoint that cannot run is not an audit failure: the main connection's fallback checkpoint takes over.
    this.#worker.on('error', () => undefined);
  }

  /** Runs a last checkpoint and ends the thread. */
  stop(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => resolve();
      this.#worker.once('message', () => void this.#worker.terminate().then(done, done));
      this.#worker.once('exit', done);
      this.#worker.postMessage('stop');
    });
  }
}
