/**
 * Per-context statistics of a distribution that the likelihood tests need: the surprisal of each token, the
 * entropy (expected surprisal) and the variance of the surprisal. Cached per distribution object (the model
 * caches distributions per context, so a context's statistics are computed once).
 */
import type { TokenDistribution } from '../model/token-model.js';

export interface ContextStats {
  /** Surprisal in bits by token id (Infinity for weight 0). */
  surprisal: Float64Array;
  entropy: number;
  variance: number;
}

const cache = new WeakMap<TokenDistribution, ContextStats>();

export function contextStats(dist: TokenDistribution): ContextStats {
  const hit = cache.get(dist);
  if (hit !== undefined) return hit;
  const surprisal = new Float64Array(dist.weights.length);
  let entropy = 0;
  let second = 0;
  dist.weights.forEach((w, t) => {
    if (w === 0) {
      surprisal[t] = Infinity;
      return;
    }
    const p = w / dist.total;
    const s = -Math.log2(p);
    surprisal[t] = s;
    entropy += p * s;
    second += p * s * s;
  });
  const stats = { surprisal, entropy, variance: Math.max(0, second - entropy * entropy) };
  cache.set(dist, stats);
  return stats;
}

/** Surprisal statistics of a binary or small categorical choice given as weights. */
export function choiceStats(weights: readonly number[], chosen: number): { surprisal: number; entropy: number; variance: number } {
  const total = weights.reduce((a, b) => a + b, 0);
  let entropy = 0;
  let second = 0;
  for (const w of weights) {
    if (w === 0) continue;
    const p = w / total;
    const s = -Math.log2(p);
    entropy += p * s;
    second += p * s * s;
  }
  return { surprisal: -Math.log2((weights[chosen] as number) / total), entropy, variance: Math.max(0, second - entropy * entropy) };
}

/** Evidence of one test: summed (observed − expected surprisal), its summed variance, and how many terms. */
export interface Evidence {
  excess: number;
  variance: number;
  count: number;
}

/** Accumulates (observed − expected surprisal) and its variance; `z` is their standardised sum. */
export class SurprisalTest implements Evidence {
  excess = 0;
  variance = 0;
  count = 0;

  add(surprisal: number, entropy: number, variance: number): void {
    this.excess += surprisal - entropy;
    this.variance += variance;
    this.count++;
  }

  get z(): number {
    return zOf(this);
  }
}

/** The standardised excess surprisal (about N(0, 1) for text written by the model); 0 with no evidence. */
export function zOf(e: Evidence): number {
  return e.variance > 0 ? e.excess / Math.sqrt(e.variance) : 0;
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 through erf), in (0, 1). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  const p = 0.5 * (1 + (z < 0 ? -erf : erf));
  return Math.min(1 - 1e-12, Math.max(1e-12, p));
}
