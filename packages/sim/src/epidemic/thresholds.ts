/**
 * Epidemic thresholds of a contact graph and the per-edge transmissibility of discrete-time SIR/SIS.
 *
 * Time model (the population engine's rounds): in every round each infectious agent independently infects
 * each susceptible contact with probability β (per contact, per round), and at the end of the round it
 * recovers with probability γ. An agent infected in round t is infectious from round t+1 for a
 * Geometric(γ) number of rounds D ∈ {1, 2, ...}, P(D = d) = γ(1−γ)^(d−1).
 */
import type { CsrGraph } from '../topology/index.js';

function checkProbability(name: string, p: number): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${name} must be a probability in [0, 1], got ${p}`);
}

/**
 * Transmissibility T: the probability that an infectious agent infects a given contact before recovering,
 * T = Σ_{d≥1} γ(1−γ)^(d−1) (1 − (1−β)^d). With q = (1−β)(1−γ) the geometric sums give
 * Σ γ(1−γ)^(d−1) (1−β)^d = γ(1−β) / (1 − q), hence the closed form
 *
 *   T = 1 − γ(1−β)/(1−q) = β / (β + γ − βγ).
 *
 * γ = 1 (infectious for exactly one round) gives T = β; γ = 0 (infectious forever) gives T = 1 when β > 0;
 * β = 0 gives T = 0. O(1).
 * @throws RangeError unless β and γ are in [0, 1].
 */
export function transmissibility(beta: number, gamma: number): number {
  checkProbability('transmission probability β', beta);
  checkProbability('recovery probability γ', gamma);
  if (beta === 0) return 0;
  return beta / (beta + gamma - beta * gamma);
}

/** Degree statistics of a graph (out-degrees for a directed graph). */
export interface DegreeMoments {
  readonly n: number;
  /** Undirected edges (adjacency entries / 2), or arcs of a directed graph. */
  readonly edges: number;
  /** ⟨k⟩. */
  readonly mean: number;
  /** ⟨k²⟩. */
  readonly meanSquare: number;
  readonly max: number;
  /** `histogram[k]` = number of nodes of degree k, for k = 0..max. */
  readonly histogram: Float64Array;
}

/** ⟨k⟩, ⟨k²⟩, the largest degree and the degree histogram. O(n + max degree). */
export function degreeMoments(graph: CsrGraph): DegreeMoments {
  const { n, offsets } = graph;
  let max = 0;
  for (let u = 0; u < n; u++) {
    const d = (offsets[u + 1] as number) - (offsets[u] as number);
    if (d > max) max = d;
  }
  const histogram = new Float64Array(max + 1);
  let sum = 0;
  let sumSquares = 0;
  for (let u = 0; u < n; u++) {
    const d = (offsets[u + 1] as number) - (offsets[u] as number);
    histogram[d] = (histogram[d] as number) + 1;
    sum += d;
    sumSquares += d * d;
  }
  const entries = offsets[n] as number;
  return {
    n,
    edges: graph.directed ? entries : entries / 2,
    mean: n > 0 ? sum / n : 0,
    meanSquare: n > 0 ? sumSquares / n : 0,
    max,
    histogram,
  };
}

/**
 * Quenched mean-field threshold of discrete-time SIS (Wang, Chakrabarti, Wang & Faloutsos 2003, "Epidemic
 * spreading in real networks: an eigenvalue viewpoint"): an infection with per-contact per-round
 * transmission probability β and per-round curing probability δ dies out when β/δ < 1/λ_max. This returns
 * the critical ratio 1/λ_max (Infinity for a graph without edges). The same linearisation gives the
 * quenched mean-field SIR threshold. O(1).
 */
export function sisThreshold(lambdaMax: number): number {
  if (!(lambdaMax >= 0)) throw new RangeError(`λ_max must be >= 0, got ${lambdaMax}`);
  return lambdaMax === 0 ? Infinity : 1 / lambdaMax;
}

/**
 * Critical transmissibility of SIR on a configuration-model graph with the given degree moments
 * (heterogeneous mean field / bond percolation; Newman 2002, "Spread of epidemic disease on networks"):
 * T_c = ⟨k⟩ / (⟨k²⟩ − ⟨k⟩). A large outbreak is possible when T > T_c. Infinity when ⟨k²⟩ ≤ ⟨k⟩ (no node has
 * two or more contacts on average, so chains cannot branch). O(1).
 */
export function sirCriticalTransmissibility(mean: number, meanSquare: number): number {
  const excess = meanSquare - mean;
  return excess > 0 ? mean / excess : Infinity;
}

/**
 * Critical transmission probability of the infectious-jailbreak model on random pairing (Gu et al. 2024,
 * "Agent Smith"): every round each agent chats with one random partner; an infected questioner (half of
 * the pairs it is in) passes the item on with probability β, carriers recover with probability γ. The
 * mean-field growth rate is β/2 − γ, so the infection is contained when β ≤ 2γ; this returns 2γ. O(1).
 */
export function pairingThreshold(gamma: number): number {
  checkProbability('recovery probability γ', gamma);
  return 2 * gamma;
}
