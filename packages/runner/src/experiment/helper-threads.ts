/**
 * Node's helper threads for the population engine (sim's `HelperThreads`): worker_threads running the
 * engine's helper source. Whether a run uses one:
 *
 * - `'auto'` (default): from HELPER_MIN_AGENTS agents up, on a machine with a second core, unless the
 *   environment variable MASEC_HELPER_THREAD is `0` (never) or `1` (always, whatever the size);
 * - `true` / `false`: always / never (tests compare both; a pool of run workers turns it off, as its
 *   workers already keep the cores busy).
 *
 * Results are identical with and without a helper; only the time differs.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { MasecError } from '@masec/spec';
import { type HelperThreads, setGraphSpawner, setPrefaulter } from '@masec/sim';

const PREFAULT_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (buffer) => {
  // One atomic add of 0 per 4 KiB page: the page is faulted in here, its contents unchanged.
  const words = new Int32Array(buffer, 0, Math.floor(buffer.byteLength / 4));
  for (let i = 0; i < words.length; i += 1024) Atomics.add(words, i, 0);
});
`;

/**
 * A worker thread running `source` (eval'd) with `workerData`. Unref'd: the caller waits on shared memory,
 * not on the event loop, and the thread must not keep the process alive. Its sources report their own
 * failures (through shared memory, or not at all for prefaulting, which only saves time); an 'error' event
 * left without a listener would instead crash the process.
 */
function startWorker(source: string, workerData?: object): Worker {
  const worker = new Worker(source, { eval: true, workerData });
  worker.unref();
  worker.on('error', () => undefined);
  return worker;
}

function spawnEval(source: string, data: object): { terminate(): unknown } {
  const worker = startWorker(source, data);
  return { terminate: () => worker.terminate() };
}

/** Started by the first buffer large enough to prefault, then kept for the process. */
let prefaultWorker: Worker | null = null;

/**
 * Installs sim's graph-construction helpers (topology/memory.ts): a prefaulter — one background thread that
 * faults in the pages of each large graph buffer, in allocation order, while the caller's thread computes —
 * and a thread starter for the CSR assembler's per-bucket sort. Only with a second core and unless
 * MASEC_HELPER_THREAD=0; idempotent, and no thread starts until a graph is large enough to want one.
 * Graphs are identical with and without them.
 */
export function installGraphHelpers(): void {
  if (process.env.MASEC_HELPER_THREAD === '0' || availableParallelism() < 2) return;
  setPrefaulter((buffer) => {
    prefaultWorker ??= startWorker(PREFAULT_SOURCE);
    prefaultWorker.postMessage(buffer);
  });
  setGraphSpawner(spawnEval);
}

/** Below this many agents a run is too short for a helper thread to pay for its start (≈ 30 ms). */
export const HELPER_MIN_AGENTS = 1 << 21;

export type HelperMode = boolean | 'auto';

export function nodeHelperThreads(mode: HelperMode = 'auto'): HelperThreads {
  return {
    use(agents) {
      if (mode !== 'auto') return mode;
      const env = process.env.MASEC_HELPER_THREAD;
      if (env !== undefined && env !== '') {
        if (env !== '0' && env !== '1') {
          throw new MasecError('USAGE', `MASEC_HELPER_THREAD must be 0 or 1, got '${env}'`);
        }
        return env === '1';
      }
      return agents >= HELPER_MIN_AGENTS && availableParallelism() > 1;
    },
    spawn: spawnEval,
  };
}
