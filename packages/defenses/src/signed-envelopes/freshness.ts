/**
 * Replay and clock-skew checks for signed messages, shared by the lab's `signed-envelopes` guard and the
 * gateway's signed-message verification. A message carries the time it was signed and a nonce: a time
 * further than `maxSkew` from the verifier's clock is refused (`CLOCK_SKEW`), and a nonce seen before from the
 * same signer is refused (`REPLAY_DETECTED`). Because stale messages are refused on their time, a nonce need
 * only be remembered for `2 × maxSkew` (the width of the accepted window): memory is bounded in clock units
 * (the map's ttl) and in entries (`maxNonces`, least recently used dropped past it).
 */
import type { StateMap, StateStore } from '@masec/spec';

export interface FreshnessOptions {
  /** Largest accepted difference between a message's time and the verifier's clock, in the clock's unit. */
  maxSkew: number;
  /** Nonces remembered at most (size it to the message rate × 2 × maxSkew). */
  maxNonces: number;
}

export type FreshnessProblem = { code: 'CLOCK_SKEW' | 'REPLAY_DETECTED'; reason: string };

/** Longest nonce accepted: 128 bits in base64url is 22 characters; 256 leaves room and bounds memory. */
export const MAX_NONCE_LENGTH = 256;

export class FreshnessWindow {
  readonly #seen: StateMap<true>;
  readonly #maxSkew: number;

  constructor(state: StateStore, name: string, options: FreshnessOptions) {
    if (!(options.maxSkew > 0)) throw new RangeError(`maxSkew must be positive, not ${options.maxSkew}`);
    this.#maxSkew = options.maxSkew;
    this.#seen = state.map<true>(name, { maxEntries: options.maxNonces, ttl: 2 * options.maxSkew + 1 });
  }

  /**
   * Checks a message signed by `signer` at `time` with `nonce`, at the verifier's time `now`; when fresh,
   * remembers the nonce (so call it only after the signature verified: a forger must not burn nonces).
   */
  check(signer: string, nonce: string, time: number, now: number): FreshnessProblem | undefined {
    if (!Number.isFinite(time) || Math.abs(now - time) > this.#maxSkew) {
      return { code: 'CLOCK_SKEW', reason: `signed at ${time}, ${Number.isFinite(time) ? Math.abs(now - time) : 'infinitely'} from the verifier's clock (${now}); at most ${this.#maxSkew} accepted` };
    }
    if (nonce.length === 0 || nonce.length > MAX_NONCE_LENGTH) return { code: 'REPLAY_DETECTED', reason: `a nonce of ${nonce.length} characters (1..${MAX_NONCE_LENGTH} accepted)` };
    const key = `${signer}\u0000${nonce}`;
    if (this.#seen.has(key)) return { code: 'REPLAY_DETECTED', reason: `nonce ${JSON.stringify(nonce.slice(0, 40))} from ${signer} was seen before` };
    this.#seen.set(key, true);
    return undefined;
  }

  /** Nonces remembered now. */
  get size(): number {
    return this.#seen.size;
  }
}
