/**
 * Executes runs: in-process when `workers` is 0, otherwise on a pool of worker threads (piscina).
 * Results are the same either way; only wall time differs.
 */
import { createRequire } from 'node:module';
import { Piscina } from 'piscina';
import { MessageChannel } from 'node:worker_threads';
import { type RoundProgress, type RunTask, type RunTaskResult, executeRun } from '../experiment/execute.js';
import type { PoolTask } from './worker.js';

export interface RunExecutor {
  /** Runs `task`; `onRound` hears a long run's progress (rounds done, rounds in all) as it goes. */
  run(task: RunTask, onRound?: RoundProgress): Promise<RunTaskResult>;
  close(): Promise<void>;
}

export function workerEntry(): string {
  return createRequire(import.meta.url).resolve('@masec/runner/worker');
}

export function createExecutor(workers: number): RunExecutor {
  if (workers <= 0) return { run: executeRun, close: async () => undefined };
  const pool = new Piscina<PoolTask, RunTaskResult>({
    filename: workerEntry(),
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 1_000,
  });
  return {
    run: async (task, onRound) => {
      if (onRound === undefined) return pool.run({ task });
      // The worker posts (done, rounds) on a port of its own while the run goes on.
      const channel = new MessageChannel();
      channel.port1.on('message', (m: { done: number; rounds: number }) => onRound(m.done, m.rounds));
      try {
        return await pool.run({ task, progress: channel.port2 }, { transferList: [channel.port2] });
      } finally {
        // Progress posted just before the result travels on another port: let it arrive first.
        await new Promise((resolve) => setImmediate(resolve));
        channel.port1.close();
      }
    },
    close: () => pool.destroy(),
  };
}
