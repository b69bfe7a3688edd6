/**
 * Executes runs: in-process when `workers` is 0, otherwise on a pool of worker threads (piscina).
 * Results are the same either way; only wall time differs.
 */
import { createRequire } from 'node:module';
import { Piscina } from 'piscina';
import { type RunTask, type RunTaskResult, executeRun } from '../experiment/execute.js';

export interface RunExecutor {
  run(task: RunTask): Promise<RunTaskResult>;
  close(): Promise<void>;
}

export function workerEntry(): string {
  return createRequire(import.meta.url).resolve('@masec/runner/worker');
}

export function createExecutor(workers: number): RunExecutor {
  if (workers <= 0) return { run: executeRun, close: async () => undefined };
  const pool = new Piscina<RunTask, RunTaskResult>({
    filename: workerEntry(),
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 1_000,
  });
  return {
    run: (task) => pool.run(task),
    close: () => pool.destroy(),
  };
}
