/** Token buckets over bounded guard state, in the clock's unit (the `rate-limit` defense's budgets). */
import { z } from 'zod';
import type { StateMap } from '@masec/spec';

export const BucketSchema = z.strictObject({
  burst: z.number().int().min(1).max(1_000_000).describe('most envelopes in a burst (the bucket\u2019s size)'),
  rate: z.number().positive().max(1_000_000).describe('envelopes the bucket regains per `per` time units'),
  per: z.number().positive().max(1e12).default(1).describe('the refill period, in the clock\u2019s unit (rounds in the lab, ms in the gateway)'),
});
export type BucketConfig = z.infer<typeof BucketSchema>;

export interface Bucket {
  tokens: number;
  at: number;
}

/** A bucket set over bounded state: `level` refills by elapsed time, `take` spends one token. */
export class Buckets {
  readonly #map: StateMap<Bucket>;
  readonly config: BucketConfig;

  /** A bucket left alone this long is full again: forgetting it then changes nothing. */
  static ttlOf(b: BucketConfig): number {
    return (b.burst / b.rate) * b.per + b.per;
  }

  constructor(map: StateMap<Bucket>, config: BucketConfig) {
    this.#map = map;
    this.config = config;
  }

  /** The bucket's tokens now (refilled), without taking one. */
  level(key: string, now: number): number {
    const bucket = this.#map.get(key);
    if (bucket === undefined) return this.config.burst;
    const elapsed = Math.max(0, now - bucket.at);
    return Math.min(this.config.burst, bucket.tokens + (elapsed * this.config.rate) / this.config.per);
  }

  take(key: string, now: number, level: number): void {
    this.#map.set(key, { tokens: level - 1, at: now });
  }
}
