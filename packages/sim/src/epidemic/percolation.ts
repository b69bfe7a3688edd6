/**
 * Graph-exact outbreak sizes by bond-percolation simulation: each sample keeps every undirected edge
 * independently with probability T (the transmissibility), merges the endpoints of kept edges in a
 * union–find forest, and reads the clusters. The cluster of a seed is the set an SIR outbreak from it
 * reaches when transmissions along different edges are independent events of probability T.
 */
import type { Rng } from '@masec/spec';
import type { ContactEdges } from './contact-edges.js';
import { type Estimate, estimateFromSums } from './estimate.js';
import { UnionFind } from './union-find.js';

/** Options of {@link percolate}. */
export interface PercolationOptions {
  /** Edge occupation probability T in [0, 1]. */
  readonly transmissibility: number;
  /** Independent percolation samples (>= 1). */
  readonly samples: number;
  /** Sample s draws from `rng.fork('sample:' + s)`, so each sample is reproducible on its own. */
  readonly rng: Rng;
  /** `removed[u] !== 0`: node u is immunised (never infected, transmits nothing). Length n. */
  readonly removed?: Uint8Array;
  /** `cut[e] !== 0`: edge e (an id of `edges`) is cut. Length edges.count. */
  readonly cut?: Uint8Array;
}

/** What {@link percolate} measured, as fractions of all n nodes. */
export interface PercolationEstimate {
  /**
   * Expected final size of an outbreak from one seed drawn uniformly from all n nodes (an immunised seed
   * infects nobody), as a fraction of n, counting the seed: Σ s² / n² over clusters of non-immunised nodes.
   */
  readonly meanOutbreak: Estimate;
  /** Size of the largest cluster / n. */
  readonly largestCluster: Estimate;
}

/**
 * Calls `visit(e)` for each edge id e in [0, count) that a Bernoulli(T) trial keeps, in increasing order.
 * Geometric skipping: one uniform draw per kept edge, not per edge. O(1 + T·count).
 */
export function forEachOccupied(count: number, t: number, rng: Rng, visit: (e: number) => void): void {
  if (!(t >= 0 && t <= 1)) throw new RangeError(`transmissibility T must be in [0, 1], got ${t}`);
  if (t === 0) return;
  if (t === 1) {
    for (let e = 0; e < count; e++) visit(e);
    return;
  }
  const logQ = Math.log1p(-t);
  let e = -1;
  for (;;) {
    e += 1 + Math.floor(Math.log1p(-rng.next()) / logQ);
    if (e >= count) return;
    visit(e);
  }
}

/**
 * Estimates outbreak sizes on the actual graph by `samples` bond-percolation samples, with optional
 * immunised nodes and cut edges. Complexity: O(samples · (n + T·m·α(n))) time, O(n) memory besides the masks.
 * @throws RangeError for bad T, sample count or mask lengths.
 */
export function percolate(edges: ContactEdges, options: PercolationOptions): PercolationEstimate {
  const { transmissibility: t, samples, rng, removed, cut } = options;
  const n = edges.n;
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`samples must be a positive integer, got ${samples}`);
  if (removed !== undefined && removed.length !== n) throw new RangeError(`removed has length ${removed.length}, expected n = ${n}`);
  if (cut !== undefined && cut.length !== edges.count) throw new RangeError(`cut has length ${cut.length}, expected ${edges.count} edges`);
  if (n === 0) {
    const zero = estimateFromSums(0, 0, samples);
    return { meanOutbreak: zero, largestCluster: zero };
  }
  const uf = new UnionFind(n);
  const { src, dst } = edges;
  const n2 = n * n;
  let outbreakSum = 0;
  let outbreakSquares = 0;
  let largestSum = 0;
  let largestSquares = 0;
  for (let s = 0; s < samples; s++) {
    if (removed === undefined) uf.reset();
    else {
      uf.resetEmpty();
      for (let u = 0; u < n; u++) if (removed[u] === 0) uf.activate(u);
    }
    forEachOccupied(edges.count, t, rng.fork(`sample:${s}`), (e) => {
      const u = src[e] as number;
      const v = dst[e] as number;
      if (removed !== undefined && (removed[u] !== 0 || removed[v] !== 0)) return;
      if (cut !== undefined && cut[e] !== 0) return;
      uf.union(u, v);
    });
    const outbreak = uf.sumSquares / n2;
    const largest = uf.largest / n;
    outbreakSum += outbreak;
    outbreakSquares += outbreak * outbreak;
    largestSum += largest;
    largestSquares += largest * largest;
  }
  return {
    meanOutbreak: estimateFromSums(outbreakSum, outbreakSquares, samples),
    largestCluster: estimateFromSums(largestSum, largestSquares, samples),
  };
}
