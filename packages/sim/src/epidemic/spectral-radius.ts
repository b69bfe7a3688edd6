/**
 * Spectral radius λ_max of a graph's adjacency matrix over the CSR arrays: Lanczos for undirected graphs,
 * shifted power iteration for directed ones (details at {@link spectralRadius}). Power iteration:
 *
 * Each step computes y = A·x (a gather over `neighbors`, O(n + entries)), the Rayleigh quotient
 * λ = x·y / x·x and the residual ‖y − λx‖ / ‖x‖, then moves to x ← (y + s·x) / ‖y + s·x‖, i.e. it iterates
 * A + sI. The shift s > 0 makes λ_max + s the unique eigenvalue of largest modulus even when −λ_max is an
 * eigenvalue too (bipartite graphs) or, for directed graphs, when other eigenvalues lie on the circle
 * |λ| = λ_max (periodic graphs such as a directed cycle); the estimate is of A itself, so no shift needs
 * subtracting. The start vector is positive and seeded, so it overlaps the Perron vector of every component
 * and a disconnected graph converges to its largest component's λ_max.
 */
import type { Rng } from '@masec/spec';
import type { CsrGraph } from '../topology/index.js';

/** Options of {@link spectralRadius}. */
export interface SpectralRadiusOptions {
  /** Stop when ‖Ax − λx‖ / ‖x‖ ≤ tolerance · max(λ, 1). Default 1e-6. */
  readonly tolerance?: number;
  /** Iteration cap. Default 2000. */
  readonly maxIterations?: number;
  /** Shift s of the iteration A + sI (s > 0). Default 1. */
  readonly shift?: number;
  /** Draws the positive start vector (entries in [0.5, 1.5)); default: a fixed hash of the node index. */
  readonly rng?: Rng;
}

/** What {@link spectralRadius} found. */
export interface SpectralRadiusResult {
  /** Estimate of the largest eigenvalue λ_max of the adjacency matrix (its spectral radius). */
  readonly lambda: number;
  /** Iterations (matrix–vector products) done. */
  readonly iterations: number;
  /** ‖Ax − λx‖ / ‖x‖ of the final vector. For an undirected graph some eigenvalue lies within this of `lambda`. */
  readonly residual: number;
  /** Whether the residual met the tolerance before the cap. */
  readonly converged: boolean;
  /**
   * How λ_max was found: 'power-iteration'; 'regular' when every node has the same (out-)degree d, so A·1 = d·1
   * and λ_max = d exactly (a ring, a complete graph: power iteration would converge slowly on a large ring);
   * 'acyclic' when a directed graph has no cycle (A is nilpotent, λ_max = 0 exactly, where the iteration
   * would only approach 0 like 1/k); 'lanczos' for an undirected graph (see {@link spectralRadius}; it may end
   * with a few power iterations, which the count includes).
   */
  readonly method: 'lanczos' | 'power-iteration' | 'regular' | 'acyclic';
}

const DEFAULT_TOLERANCE = 1e-6;
const DEFAULT_MAX_ITERATIONS = 2_000;

/** Multiplicative hash of (i, salt) to (0, 1]: a start vector that needs no Rng. */
function fallbackEntry(i: number, salt: number): number {
  let h = Math.imul(i ^ salt, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return ((h >>> 0) + 1) / 4294967296;
}

/** Kahn's algorithm: true when the directed graph has no cycle. O(n + entries). */
export function isAcyclic(graph: CsrGraph): boolean {
  const { n, offsets, neighbors } = graph;
  const indegree = new Int32Array(n);
  for (let p = 0; p < neighbors.length; p++) {
    const v = neighbors[p] as number;
    indegree[v] = (indegree[v] as number) + 1;
  }
  const queue = new Int32Array(n);
  let tail = 0;
  for (let u = 0; u < n; u++) if (indegree[u] === 0) queue[tail++] = u;
  for (let head = 0; head < tail; head++) {
    const u = queue[head] as number;
    const end = offsets[u + 1] as number;
    for (let p = offsets[u] as number; p < end; p++) {
      const v = neighbors[p] as number;
      const left = (indegree[v] as number) - 1;
      indegree[v] = left;
      if (left === 0) queue[tail++] = v;
    }
  }
  return tail === n;
}

/** The (out-)degree every node has, or undefined when degrees differ. O(n). */
function commonDegree(graph: CsrGraph): number | undefined {
  const { n, offsets } = graph;
  const d = (offsets[1] as number) - (offsets[0] as number);
  for (let u = 1; u < n; u++) if ((offsets[u + 1] as number) - (offsets[u] as number) !== d) return undefined;
  return d;
}

/**
 * λ_max of the adjacency matrix of `graph` (undirected or directed; for a directed graph, the Perron root,
 * which is the same for A and Aᵀ).
 *
 * Undirected graphs (A symmetric) use the Lanczos iteration: k matrix–vector products build a k×k
 * tridiagonal matrix T whose largest eigenvalue (a Ritz value, never above λ_max) approaches λ_max far
 * faster than power iteration when the top of the spectrum is crowded, as it is in heavy-tailed graphs with
 * several hubs. No reorthogonalisation (memory stays O(n)); convergence is judged from T (the residual of the
 * Ritz pair is β_k·|s_k|), then *verified*: the Ritz vector x is formed (from the Lanczos vectors, kept in
 * single precision while they fit in 256 MiB, else by replaying the iteration from the same start vector) and ‖Ax − λx‖ with λ = x·Ax/x·x is
 * computed directly. If that misses the tolerance (rounding
 * has eroded orthogonality), power iteration continues from x. Measured products to a 1e-6 residual (10^6
 * nodes, replay and check included): see benchmarks/README.md ("epidemic-analysis").
 *
 * Directed graphs use shifted power iteration (A + sI), whose convergence ratio is (λ₂ + s)/(λ_max + s): slow
 * when the gap is small; raise `shift` towards λ_max/2 on bipartite-like graphs. A Rayleigh quotient of an
 * undirected graph never exceeds λ_max, so an estimate stopped by the cap is a lower bound.
 *
 * Complexity: O(n + entries) time per product; five Float64Arrays of n plus up to 256 MiB of Lanczos vectors
 * (Lanczos), or two (power iteration).
 * @throws RangeError for a tolerance, iteration cap or shift out of range.
 */
export function spectralRadius(graph: CsrGraph, options: SpectralRadiusOptions = {}): SpectralRadiusResult {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const maxIterations = options.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const shift = options.shift ?? 1;
  if (!(tolerance > 0)) throw new RangeError(`spectralRadius: tolerance must be > 0, got ${tolerance}`);
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new RangeError(`spectralRadius: maxIterations must be a positive integer, got ${maxIterations}`);
  }
  if (!(shift > 0 && Number.isFinite(shift))) throw new RangeError(`spectralRadius: shift must be a positive number, got ${shift}`);
  const { n, neighbors } = graph;
  const method = graph.directed ? 'power-iteration' : 'lanczos';
  if (n === 0 || neighbors.length === 0) return { lambda: 0, iterations: 0, residual: 0, converged: true, method };
  const regular = commonDegree(graph);
  if (regular !== undefined) return { lambda: regular, iterations: 0, residual: 0, converged: true, method: 'regular' };
  if (graph.directed && isAcyclic(graph)) return { lambda: 0, iterations: 0, residual: 0, converged: true, method: 'acyclic' };

  const x = startVector(n, options.rng);
  const y = new Float64Array(n);
  if (graph.directed) return powerIterate(graph, x, y, { tolerance, budget: maxIterations, shift, done: 0 });
  return lanczos(graph, x, y, tolerance, maxIterations, shift);
}

/** A positive unit vector (entries drawn in [0.5, 1.5) before scaling): it overlaps every component's Perron vector. */
function startVector(n: number, rng: Rng | undefined): Float64Array {
  const x = new Float64Array(n);
  let norm2 = 0;
  for (let i = 0; i < n; i++) {
    const v = 0.5 + (rng !== undefined ? rng.next() : fallbackEntry(i, 0x2545f491));
    x[i] = v;
    norm2 += v * v;
  }
  scaleInPlace(x, 1 / Math.sqrt(norm2));
  return x;
}

/** y = A·x over the CSR arrays; returns x·y. */
function multiply(graph: CsrGraph, x: Float64Array, y: Float64Array): number {
  const { n, offsets, neighbors } = graph;
  let dot = 0;
  for (let u = 0; u < n; u++) {
    let sum = 0;
    const end = offsets[u + 1] as number;
    for (let p = offsets[u] as number; p < end; p++) sum += x[neighbors[p] as number] as number;
    y[u] = sum;
    dot += sum * (x[u] as number);
  }
  return dot;
}

function scaleInPlace(v: Float64Array, factor: number): void {
  for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) * factor;
}

interface PowerOptions {
  tolerance: number;
  /** Products allowed in all (including `done`). */
  budget: number;
  shift: number;
  /** Products already spent (by Lanczos, before falling back here). */
  done: number;
}

/** Shifted power iteration from the unit vector x (y is scratch); see {@link spectralRadius}. */
function powerIterate(graph: CsrGraph, start: Float64Array, scratch: Float64Array, o: PowerOptions): SpectralRadiusResult {
  let x = start;
  let y = scratch;
  let lambda = 0;
  let residual = Infinity;
  let iterations = o.done;
  const met = (): boolean => residual <= o.tolerance * Math.max(Math.abs(lambda), 1);
  while (iterations < o.budget) {
    iterations++;
    // y = A x and the Rayleigh quotient x·y (x has unit norm).
    lambda = multiply(graph, x, y);
    // Residual ‖y − λx‖ and the next iterate y + s·x, in one pass.
    let r2 = 0;
    let norm2 = 0;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i] as number;
      const yi = y[i] as number;
      const d = yi - lambda * xi;
      r2 += d * d;
      const z = yi + o.shift * xi;
      y[i] = z;
      norm2 += z * z;
    }
    residual = Math.sqrt(r2);
    if (met()) break;
    scaleInPlace(y, 1 / Math.sqrt(norm2));
    const t = x;
    x = y;
    y = t;
  }
  return { lambda, iterations, residual, converged: met(), method: 'power-iteration' };
}

/** Memory for keeping the Lanczos vectors (saves replaying them): 64 single-precision vectors at 10^6 nodes. */
const BASIS_BYTES = 256 * 1024 * 1024;

function addScaled(x: Float64Array, factor: number, v: Float64Array | Float32Array): void {
  for (let i = 0; i < x.length; i++) x[i] = (x[i] as number) + factor * (v[i] as number);
}

/** Iterations between convergence checks of the tridiagonal matrix (each check is O(k²) at most). */
const CHECK_EVERY = 4;

/**
 * Lanczos from the unit vector `q1` (kept), then the Ritz vector's check, then power iteration if needed.
 * `y` is scratch. Counts every product against `budget`.
 */
function lanczos(graph: CsrGraph, q1: Float64Array, y: Float64Array, tolerance: number, budget: number, shift: number): SpectralRadiusResult {
  const n = graph.n;
  const alpha: number[] = [];
  const beta: number[] = [];
  // Half the budget for building T: a replay that forms the Ritz vector may cost as many products again.
  const steps = Math.max(1, Math.floor((budget - 1) / 2));
  let ritz: { theta: number; vector: Float64Array } = { theta: 0, vector: new Float64Array(0) };
  let q: Float64Array = new Float64Array(q1);
  let qPrev: Float64Array = new Float64Array(n);
  // The Lanczos vectors, kept while they fit in BASIS_BYTES (past that the Ritz vector comes from a replay):
  // in single precision for tolerances from 1e-6 up (rounding moves the residual by ≈ 1e-7·λ, and the Ritz
  // vector is checked exactly below), in double precision for tighter ones.
  const bytes = tolerance >= 1e-6 ? 4 : 8;
  let basis: (Float32Array | Float64Array)[] | null = [];
  for (let j = 0; j < steps; j++) {
    if (basis !== null) {
      if ((basis.length + 1) * n * bytes <= BASIS_BYTES) basis.push(bytes === 4 ? Float32Array.from(q) : Float64Array.from(q));
      else basis = null;
    }
    const a = lanczosStep(graph, q, qPrev, y, j === 0 ? 0 : (beta[j - 1] as number));
    alpha.push(a);
    const b = norm(y);
    beta.push(b);
    const invariant = !(b > 1e-12 * Math.max(1, Math.abs(a)));
    if (invariant || j < 8 || j % CHECK_EVERY === 0 || j === steps - 1) {
      ritz = topRitzPair(alpha, beta);
      const estimate = b * Math.abs(ritz.vector[j] as number);
      if (invariant || estimate <= 0.5 * tolerance * Math.max(Math.abs(ritz.theta), 1)) break;
    }
    // q_{j+1} = y / β_j; the buffers rotate.
    scaleInPlace(y, 1 / b);
    const t = qPrev;
    qPrev = q;
    q = y;
    y = t;
  }
  const k = alpha.length;
  // x = Σ s_i q_i: from the kept vectors, or by replaying the same recurrence from q1 (same operations, same
  // α and β, k − 1 more products).
  const x = new Float64Array(n);
  let scratch = y;
  let used = k;
  if (basis !== null && basis.length === k) {
    for (let j = 0; j < k; j++) addScaled(x, ritz.vector[j] as number, basis[j] as Float32Array | Float64Array);
  } else {
    q = new Float64Array(q1);
    qPrev.fill(0);
    for (let j = 0; j < k; j++) {
      addScaled(x, ritz.vector[j] as number, q);
      if (j === k - 1) break;
      lanczosStep(graph, q, qPrev, scratch, j === 0 ? 0 : (beta[j - 1] as number), alpha[j] as number);
      used++;
      scaleInPlace(scratch, 1 / (beta[j] as number));
      const t = qPrev;
      qPrev = q;
      q = scratch;
      scratch = t;
    }
  }
  basis = null;
  scaleInPlace(x, 1 / norm(x));
  // Check: the Rayleigh quotient and residual of x itself.
  const lambda = multiply(graph, x, scratch);
  let r2 = 0;
  for (let i = 0; i < n; i++) {
    const d = (scratch[i] as number) - lambda * (x[i] as number);
    r2 += d * d;
  }
  const residual = Math.sqrt(r2);
  const iterations = used + 1;
  if (residual <= tolerance * Math.max(Math.abs(lambda), 1)) return { lambda, iterations, residual, converged: true, method: 'lanczos' };
  if (iterations >= budget) return { lambda, iterations, residual, converged: false, method: 'lanczos' };
  return { ...powerIterate(graph, x, scratch, { tolerance, budget, shift, done: iterations }), method: 'lanczos' };
}

/**
 * One Lanczos step: w = A·q − β_prev·q_prev − α·q into `w`, with α = q·A·q (computed unless given, as in the
 * replay, which must reuse the first pass's value bit for bit). Returns α.
 */
function lanczosStep(graph: CsrGraph, q: Float64Array, qPrev: Float64Array, w: Float64Array, betaPrev: number, alphaKnown?: number): number {
  multiply(graph, q, w);
  const n = q.length;
  // One pass: subtract β_prev·q_prev and accumulate α = w·q (the same sums whether α is used or not).
  let dot = 0;
  for (let i = 0; i < n; i++) {
    const wi = (w[i] as number) - betaPrev * (qPrev[i] as number);
    w[i] = wi;
    dot += wi * (q[i] as number);
  }
  const alpha = alphaKnown ?? dot;
  for (let i = 0; i < n; i++) w[i] = (w[i] as number) - alpha * (q[i] as number);
  return alpha;
}

function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) * (v[i] as number);
  return Math.sqrt(s);
}

/**
 * The largest eigenvalue θ of the symmetric tridiagonal matrix with diagonal `alpha` and off-diagonal `beta`
 * (its first k − 1 entries), by bisection on Sturm counts, and its unit eigenvector by inverse iteration.
 */
export function topRitzPair(alpha: readonly number[], beta: readonly number[]): { theta: number; vector: Float64Array } {
  const k = alpha.length;
  // Gershgorin bounds.
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < k; i++) {
    const r = (i > 0 ? Math.abs(beta[i - 1] as number) : 0) + (i < k - 1 ? Math.abs(beta[i] as number) : 0);
    lo = Math.min(lo, (alpha[i] as number) - r);
    hi = Math.max(hi, (alpha[i] as number) + r);
  }
  // Bisection for the largest eigenvalue: the point where fewer than k eigenvalues lie below.
  for (let it = 0; it < 200 && hi - lo > 4 * Number.EPSILON * Math.max(Math.abs(lo), Math.abs(hi), 1); it++) {
    const mid = (lo + hi) / 2;
    if (countBelow(alpha, beta, mid) < k) lo = mid;
    else hi = mid;
  }
  const theta = hi;
  const vector = inverseIteration(alpha, beta, theta);
  return { theta, vector };
}

/** Eigenvalues of the tridiagonal matrix below x (the negative pivots of T − xI = LDLᵀ). */
function countBelow(alpha: readonly number[], beta: readonly number[], x: number): number {
  let count = 0;
  let d = 1;
  for (let i = 0; i < alpha.length; i++) {
    const b = i > 0 ? (beta[i - 1] as number) : 0;
    d = (alpha[i] as number) - x - (i > 0 ? (b * b) / d : 0);
    if (d === 0) d = -Number.MIN_VALUE;
    if (d < 0) count++;
  }
  return count;
}

/** Unit eigenvector of the tridiagonal matrix for the eigenvalue θ: three steps of inverse iteration. */
function inverseIteration(alpha: readonly number[], beta: readonly number[], theta: number): Float64Array {
  const k = alpha.length;
  let v: Float64Array = new Float64Array(k).fill(1 / Math.sqrt(k));
  // Solve (T − θ'I) z = v with θ' just off θ (so the system is not exactly singular), Gaussian elimination
  // with partial pivoting on the tridiagonal band (LAPACK's gtsv scheme).
  const shiftBy = theta + 1e-10 * Math.max(1, Math.abs(theta));
  for (let step = 0; step < 3; step++) {
    const z = solveTridiagonal(alpha, beta, shiftBy, v);
    let s = 0;
    for (let i = 0; i < k; i++) s += (z[i] as number) * (z[i] as number);
    const inv = 1 / Math.sqrt(s);
    for (let i = 0; i < k; i++) z[i] = (z[i] as number) * inv;
    v = z;
  }
  return v;
}

/** Solves (T − σI) z = rhs for symmetric tridiagonal T (diagonal alpha, off-diagonal beta), with pivoting. */
function solveTridiagonal(alpha: readonly number[], beta: readonly number[], sigma: number, rhs: Float64Array): Float64Array {
  const k = alpha.length;
  const d = new Float64Array(k); // diagonal
  const du = new Float64Array(k); // first super-diagonal
  const du2 = new Float64Array(k); // second super-diagonal (fill-in from pivoting)
  const dl = new Float64Array(k); // sub-diagonal
  const b = new Float64Array(rhs);
  for (let i = 0; i < k; i++) {
    d[i] = (alpha[i] as number) - sigma;
    if (i < k - 1) {
      du[i] = beta[i] as number;
      dl[i] = beta[i] as number;
    }
  }
  const tiny = Number.MIN_VALUE * 1e10;
  for (let i = 0; i < k - 1; i++) {
    if (Math.abs(d[i] as number) >= Math.abs(dl[i] as number)) {
      // No row interchange.
      if (d[i] === 0) d[i] = tiny;
      const f = (dl[i] as number) / (d[i] as number);
      d[i + 1] = (d[i + 1] as number) - f * (du[i] as number);
      b[i + 1] = (b[i + 1] as number) - f * (b[i] as number);
      du2[i] = 0;
    } else {
      // Interchange rows i and i + 1.
      const f = (d[i] as number) / (dl[i] as number);
      d[i] = dl[i] as number;
      const tmp = d[i + 1] as number;
      d[i + 1] = (du[i] as number) - f * tmp;
      du2[i] = i < k - 2 ? (du[i + 1] as number) : 0;
      if (i < k - 2) du[i + 1] = -f * (du2[i] as number);
      du[i] = tmp;
      const tb = b[i] as number;
      b[i] = b[i + 1] as number;
      b[i + 1] = tb - f * (b[i + 1] as number);
    }
  }
  if (d[k - 1] === 0) d[k - 1] = tiny;
  // Back substitution with the (up to) two super-diagonals.
  const z = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let v = b[i] as number;
    if (i + 1 < k) v -= (du[i] as number) * (z[i + 1] as number);
    if (i + 2 < k) v -= (du2[i] as number) * (z[i + 2] as number);
    z[i] = v / (d[i] as number);
  }
  return z;
}
