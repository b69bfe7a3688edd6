/**
 * The audit log's helper thread: the work on the log that need not hold up a request, done on a worker
 * thread every `intervalMs`.
 * - WAL checkpoints. SQLite's automatic checkpoint runs inside the committing call, on the event loop:
 *   every ~1,000 pages it copies the WAL into the database and syncs both files, which stalled the gateway
 *   for milliseconds at a time (its p99). Here the gateway's own connection only appends to the WAL (a
 *   commit is exactly as durable: in the WAL before the answer goes out), and this thread runs a PASSIVE
 *   checkpoint, which never blocks the writer. If the thread is not running, the main connection's
 *   automatic checkpoint at its fallback bound still bounds the WAL. Under continuous commits a PASSIVE
 *   checkpoint never reaches the WAL's last frame, so SQLite does not restart the WAL and it grows to that
 *   bound, where the writer finishes the checkpoint itself (most frames already copied here).
 * - The lineage index (lineage-index.ts): the records committed since the last run are added to the side
 *   file in one transaction, in a file of its own so that this thread never holds the log's write lock.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { LINEAGE_INDEXER_SOURCE, LINEAGE_INDEX_SCHEMA, lineageIndexPath } from './lineage-index.js';

/** Records indexed per transaction, and transactions per run at most (the rest waits for the next run). */
const INDEX_BATCH = 5000;
const INDEX_ROUNDS = 8;
const STOP_ROUNDS = 40;

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const log = new Database(workerData.path);
log.pragma('busy_timeout = 1000');
log.pragma('synchronous = ' + workerData.synchronous);
${LINEAGE_INDEXER_SOURCE}
let indexer;
try { indexer = lineageIndexer(workerData.indexPath, workerData.indexSchema); } catch { indexer = { step() {}, close() {} }; }
// Neither is an audit failure: a checkpoint left undone falls to the writer, an index left behind to a scan.
const run = (rounds) => {
  try { indexer.step(workerData.batch, rounds); } catch {}
  try { log.pragma('wal_checkpoint(PASSIVE)'); } catch {}
};
const timer = setInterval(() => run(workerData.rounds), workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  // At stop the index catches up (within a bound: a long backlog, as after an upgrade, waits for the next start).
  run(workerData.stopRounds);
  try { indexer.close(); } catch {}
  log.close();
  parentPort.postMessage('stopped');
});
`;

export class AuditHelper {
  readonly #worker: Worker;
  /** Settles when the thread has ended (a thread that failed at start ends at once). */
  readonly #exited: Promise<void>;

  constructor(path: string, options: { synchronous: 'NORMAL' | 'FULL'; intervalMs: number }) {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    this.#worker = new Worker(WORKER, {
      eval: true,
      workerData: { module, path, synchronous: options.synchronous, intervalMs: options.intervalMs, indexPath: lineageIndexPath(path), indexSchema: LINEAGE_INDEX_SCHEMA, batch: INDEX_BATCH, rounds: INDEX_ROUNDS, stopRounds: STOP_ROUNDS },
    });
    this.#worker.unref();
    // A helper that cannot run is not an audit failure: the writer checkpoints itself, and lineage scans.
    this.#worker.on('error', () => undefined);
    this.#exited = new Promise((resolve) => this.#worker.once('exit', () => resolve()));
  }

  /** Brings the lineage index up to date, runs a last checkpoint and ends the thread (at once if it has ended). */
  stop(): Promise<void> {
    this.#worker.once('message', () => void this.#worker.terminate().catch(() => undefined));
    this.#worker.postMessage('stop');
    return this.#exited;
  }
}
