/**
 * Map over items with at most `limit` calls in flight. Results keep input order, whatever order the
 * promises settle in — which is what keeps asynchronous (LLM) policies deterministic.
 *
 * The first failure stops it: no further item starts, the signal handed to the calls in flight is aborted
 * (so a model call can stop waiting), and once they have settled the first error is thrown. The same
 * happens when `signal` (the run's) is aborted: nothing new starts and its reason is thrown.
 */
import { type AbortSignalLike, MasecError, NEVER_ABORTED, childAbortController, createAbortController } from '@masec/spec';

/** The error a cancelled run ends with: the abort reason when it is an Error, else RUN_CANCELLED. */
export function abortError(signal: AbortSignalLike): Error {
  const reason = signal.reason;
  return reason instanceof Error ? reason : new MasecError('RUN_CANCELLED', reason === undefined ? 'run cancelled' : `run cancelled: ${String(reason)}`);
}

export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number, signal: AbortSignalLike) => Promise<R> | R,
  signal: AbortSignalLike = NEVER_ABORTED,
): Promise<R[]> {
  if (signal.aborted) throw abortError(signal);
  const results = new Array<R>(items.length);
  // NEVER_ABORTED is one signal shared by every run in the process: listening on it would add a listener per
  // run in flight (Node warns past 10), for an event that never comes.
  const controller = signal === NEVER_ABORTED ? childAbortController(createAbortController().signal) : childAbortController(signal);
  let nextIndex = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && !controller.signal.aborted && nextIndex < items.length) {
      const i = nextIndex++;
      try {
        results[i] = await fn(items[i] as T, i, controller.signal);
      } catch (error) {
        if (failure === undefined) {
          failure = { error };
          controller.abort(error);
        }
        return;
      }
    }
  };
  const workers: Promise<void>[] = [];
  for (let w = 0; w < Math.min(Math.max(1, limit), items.length); w++) workers.push(worker());
  try {
    await Promise.all(workers);
  } finally {
    controller.dispose();
  }
  if (failure !== undefined) throw failure.error;
  if (signal.aborted) throw abortError(signal);
  return results;
}
