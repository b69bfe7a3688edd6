/**
 * Random degree sequences for the configuration model. Each degree is an independent draw from a fixed
 * discrete distribution (sampled in O(1) by an alias table); the sum is then made even, as a configuration
 * model needs, by incrementing one degree.
 */
import type { Rng } from '@masec/spec';
import { AliasTable } from '../random/alias-table.js';
import { Sfc32Stream } from '../random/sfc32-stream.js';

export interface PowerLawDegreeParams {
  /** γ in P(k) ∝ k^-γ; > 0. Scale-free networks usually have 2 < γ < 3. */
  readonly exponent: number;
  /** Smallest degree; integer >= 1. */
  readonly min: number;
  /** Largest degree (the cutoff); integer, min <= max <= n - 1. */
  readonly max: number;
}

function checkN(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what}: n must be a non-negative integer, got ${n}`);
}

/**
 * n degrees drawn from the discrete power law P(k) ∝ k^-γ on min..max, then made even-summed.
 * O(n + max - min) time; the alias table takes 12 bytes per possible degree.
 * @throws RangeError for n < 0, γ <= 0, min < 1, max < min or max > n - 1 (for n >= 1).
 */
export function powerLawDegrees(n: number, params: PowerLawDegreeParams, rng: Rng): Int32Array {
  checkN(n, 'powerLawDegrees');
  const { exponent, min, max } = params;
  if (!(exponent > 0) || !Number.isFinite(exponent)) throw new RangeError(`powerLawDegrees: exponent must be a finite number > 0, got ${exponent}`);
  if (!Number.isInteger(min) || min < 1) throw new RangeError(`powerLawDegrees: min must be an integer >= 1, got ${min}`);
  if (!Number.isInteger(max) || max < min) throw new RangeError(`powerLawDegrees: max must be an integer >= min (${min}), got ${max}`);
  if (n === 0) return new Int32Array(0);
  if (max > n - 1) throw new RangeError(`powerLawDegrees: max must be at most n - 1 = ${n - 1}, got ${max}`);
  const weights = new Float64Array(max - min + 1);
  for (let k = min; k <= max; k++) weights[k - min] = Math.pow(k, -exponent);
  return sampleDegrees(n, min, new AliasTable(weights), max, rng);
}

/**
 * n degrees drawn from Poisson(mean) (the degree distribution of a sparse Erdős–Rényi graph), truncated at
 * mean + 12·sqrt(mean) + 12 (a tail of probability below 1e-20) and at n - 1, then made even-summed.
 * O(n + mean) time.
 * @throws RangeError unless 0 < mean <= n - 1.
 */
export function poissonDegrees(n: number, mean: number, rng: Rng): Int32Array {
  checkN(n, 'poissonDegrees');
  if (!(mean > 0) || !Number.isFinite(mean)) throw new RangeError(`poissonDegrees: mean must be a finite number > 0, got ${mean}`);
  if (n === 0) return new Int32Array(0);
  if (mean > n - 1) throw new RangeError(`poissonDegrees: mean must be at most n - 1 = ${n - 1}, got ${mean}`);
  const top = Math.min(n - 1, Math.ceil(mean + 12 * Math.sqrt(mean) + 12));
  // Weights relative to the mode, by the recurrence p(k+1) = p(k)·mean/(k+1): no factorials, no overflow.
  const weights = new Float64Array(top + 1);
  const mode = Math.min(top, Math.floor(mean));
  weights[mode] = 1;
  for (let k = mode; k < top; k++) weights[k + 1] = ((weights[k] as number) * mean) / (k + 1);
  for (let k = mode; k > 0; k--) weights[k - 1] = ((weights[k] as number) * k) / mean;
  return sampleDegrees(n, 0, new AliasTable(weights), top, rng);
}

/** n draws of `lowest + table.sample()`, then {@link makeSumEven} with cap `highest`. O(n). */
function sampleDegrees(n: number, lowest: number, table: AliasTable, highest: number, rng: Rng): Int32Array {
  const stream = Sfc32Stream.from(rng);
  const degrees = new Int32Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const d = lowest + table.sample(stream);
    degrees[i] = d;
    sum += d;
  }
  if (sum % 2 === 1) makeSumEven(degrees, highest, stream);
  return degrees;
}

/**
 * Fixes an odd sum by incrementing one degree: that of a uniformly random node, or if it is already at
 * `cap`, of the next node (cyclically) below it; if every node is at `cap`, the random node's degree is
 * decremented instead. O(n) worst case, O(1) typically.
 */
function makeSumEven(degrees: Int32Array, cap: number, stream: Sfc32Stream): void {
  const n = degrees.length;
  const start = stream.below(n);
  for (let step = 0; step < n; step++) {
    const i = (start + step) % n;
    if ((degrees[i] as number) < cap) {
      degrees[i] = (degrees[i] as number) + 1;
      return;
    }
  }
  degrees[start] = (degrees[start] as number) - 1;
}
