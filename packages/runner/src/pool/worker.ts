/** Worker-thread entry for the run pool: executes one run and hands the event log back without copying. */
import { move } from 'piscina';
import { type RunTask, type RunTaskResult, executeRun } from '../experiment/execute.js';

export default async function runInWorker(task: RunTask): Promise<RunTaskResult> {
  const result = await executeRun(task);
  if (result.eventLog.byteLength > 0) move(result.eventLog.buffer as ArrayBuffer);
  return result;
}
