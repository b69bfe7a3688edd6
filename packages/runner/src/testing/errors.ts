/** For tests: the MasecError a call throws or a promise rejects with (anything else fails the test). */
import { type MasecError, isMasecError } from '@masec/spec';

export function thrownError(fn: () => unknown): MasecError {
  try {
    fn();
  } catch (error) {
    if (isMasecError(error)) return error;
    throw error;
  }
  throw new Error('expected a MasecError, but nothing was thrown');
}

export async function rejectedError(promise: Promise<unknown>): Promise<MasecError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isMasecError(error)) throw new Error(`expected a MasecError, got ${String(error)}`);
  return error;
}
