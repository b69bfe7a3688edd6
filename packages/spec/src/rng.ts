/**
 * A seeded pseudo-random source. Engines receive one explicitly; nothing reads global randomness.
 * `fork(label)` derives an independent stream deterministically, so per-agent randomness does not
 * depend on the order in which asynchronous work completes.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
  /** A new independent stream derived from this stream's seed and the label (not from its position). */
  fork(label: string | number): Rng;
}
