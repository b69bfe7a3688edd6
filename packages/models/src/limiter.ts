/**
 * How hard one endpoint is driven: at most `concurrency` requests in flight, `requestsPerMinute` started and
 * `tokensPerMinute` spent over any sliding minute. Waiters are served first come, first served; a waiter
 * whose signal aborts leaves the queue at once.
 */
import type { AbortSignalLike } from '@masec/spec';
import { onAbort } from './abort.js';

export interface LimiterSettings {
  concurrency: number;
  requestsPerMinute?: number | undefined;
  tokensPerMinute?: number | undefined;
}

const MINUTE_MS = 60_000;

interface Waiter {
  tokens: number;
  resolve: (release: Release) => void;
  reject: (error: unknown) => void;
  untie: () => void;
}

/** Ends a request's hold on the endpoint, with the tokens it really used (replacing its estimate). */
export type Release = (tokensUsed?: number) => void;

export class EndpointLimiter {
  #inFlight = 0;
  readonly #starts: number[] = [];
  readonly #spent: { at: number; tokens: number }[] = [];
  readonly #queue: Waiter[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly settings: LimiterSettings,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get inFlight(): number {
    return this.#inFlight;
  }

  /** Waits for room for one request estimated at `tokens`, then holds it until the returned release is called. */
  acquire(tokens: number, signal: AbortSignalLike): Promise<Release> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason ?? new Error('aborted'));
        return;
      }
      const waiter: Waiter = {
        tokens,
        resolve,
        reject,
        untie: onAbort(signal, () => {
          const i = this.#queue.indexOf(waiter);
          if (i >= 0) this.#queue.splice(i, 1);
          reject(signal.reason ?? new Error('aborted'));
          this.#pump();
        }),
      };
      this.#queue.push(waiter);
      this.#pump();
    });
  }

  /** Starts every waiter at the head of the queue that fits now; sets a timer for when the head will fit. */
  #pump(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    for (;;) {
      const head = this.#queue[0];
      if (head === undefined) return;
      if (this.#inFlight >= this.settings.concurrency) return;
      const wait = this.#windowWait(head.tokens);
      if (wait > 0) {
        this.#timer = setTimeout(() => this.#pump(), wait);
        return;
      }
      this.#queue.shift();
      head.untie();
      this.#inFlight++;
      const at = this.now();
      this.#starts.push(at);
      const entry = { at, tokens: head.tokens };
      this.#spent.push(entry);
      let released = false;
      head.resolve((tokensUsed) => {
        if (released) return;
        released = true;
        this.#inFlight--;
        if (tokensUsed !== undefined) entry.tokens = tokensUsed;
        this.#pump();
      });
    }
  }

  /** Milliseconds until a request of `tokens` fits the per-minute windows (0: now). */
  #windowWait(tokens: number): number {
    const now = this.now();
    while (this.#starts.length > 0 && (this.#starts[0] as number) <= now - MINUTE_MS) this.#starts.shift();
    while (this.#spent.length > 0 && (this.#spent[0] as { at: number }).at <= now - MINUTE_MS) this.#spent.shift();
    let wait = 0;
    const rpm = this.settings.requestsPerMinute;
    if (rpm !== undefined && this.#starts.length >= rpm) {
      wait = Math.max(wait, (this.#starts[this.#starts.length - rpm] as number) + MINUTE_MS - now);
    }
    const tpm = this.settings.tokensPerMinute;
    if (tpm !== undefined && this.#spent.length > 0) {
      // Drop the oldest spending until this request fits; a request larger than the whole window waits for an empty one.
      let total = this.#spent.reduce((sum, s) => sum + s.tokens, 0);
      let i = 0;
      while (total + tokens > tpm && i < this.#spent.length) {
        total -= (this.#spent[i] as { tokens: number }).tokens;
        i++;
      }
      if (i > 0) wait = Math.max(wait, (this.#spent[i - 1] as { at: number }).at + MINUTE_MS - now);
    }
    return wait > 0 ? Math.ceil(wait) : 0;
  }
}
