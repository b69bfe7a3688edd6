/** Mean of per-sample values with a normal-approximation 95% confidence interval. */

/** A sample mean, its standard deviation across samples and a 95% interval for the mean. */
export interface Estimate {
  readonly mean: number;
  /** Sample standard deviation (0 with one sample). */
  readonly sd: number;
  /** mean ∓ 1.96·sd/√samples, clipped to [0, 1] (all estimates here are fractions). */
  readonly lo: number;
  readonly hi: number;
  readonly samples: number;
}

const Z95 = 1.959963984540054;

/** Estimate from the sum and sum of squares of `samples` values in [0, 1]. O(1). */
export function estimateFromSums(sum: number, sumSquares: number, samples: number): Estimate {
  if (!(samples >= 1)) throw new RangeError(`an estimate needs at least one sample, got ${samples}`);
  const mean = sum / samples;
  const variance = samples > 1 ? Math.max(0, (sumSquares - sum * mean) / (samples - 1)) : 0;
  const sd = Math.sqrt(variance);
  const half = (Z95 * sd) / Math.sqrt(samples);
  return { mean, sd, lo: Math.max(0, mean - half), hi: Math.min(1, mean + half), samples };
}
