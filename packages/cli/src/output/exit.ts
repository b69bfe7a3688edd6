/** Exit statuses: 0 success, 1 a run failed, 2 usage or validation error, 128 + n ended by signal n. */
import { formatIssue, isMasecError } from '@masec/spec';

export const EXIT_OK = 0;
export const EXIT_RUN_FAILED = 1;
export const EXIT_USAGE = 2;
/** Ended by SIGINT (Ctrl-C) or SIGTERM after saying what was kept (io.ts `onSignal`): 128 + the signal's number. */
export const EXIT_INTERRUPTED = 130;
export const EXIT_TERMINATED = 143;

/** An error that already carries the exit status the CLI should end with. */
export class CliExit extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Print an error the way a user needs it (what and where) and return the exit status. */
export function reportError(error: unknown, write: (text: string) => void): number {
  if (error instanceof CliExit) {
    if (error.message !== '') write(`masec: ${error.message}\n`);
    return error.status;
  }
  if (isMasecError(error)) {
    const lines = error.issues.length > 0 ? error.issues.map((i) => `  ${formatIssue(i)}`) : [];
    const head = error.issues.length > 0 ? `${error.code}: ${error.issues.length} problem(s)` : `${error.code}: ${error.message}`;
    write(`masec: ${head}\n${lines.length > 0 ? `${lines.join('\n')}\n` : ''}`);
    return error.code === 'RUN_FAILED' || error.code === 'STORE_ERROR' ? EXIT_RUN_FAILED : EXIT_USAGE;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  write(`masec: internal error: ${message}\n`);
  return EXIT_RUN_FAILED;
}
