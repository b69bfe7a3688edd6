/**
 * Executes runs: in-process when `workers` is 0, otherwise on a pool of worker threads (piscina).
 * Results are the same either way; only wall time differs.
 */
import { createRequire } from 'node:module';
import { Piscina } from 'piscina';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { ModelProvider } from '@masec/spec';
import { serveModels } from '../models/port-models.js';
import { type RoundProgress, type RunTask, type RunTaskResult, executeRun } from '../experiment/execute.js';
import type { PoolTask } from './worker.js';

export interface RunExecutor {
  /**
   * Runs `task`; `onRound` hears a long run's progress (rounds done, rounds in all) as it goes; `models` is
   * the run's model provider, which stays on this thread (a worker reaches it over a port).
   */
  run(task: RunTask, onRound?: RoundProgress, models?: ModelProvider): Promise<RunTaskResult>;
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
    run: async (task, onRound, models) => {
      const ports: MessagePort[] = [];
      const transferList: MessagePort[] = [];
      const poolTask: PoolTask = { task };
      if (onRound !== undefined) {
        // The worker posts (done, rounds) on a port of its own while the run goes on.
        const channel = new MessageChannel();
        channel.port1.on('message', (m: { done: number; rounds: number }) => onRound(m.done, m.rounds));
        ports.push(channel.port1);
        transferList.push(channel.port2);
        poolTask.progress = channel.port2;
      }
      if (models !== undefined) {
        const channel = new MessageChannel();
        serveModels(channel.port1, models);
        ports.push(channel.port1);
        transferList.push(channel.port2);
        poolTask.models = channel.port2;
      }
      if (transferList.length === 0) return pool.run(poolTask);
      try {
        return await pool.run(poolTask, { transferList });
      } finally {
        // Progress posted just before the result travels on another port: let it arrive first.
        await new Promise((resolve) => setImmediate(resolve));
        for (const port of ports) port.close();
      }
    },
    close: () => pool.destroy(),
  };
}
