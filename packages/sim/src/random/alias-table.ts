/**
 * Walker's alias method (Vose's numerically stable construction) for sampling from a fixed discrete
 * distribution in O(1) per draw: one 32-bit draw picks a column and a second one decides between the
 * column and its alias. Typed arrays only: 12 bytes per outcome.
 */
import type { Sfc32Stream } from './sfc32-stream.js';

export class AliasTable {
  /** Number of outcomes (0..size-1). */
  readonly size: number;
  readonly #accept: Float64Array;
  readonly #alias: Int32Array;

  /**
   * @param weights non-negative, finite, not all zero; need not sum to 1.
   * Complexity: O(k) time and memory for k outcomes.
   * @throws RangeError for an empty, negative, non-finite or all-zero weight vector.
   */
  constructor(weights: Float64Array) {
    const k = weights.length;
    if (k === 0) throw new RangeError('AliasTable: no outcomes');
    let sum = 0;
    for (let i = 0; i < k; i++) {
      const w = weights[i] as number;
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`AliasTable: weight ${i} is ${w}; weights must be finite and >= 0`);
      sum += w;
    }
    if (!(sum > 0)) throw new RangeError('AliasTable: all weights are zero');
    this.size = k;
    const accept = new Float64Array(k);
    const alias = new Int32Array(k);
    const small = new Int32Array(k);
    const large = new Int32Array(k);
    let ns = 0;
    let nl = 0;
    for (let i = 0; i < k; i++) {
      const scaled = ((weights[i] as number) * k) / sum;
      accept[i] = scaled;
      alias[i] = i;
      if (scaled < 1) small[ns++] = i;
      else large[nl++] = i;
    }
    while (ns > 0 && nl > 0) {
      const s = small[--ns] as number;
      const l = large[nl - 1] as number;
      alias[s] = l;
      const rest = (accept[l] as number) + (accept[s] as number) - 1;
      accept[l] = rest;
      if (rest < 1) {
        nl--;
        small[ns++] = l;
      }
    }
    // Whatever is left is 1 up to rounding error.
    while (nl > 0) accept[large[--nl] as number] = 1;
    while (ns > 0) accept[small[--ns] as number] = 1;
    this.#accept = accept;
    this.#alias = alias;
  }

  /** One outcome in 0..size-1. O(1), two draws. */
  sample(stream: Sfc32Stream): number {
    const column = stream.below(this.size);
    return stream.next() < (this.#accept[column] as number) ? column : (this.#alias[column] as number);
  }
}
