/**
 * Final size of SIR by bond percolation: with transmissibility T, the agents a seed eventually infects are
 * its cluster in the graph that keeps each edge with probability T. On a large configuration-model graph the
 * giant cluster holds a fraction S of the agents (Newman 2002, "Spread of epidemic disease on networks"):
 *
 *   u = G1(1 − T + T·u),   S = 1 − G0(1 − T + T·u),
 *
 * where G0(x) = Σ p_k x^k is the degree generating function, G1(x) = G0'(x)/⟨k⟩ the excess-degree one and u
 * the probability that an edge does not lead to the giant cluster. For Poisson degrees of mean c (Erdős–Rényi)
 * G0 = G1 = exp(c(x − 1)) and this reduces to S = 1 − exp(−c·T·S). Below the threshold (T ≤ T_c) the only
 * solution is S = 0.
 *
 * Meaning for an outbreak from one uniformly random seed, with independent edges as here: it is large with
 * probability S, and a large one infects a fraction S; small outbreaks have O(1) size. So the expected
 * final size, unconditioned, is ≈ S² of the agents.
 */

/** Bisection steps: the bracket [0, 1] shrinks to 2^-100, below double precision. */
const BISECTION_STEPS = 100;

function checkT(t: number): void {
  if (!(t >= 0 && t <= 1)) throw new RangeError(`transmissibility T must be in [0, 1], got ${t}`);
}

/**
 * Root in (0, 1] of a function that is positive on (0, root) and negative on (root, 1]: plain bisection,
 * deciding by sign only, so it never needs derivatives and cannot diverge. O(BISECTION_STEPS) evaluations.
 */
function bisectDownCrossing(f: (s: number) => number): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < BISECTION_STEPS && hi - lo > 0; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (f(mid) > 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * Giant-cluster fraction S of bond percolation with occupation probability T on an Erdős–Rényi graph of mean
 * degree c: the largest root of S = 1 − exp(−cTS). Returns 0 when cT ≤ 1. The map S ↦ 1 − exp(−aS) − S
 * (a = cT) is concave with value 0 at 0, slope a − 1 > 0 there and a negative value at 1, so it is positive
 * exactly on (0, S*) and bisection on its sign converges to S*. O(1) (100 steps).
 * Known values: c = 2, T = 1 gives S ≈ 0.7968.
 */
export function erdosRenyiFinalSize(meanDegree: number, t: number): number {
  checkT(t);
  if (!(meanDegree >= 0)) throw new RangeError(`mean degree must be >= 0, got ${meanDegree}`);
  const a = meanDegree * t;
  if (a <= 1) return 0;
  return bisectDownCrossing((s) => -Math.expm1(-a * s) - s);
}

/** Giant-cluster fraction and the edge probability u of {@link configurationModelFinalSize}. */
export interface FinalSize {
  /** S: fraction of all nodes in the giant cluster (0 at or below threshold). */
  readonly size: number;
  /** u: probability that following an edge does not lead into the giant cluster (1 at or below threshold). */
  readonly u: number;
}

/**
 * Final size on a configuration-model graph with the given degree histogram (`histogram[k]` = number, or
 * probability, of nodes of degree k): solves u = G1(1 − T + Tu) for the smallest root in [0, 1) and returns
 * S = 1 − G0(1 − T + Tu). h(u) = G1(1 − T + Tu) − u is convex (G1 has non-negative coefficients), h(1) = 0
 * and h'(1) = T·G1'(1) − 1, so a root below 1 exists exactly when T > T_c = ⟨k⟩/(⟨k²⟩ − ⟨k⟩); then h > 0 on
 * [0, u*) and h < 0 on (u*, 1), and bisection on the sign of h finds u*. At or below threshold it returns
 * { size: 0, u: 1 }. O(K · 100) for K distinct degrees.
 * @throws RangeError for a T outside [0, 1] or a histogram with a negative or non-finite entry.
 */
export function configurationModelFinalSize(histogram: ArrayLike<number>, t: number): FinalSize {
  checkT(t);
  const degrees: number[] = [];
  const weights: number[] = [];
  let total = 0;
  let first = 0;
  let second = 0;
  for (let k = 0; k < histogram.length; k++) {
    const w = histogram[k] as number;
    if (!(w >= 0 && Number.isFinite(w))) throw new RangeError(`degree histogram entry ${k} must be finite and >= 0, got ${w}`);
    if (w === 0) continue;
    degrees.push(k);
    weights.push(w);
    total += w;
    first += k * w;
    second += k * k * w;
  }
  if (total === 0 || first === 0) return { size: 0, u: 1 };
  // Threshold test in closed form, so that S = 0 exactly at and below T_c (bisection would return 1 − ε).
  if (t * (second - first) <= first) return { size: 0, u: 1 };
  const g1 = (x: number): number => {
    let s = 0;
    for (let i = 0; i < degrees.length; i++) {
      const k = degrees[i] as number;
      if (k > 0) s += k * (weights[i] as number) * Math.pow(x, k - 1);
    }
    return s / first;
  };
  const u = bisectDownCrossing((v) => g1(1 - t + t * v) - v);
  const x = 1 - t + t * u;
  let g0 = 0;
  for (let i = 0; i < degrees.length; i++) g0 += (weights[i] as number) * Math.pow(x, degrees[i] as number);
  return { size: Math.max(0, 1 - g0 / total), u };
}
