/** Worker-thread entry for the run pool: executes one run and hands the event log back without copying. */
import type { MessagePort } from 'node:worker_threads';
import { move } from 'piscina';
import { type RunTask, type RunTaskResult, executeRun } from '../experiment/execute.js';

/** A run, and where to post its progress (rounds done, rounds in all), if anyone listens. */
export interface PoolTask {
  task: RunTask;
  progress?: MessagePort;
}

export default async function runInWorker({ task, progress }: PoolTask): Promise<RunTaskResult> {
  try {
    const result = await executeRun(task, progress === undefined ? undefined : (done, rounds) => progress.postMessage({ done, rounds }));
    if (result.eventLog.byteLength > 0) move(result.eventLog.buffer as ArrayBuffer);
    return result;
  } finally {
    progress?.close();
  }
}
