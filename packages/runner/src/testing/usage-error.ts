/** For tests of option parsing: what a USAGE error says. */
import { isMasecError } from '@masec/spec';

/**
 * Calls `fn`, which must throw a MasecError with code USAGE, and returns its text: one `path: message` line per
 * issue when it has issues, else its message. Any other outcome fails the test.
 */
export function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isMasecError(error) && error.code === 'USAGE') {
      return error.issues.length > 0 ? error.issues.map((i) => `${i.path}: ${i.message}`).join('\n') : error.message;
    }
    throw error;
  }
  throw new Error('expected a USAGE error');
}
