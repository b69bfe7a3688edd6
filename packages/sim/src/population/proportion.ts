/**
 * Binomial proportions with 95% intervals, for `masec calibrate`.
 *
 * `wilsonEstimate` is the plain case: events out of trials, the maximum-likelihood proportion with the Wilson
 * (score) interval. `exposureEstimate` is per-contact transmission when an agent can meet several infectious
 * contacts in one round: an exposure to k of them infects with probability 1 − (1 − β)^k, and what is
 * observed is whether it was infected, not which contact did it. Its estimate is the exact maximum-likelihood
 * β of that model, and its interval inverts the score test of the same likelihood — the construction the
 * Wilson interval comes from, so with k = 1 for every exposure both are exactly Wilson's.
 */
import type { Estimate } from '@masec/spec';

/** Two-sided 95% standard normal quantile. */
export const Z95 = 1.959963984540054;

/** Events out of trials: the proportion and its Wilson score interval. No trials: 0 in [0, 1]. */
export function wilsonEstimate(events: number, trials: number, z = Z95): Estimate {
  if (!(Number.isInteger(events) && Number.isInteger(trials) && events >= 0 && events <= trials)) {
    throw new RangeError(`a proportion needs integers 0 <= events <= trials, got ${events}/${trials}`);
  }
  if (trials === 0) return { estimate: 0, low: 0, high: 1, events, trials };
  const p = events / trials;
  const z2 = z * z;
  const denominator = trials + z2;
  const centre = (events + z2 / 2) / denominator;
  const half = (z / denominator) * Math.sqrt((events * (trials - events)) / trials + z2 / 4);
  // The interval always holds p; rounding must not push an end past it (0/n and n/n have ends exactly at p).
  return {
    estimate: p,
    low: events === 0 ? 0 : Math.min(p, Math.max(0, centre - half)),
    high: events === trials ? 1 : Math.max(p, Math.min(1, centre + half)),
    events,
    trials,
  };
}

/** Exposures of one size: `exposed` agent-rounds with k infectious contacts each, `infected` of them infected. */
export interface ExposureGroup {
  /** Infectious contacts per exposure (k >= 1). */
  contacts: number;
  exposed: number;
  infected: number;
}

/** Score U(β) and Fisher information I(β) of the exposure likelihood, for 0 < β < 1. */
function scoreAndInformation(groups: readonly ExposureGroup[], beta: number): { score: number; information: number } {
  const logQ = Math.log1p(-beta);
  const q = 1 - beta;
  let score = 0;
  let information = 0;
  for (const { contacts: k, exposed: n, infected: x } of groups) {
    const qk = Math.exp(k * logQ);
    const hit = -Math.expm1(k * logQ); // 1 − q^k, accurate for small β
    const slope = k * Math.exp((k - 1) * logQ); // d(1 − q^k)/dβ
    score += (x * slope) / hit - ((n - x) * k) / q;
    information += (n * slope * slope) / (hit * qk);
  }
  return { score, information };
}

/** The β in (lo, hi) where f changes from positive to negative (f decreasing), by bisection. */
function decreasingRoot(f: (beta: number) => number, lo: number, hi: number): number {
  let a = lo;
  let b = hi;
  for (let i = 0; i < 200 && b - a > 1e-15; i++) {
    const mid = (a + b) / 2;
    if (f(mid) > 0) a = mid;
    else b = mid;
  }
  return (a + b) / 2;
}

/**
 * Per-contact probability β from exposures of several sizes: the maximum-likelihood estimate under
 * P(infected | k contacts) = 1 − (1 − β)^k, and the 95% score interval {β : U(β)² ≤ z²·I(β)}.
 * `events` is the number of infections and `trials` the number of contacts (Σ k·exposed), so
 * events/trials is the simpler ratio estimate, which is below β when exposures with k > 1 are common.
 */
export function exposureEstimate(groups: readonly ExposureGroup[], z = Z95): Estimate {
  const used = groups.filter((g) => g.exposed > 0);
  for (const g of used) {
    if (!(Number.isInteger(g.contacts) && g.contacts >= 1 && Number.isInteger(g.exposed) && Number.isInteger(g.infected) && g.infected >= 0 && g.infected <= g.exposed)) {
      throw new RangeError(`bad exposure group: ${g.infected} of ${g.exposed} exposures with ${g.contacts} contacts`);
    }
  }
  const events = used.reduce((s, g) => s + g.infected, 0);
  const trials = used.reduce((s, g) => s + g.contacts * g.exposed, 0);
  if (trials === 0) return { estimate: 0, low: 0, high: 1, events, trials };
  const all = used.every((g) => g.infected === g.exposed);
  // The score is decreasing in β: positive below the estimate, negative above it.
  const estimate = events === 0 ? 0 : all ? 1 : decreasingRoot((b) => scoreAndInformation(used, b).score, 0, 1);
  const standardised = (b: number): number => {
    const { score, information } = scoreAndInformation(used, b);
    return score / Math.sqrt(information);
  };
  const low = events === 0 ? 0 : decreasingRoot((b) => standardised(b) - z, 0, estimate);
  const high = all ? 1 : decreasingRoot((b) => standardised(b) + z, estimate, 1);
  return { estimate, low: Math.min(low, estimate), high: Math.max(high, estimate), events, trials };
}
