/** Worker-thread entry for the run pool: executes one run and hands the event log back without copying. */
import type { MessagePort } from 'node:worker_threads';
import { move } from 'piscina';
import { type RunTask, type RunTaskResult, executeRun } from '../experiment/execute.js';
import { portModels } from '../models/port-models.js';

/** A run, where to post its progress (rounds done, rounds in all) if anyone listens, and the port to its models. */
export interface PoolTask {
  task: RunTask;
  progress?: MessagePort;
  models?: MessagePort;
}

export default async function runInWorker({ task, progress, models }: PoolTask): Promise<RunTaskResult> {
  try {
    const provider = models === undefined ? undefined : portModels(models, (task.scenario.models ?? []).map((m) => m.id));
    const result = await executeRun(task, progress === undefined ? undefined : (done, rounds) => progress.postMessage({ done, rounds }), provider);
    if (result.eventLog.byteLength > 0) move(result.eventLog.buffer as ArrayBuffer);
    return result;
  } finally {
    progress?.close();
    models?.close();
  }
}
