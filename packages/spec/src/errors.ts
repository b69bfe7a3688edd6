/**
 * Error classes with stable string codes. Callers branch on `code`, never on message text.
 * The CLI maps codes to exit statuses: validation/usage problems exit 2, failed runs exit 1.
 */

export const ERROR_CODES = [
  'SCENARIO_INVALID',
  'CONFIG_INVALID',
  'UNKNOWN_PLUGIN',
  'USAGE',
  'FILE_NOT_FOUND',
  'STORE_ERROR',
  'RUN_FAILED',
  'RUN_CANCELLED',
  'BUDGET_EXCEEDED',
  'SERVICE_MISSING',
  'PLUGIN_INVALID',
  'NOT_FOUND',
  'MODEL_ERROR',
  'CACHE_MISS',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** One located problem in an input file or option: what is wrong and where. */
export interface IssueLocation {
  /** File the problem is in, when there is one (a scenario file, an edge list...). */
  file?: string;
  /** 1-based line and column in `file`, when known. */
  line?: number;
  column?: number;
  /** Dotted field path inside the document, e.g. `threats[0].config.susceptibility`. */
  path: string;
  message: string;
}

export class MasecError extends Error {
  readonly code: ErrorCode;
  readonly issues: readonly IssueLocation[];

  constructor(code: ErrorCode, message: string, options: { issues?: IssueLocation[]; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MasecError';
    this.code = code;
    this.issues = options.issues ?? [];
  }
}

export function isMasecError(value: unknown): value is MasecError {
  return value instanceof Error && (value as { name?: unknown }).name === 'MasecError' && 'code' in value;
}

/** `file:line:column: path: message`, omitting the parts that are unknown (a file-level problem has no path). */
export function formatIssue(issue: IssueLocation): string {
  const where = [issue.file, issue.line, issue.line === undefined ? undefined : issue.column]
    .filter((p) => p !== undefined)
    .join(':');
  return [where, issue.path, issue.message].filter((part) => part !== '').join(': ');
}

/** A plugin id that is not registered. The message lists the valid ids. */
export function unknownPluginError(kind: string, id: string, valid: readonly string[], where?: Omit<IssueLocation, 'message'>): MasecError {
  const message = `unknown ${kind} '${id}'; valid ${kind} ids: ${valid.join(', ')}`;
  return new MasecError('UNKNOWN_PLUGIN', message, { issues: [{ ...(where ?? { path: '' }), message }] });
}

/**
 * The stable code of a failure: a MasecError's own, RUN_CANCELLED for an abort (an `AbortError`, or the
 * reason a run's signal was aborted with), RUN_FAILED for anything else.
 */
export function errorCodeOf(error: unknown): ErrorCode {
  if (isMasecError(error)) return error.code;
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) return 'RUN_CANCELLED';
  return 'RUN_FAILED';
}

/** `Name: message` of an error, or its string form. */
export function errorMessageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
