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
import { type HelperThreads, setPrefaulter } from '@masec/sim';

const PREFAULT_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (buffer) => {
  // One atomic add of 0 per 4 KiB page: the page is faulted in here, its contents unchanged.
  const words = new Int32Array(buffer, 0, Math.floor(buffer.byteLength / 4));
  for (let i = 0; i < words.length; i += 1024) Atomics.add(words, i, 0);
});
`;

let prefaultWorker: Worker | null = null;

/**
 * Installs sim's prefaulter (topology/memory.ts): one background thread that faults in the pages of each
 * large graph buffer, in allocation order, while the caller's thread computes. Only with a second core and
 * unless MASEC_HELPER_THREAD=0; idempotent.
 */
export function installPrefaulter(): void {
  if (prefaultWorker !== null || process.env.MASEC_HELPER_THREAD === '0' || availableParallelism() < 2) return;
  const worker = new Worker(PREFAULT_SOURCE, { eval: true });
  worker.unref();
  // Prefaulting only saves time: if the thread dies, buffers are simply faulted in where they are written.
  worker.on('error', () => undefined);
  prefaultWorker = worker;
  setPrefaulter((buffer) => worker.postMessage(buffer));
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
    spawn(source, data) {
      const worker = new Worker(source, { eval: true, workerData: data });
      // The run waits on shared memory, not on the event loop: the thread must not keep the process alive.
      worker.unref();
      // The helper reports its own failures through shared memory (the run then fails with an error); an
      // 'error' event left without a listener would instead crash the process.
      worker.on('error', () => undefined);
      return { terminate: () => worker.terminate() };
    },
  };
}
