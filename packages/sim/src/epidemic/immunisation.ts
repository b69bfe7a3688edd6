/**
 * Immunisation budgets: the fewest nodes to immunise (or edges to cut), in a strategy's order, for the
 * expected outbreak to stay at or below a target fraction of the agents.
 *
 * The outbreak for every budget k at once comes from a Newman–Ziff sweep (Newman & Ziff 2000, "Efficient
 * Monte Carlo algorithm and high-precision results for percolation"): for one percolation sample (edges kept
 * with probability T), start from the state where the whole order is removed and add nodes (or edges) back
 * from the last to the first, merging clusters in a union–find forest. After re-adding all but the first k,
 * the forest is the sample's graph with budget k, so one O(n + m) pass gives the outbreak for all k.
 *
 * Monotonicity and noise. Within a sample, removing a node or an edge can only split clusters, so Σ s² (hence
 * the expected outbreak) never grows with k; the mean over samples is therefore exactly non-increasing in k,
 * and the budget — the smallest k whose sample mean is ≤ the target — is well defined without a search over
 * noisy evaluations. All budgets share the same samples (common random numbers). The noise is in the mean
 * itself: the true expected outbreak at the returned budget can exceed the target by about the half-width of
 * the reported interval; more samples narrow it (∝ 1/√samples).
 */
import type { Rng } from '@masec/spec';
import type { ContactEdges } from './contact-edges.js';
import { type Estimate, estimateFromSums } from './estimate.js';
import { type ImmunisationStrategy, edgeCutOrder, nodeOrder } from './immunisation-order.js';
import { forEachOccupied } from './percolation.js';
import { UnionFind } from './union-find.js';

/** Options of {@link immunisationCurve}. */
export interface ImmunisationOptions {
  /** Edge occupation probability T in [0, 1]. */
  readonly transmissibility: number;
  readonly strategy: ImmunisationStrategy;
  /** Percolation samples (>= 1). */
  readonly samples: number;
  /** The order draws from `rng.fork('order')`, sample s from `rng.fork('sample:' + s)`. */
  readonly rng: Rng;
}

/** Outbreak size for every budget k = 0..K of a strategy, over the same percolation samples. */
export interface ImmunisationCurve {
  readonly strategy: ImmunisationStrategy;
  /** 'nodes' (immunised) or 'edges' (cut). */
  readonly unit: 'nodes' | 'edges';
  /** Nodes or edges in the order: K, the largest budget. */
  readonly size: number;
  /** The strategy's order: budget k spends it on `order[0..k)`. */
  readonly order: Int32Array;
  readonly samples: number;
  /** Mean over samples of the expected outbreak fraction (Σ s²/n²) at budget k; length K + 1. */
  readonly outbreak: Float64Array;
  /** Mean largest-cluster fraction at budget k; length K + 1. */
  readonly largest: Float64Array;
  /** Per-sample sum of squares of the outbreak fraction, for intervals; length K + 1. */
  readonly outbreakSquares: Float64Array;
}

/** The smallest budget meeting a target, from {@link immunisationBudget}. */
export interface ImmunisationBudget {
  readonly strategy: ImmunisationStrategy;
  readonly unit: 'nodes' | 'edges';
  readonly target: number;
  /** Smallest k whose mean outbreak is ≤ target, or null when even the whole order does not reach it. */
  readonly budget: number | null;
  /** budget / K: the fraction of agents immunised or of edges cut (the utility cost). */
  readonly cost: number | null;
  /** Outbreak at the budget (at k = K when the target is not reached). */
  readonly outbreak: Estimate;
  /** Mean largest-cluster fraction at the budget. */
  readonly largestCluster: number;
  /** Outbreak with no intervention (k = 0). */
  readonly baseline: Estimate;
}

/**
 * Outbreak fractions for every budget of `strategy`. Complexity: the order (O(n) for node strategies, O(m log m)
 * for edges) plus O(samples · (n + m)) for the sweeps (O(n + T·m) each for nodes); memory O(n + m) plus three
 * Float64Arrays of K + 1.
 */
export function immunisationCurve(edges: ContactEdges, options: ImmunisationOptions): ImmunisationCurve {
  const { transmissibility: t, strategy, samples, rng } = options;
  if (!Number.isInteger(samples) || samples < 1) throw new RangeError(`samples must be a positive integer, got ${samples}`);
  if (!(t >= 0 && t <= 1)) throw new RangeError(`transmissibility T must be in [0, 1], got ${t}`);
  const unit = strategy === 'edges' ? 'edges' : 'nodes';
  const order = strategy === 'edges' ? edgeCutOrder(edges) : nodeOrder(edges, strategy, rng.fork('order'));
  const size = order.length;
  const sum = new Float64Array(size + 1);
  const squares = new Float64Array(size + 1);
  const largest = new Float64Array(size + 1);
  const sweep = unit === 'edges' ? edgeSweep(edges, order, t) : nodeSweep(edges, order, t);
  const n = edges.n;
  const record = (k: number, uf: UnionFind): void => {
    const v = n > 0 ? uf.sumSquares / (n * n) : 0;
    sum[k] = (sum[k] as number) + v;
    squares[k] = (squares[k] as number) + v * v;
    largest[k] = (largest[k] as number) + (n > 0 ? uf.largest / n : 0);
  };
  for (let s = 0; s < samples; s++) sweep(rng.fork(`sample:${s}`), record);
  for (let k = 0; k <= size; k++) {
    sum[k] = (sum[k] as number) / samples;
    largest[k] = (largest[k] as number) / samples;
  }
  return { strategy, unit, size, order, samples, outbreak: sum, largest, outbreakSquares: squares };
}

type Sweep = (rng: Rng, record: (k: number, uf: UnionFind) => void) => void;

/**
 * Node sweep: the sample keeps edges by id exactly as {@link percolate} does with the same stream (so budget 0
 * and any prefix match it); an edge kept in the sample joins the graph when the later of its endpoints is re-added, i.e. at
 * key min(pos(u), pos(v)); kept edges are bucketed by key (counting sort), then nodes are re-added from
 * order[n−1] down to order[0] with their edges. O(n + T·m) per sample.
 */
function nodeSweep(edges: ContactEdges, order: Int32Array, t: number): Sweep {
  const n = edges.n;
  const { src, dst } = edges;
  const pos = new Int32Array(n);
  for (let k = 0; k < n; k++) pos[order[k] as number] = k;
  const kept = new Int32Array(edges.count);
  const bucketStart = new Int32Array(n + 1);
  const sorted = new Int32Array(edges.count);
  const uf = new UnionFind(n);
  return (rng, record) => {
    let count = 0;
    forEachOccupied(edges.count, t, rng, (e) => {
      kept[count++] = e;
    });
    bucketStart.fill(0);
    for (let i = 0; i < count; i++) {
      const e = kept[i] as number;
      const slot = Math.min(pos[src[e] as number] as number, pos[dst[e] as number] as number) + 1;
      bucketStart[slot] = (bucketStart[slot] as number) + 1;
    }
    for (let k = 1; k <= n; k++) bucketStart[k] = (bucketStart[k] as number) + (bucketStart[k - 1] as number);
    for (let i = 0; i < count; i++) {
      const e = kept[i] as number;
      const key = Math.min(pos[src[e] as number] as number, pos[dst[e] as number] as number);
      const at = bucketStart[key] as number;
      sorted[at] = e;
      bucketStart[key] = at + 1;
    }
    // bucketStart[k] is now the end of bucket k (= the start of bucket k + 1).
    uf.resetEmpty();
    record(n, uf);
    for (let k = n - 1; k >= 0; k--) {
      uf.activate(order[k] as number);
      const end = bucketStart[k] as number;
      for (let i = k > 0 ? (bucketStart[k - 1] as number) : 0; i < end; i++) {
        const e = sorted[i] as number;
        uf.union(src[e] as number, dst[e] as number);
      }
      record(k, uf);
    }
  };
}

/**
 * Edge sweep: all nodes present, edges re-added from order[m−1] down to order[0], those the sample keeps
 * merging clusters. The sample keeps edges by id exactly as {@link percolate} does with the same stream, so
 * budget 0 is the plain percolation estimate. O(n + m) per sample.
 */
function edgeSweep(edges: ContactEdges, order: Int32Array, t: number): Sweep {
  const m = order.length;
  const { src, dst } = edges;
  const kept = new Uint8Array(m);
  const uf = new UnionFind(edges.n);
  return (rng, record) => {
    kept.fill(0);
    forEachOccupied(m, t, rng, (e) => {
      kept[e] = 1;
    });
    uf.reset();
    record(m, uf);
    for (let k = m - 1; k >= 0; k--) {
      const e = order[k] as number;
      if (kept[e] !== 0) uf.union(src[e] as number, dst[e] as number);
      record(k, uf);
    }
  };
}

/**
 * The smallest budget of `strategy` whose mean outbreak over the samples is ≤ `target` (a fraction of the
 * agents in [0, 1]), with the outbreak there (mean and 95% interval), its utility cost and the baseline.
 * Complexity: that of {@link immunisationCurve}; the budget itself is a binary search on the monotone mean.
 */
export function immunisationBudget(edges: ContactEdges, options: ImmunisationOptions & { readonly target: number }): ImmunisationBudget {
  const { target } = options;
  if (!(target >= 0 && target <= 1)) throw new RangeError(`target must be a fraction in [0, 1], got ${target}`);
  const curve = immunisationCurve(edges, options);
  return budgetOf(curve, target);
}

/** Reads the budget for `target` off a curve. Binary search: the mean outbreak is non-increasing in k. O(log K). */
export function budgetOf(curve: ImmunisationCurve, target: number): ImmunisationBudget {
  const { size, outbreak, samples } = curve;
  const at = (k: number): Estimate => estimateFromSums((outbreak[k] as number) * samples, curve.outbreakSquares[k] as number, samples);
  const reached = (outbreak[size] as number) <= target;
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((outbreak[mid] as number) <= target) hi = mid;
    else lo = mid + 1;
  }
  const k = reached ? lo : size;
  return {
    strategy: curve.strategy,
    unit: curve.unit,
    target,
    budget: reached ? k : null,
    cost: reached ? (size > 0 ? k / size : 0) : null,
    outbreak: at(k),
    largestCluster: curve.largest[k] as number,
    baseline: at(0),
  };
}
