/**
 * What a failed attempt means: retry it (429, 408, 409, 5xx, a timeout, a connection that failed or a stream
 * that was cut — with the server's `Retry-After` when it sent one), give up (other 4xx, a refused key), or keep
 * it as a malformed answer (the server answered 2xx with a body that is not the API's JSON). Messages name the
 * model and never carry a key: they go through `redact` with the keys in use.
 */
import { APICallError } from '@ai-sdk/provider';

export type Failure =
  | { kind: 'retry'; reason: string; retryAfterMs?: number }
  | { kind: 'fatal'; reason: string }
  | { kind: 'malformed'; reason: string };

/** An attempt abandoned because it took longer than the model's `timeoutMs`. */
export class AttemptTimeout extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
    this.name = 'AttemptTimeout';
  }
}

/** Retry-After (seconds or an HTTP date) or retry-after-ms, in milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(headers: Record<string, string | undefined> | undefined, now: number = Date.now()): number | undefined {
  if (headers === undefined) return undefined;
  const ms = headers['retry-after-ms'];
  if (ms !== undefined && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const after = headers['retry-after'];
  if (after === undefined || after.trim() === '') return undefined;
  if (Number.isFinite(Number(after))) return Math.max(0, Number(after) * 1000);
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function unwrap(error: unknown): unknown {
  // The AI SDK wraps a last error in a RetryError when it retried itself (we ask it not to).
  const last = (error as { lastError?: unknown } | null)?.lastError;
  return last !== undefined ? last : error;
}

function causeMessage(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error ? (error as { cause?: unknown }).cause : undefined;
  if (cause instanceof Error && cause.message !== '' && !message.includes(cause.message)) message += ` (${cause.message})`;
  return message;
}

export function classifyFailure(raw: unknown, keyEnv: string | undefined): Failure {
  const error = unwrap(raw);
  if (error instanceof AttemptTimeout) return { kind: 'retry', reason: error.message };
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    if (status === undefined) {
      return error.isRetryable ? { kind: 'retry', reason: `connection failed: ${causeMessage(error)}` } : { kind: 'fatal', reason: causeMessage(error) };
    }
    // A 2xx whose body broke off (a stream cut, the connection closed) is marked retryable by the SDK; one
    // that arrived whole but is not the API's JSON is the server's answer, and is kept as malformed.
    if (status < 400) {
      return error.isRetryable ? { kind: 'retry', reason: `the answer broke off: ${causeMessage(error)}` } : { kind: 'malformed', reason: `malformed answer (HTTP ${status}): ${causeMessage(error)}` };
    }
    if (error.isRetryable || status === 408 || status === 409 || status === 429 || status >= 500) {
      const after = retryAfterMs(error.responseHeaders);
      return { kind: 'retry', reason: `HTTP ${status}`, ...(after === undefined ? {} : { retryAfterMs: after }) };
    }
    if (status === 401 || status === 403) {
      return { kind: 'fatal', reason: `HTTP ${status}: the server refused the key${keyEnv === undefined ? ' (the model names no apiKeyEnv)' : ` in $${keyEnv}`}: ${error.message}` };
    }
    return { kind: 'fatal', reason: `HTTP ${status}: ${error.message}` };
  }
  if (error instanceof Error && (error.name === 'AI_JSONParseError' || error.name === 'AI_TypeValidationError')) {
    return { kind: 'malformed', reason: `malformed answer: ${error.message}` };
  }
  // fetch's TypeError (refused connection, reset, a body cut short), undici's socket errors.
  if (error instanceof TypeError || (error instanceof Error && /ECONN|EPIPE|socket|terminated|network/i.test(`${error.message} ${String((error as { code?: unknown }).code ?? '')}`))) {
    return { kind: 'retry', reason: `connection failed: ${causeMessage(error)}` };
  }
  return { kind: 'fatal', reason: causeMessage(error) };
}

/** Replace every occurrence of a secret (of 4 characters or more) with `[redacted]`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  return out;
}
