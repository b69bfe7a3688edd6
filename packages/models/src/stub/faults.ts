/**
 * Faults the stub injects, by request number (1-based, in the order requests arrive): a 429 with
 * `Retry-After`, a 5xx, a request never answered (the client times out), a 2xx body that is not JSON, an
 * answer cut off half-way (the connection is closed), and tool-call arguments that are not JSON.
 */
import { createHash } from 'node:crypto';

export const FAULT_KINDS = ['rate-limit', 'server-error', 'timeout', 'malformed', 'truncate', 'bad-tool-args'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface StubFault {
  kind: FaultKind;
  /** These request numbers only. */
  requests?: number[];
  /** Every n-th request (n, 2n, ...). */
  every?: number;
  /** This share of requests, drawn from the request number (the same numbers fault in every run of the stub). */
  rate?: number;
  /** Only requests for this model name. */
  model?: string;
  /** rate-limit: seconds in `Retry-After` (default 1). */
  retryAfter?: number;
  /** server-error: the status (default 500). */
  status?: number;
}

function draw(n: number, kind: string): number {
  return createHash('sha256').update(`${kind}:${n}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** The first fault that applies to request number `n` for `model`, if any. */
export function faultFor(faults: readonly StubFault[], n: number, model: string): StubFault | undefined {
  return faults.find((f) => {
    if (f.model !== undefined && f.model !== model) return false;
    if (f.requests !== undefined) return f.requests.includes(n);
    if (f.every !== undefined) return n % f.every === 0;
    if (f.rate !== undefined) return draw(n, f.kind) < f.rate;
    return true;
  });
}

/**
 * A fault written on the command line: `kind[:key=value[:key=value...]]`, with keys `requests` (numbers
 * joined by `+`), `every`, `rate`, `model`, `retry-after`, `status`; e.g. `rate-limit:every=5:retry-after=2`,
 * `server-error:requests=1+2+3`, `timeout:rate=0.1`.
 */
export function parseFault(text: string): StubFault {
  const [kind, ...pairs] = text.split(':');
  if (!(FAULT_KINDS as readonly string[]).includes(kind ?? '')) throw new Error(`unknown fault '${kind ?? ''}'; faults: ${FAULT_KINDS.join(', ')}`);
  const fault: StubFault = { kind: kind as FaultKind };
  for (const pair of pairs) {
    const [key, value = ''] = pair.split('=');
    const number = (min: number): number => {
      const n = Number(value);
      if (value === '' || !Number.isFinite(n) || n < min) throw new Error(`fault '${text}': ${key} must be a number of at least ${min}, got '${value}'`);
      return n;
    };
    if (key === 'requests') fault.requests = value.split('+').map((v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new Error(`fault '${text}': requests must be request numbers from 1, joined by +`);
      return n;
    });
    else if (key === 'every') fault.every = Math.floor(number(1));
    else if (key === 'rate') fault.rate = Math.min(1, number(0));
    else if (key === 'model') fault.model = value;
    else if (key === 'retry-after') fault.retryAfter = number(0);
    else if (key === 'status') fault.status = Math.floor(number(400));
    else throw new Error(`fault '${text}': unknown setting '${key ?? ''}' (requests, every, rate, model, retry-after, status)`);
  }
  return fault;
}
