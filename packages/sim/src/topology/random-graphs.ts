/**
 * Random graph models, all deterministic given the Rng: the same stream state yields identical arrays.
 * Linear-time algorithms after Batagelj & Brandes, "Efficient generation of large random networks" (2005).
 */
import type { Rng } from '@masec/spec';
import { EdgeBuffer, buildCsr } from './builder.js';
import type { CsrGraph } from './csr.js';
import { EdgeSet } from './edge-set.js';
import { complete } from './regular.js';

const TWO_POW_32 = 4294967296;
/** Attempts to find a fresh endpoint when rewiring one Watts–Strogatz edge before keeping the original. */
const REWIRE_ATTEMPTS = 64;

function checkN(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what}: n must be a non-negative integer, got ${n}`);
}

/** Uniform integer in [0, len); combines two draws when len exceeds the 32-bit resolution of one. */
function uniformIndex(rng: Rng, len: number): number {
  if (len <= TWO_POW_32) return rng.int(len);
  const x = rng.next() + rng.next() / TWO_POW_32;
  return Math.min(len - 1, Math.floor(x * len));
}

/** Erdős–Rényi parameters: exactly one of `p` (edge probability) or `meanDegree` (p = meanDegree / (n-1)). */
export interface ErdosRenyiParams {
  readonly p?: number | undefined;
  readonly meanDegree?: number | undefined;
}

/**
 * Erdős–Rényi G(n, p): each of the n(n-1)/2 pairs is an edge independently with probability p.
 * Geometric skipping (Batagelj & Brandes 2005, algorithm G(n,p)) jumps straight from one edge to the next,
 * so it is O(n + m) time for m edges instead of O(n^2). p >= 1 gives the complete graph.
 */
export function erdosRenyi(n: number, params: ErdosRenyiParams, rng: Rng): CsrGraph {
  checkN(n, 'erdosRenyi');
  const hasP = params.p !== undefined;
  const hasMean = params.meanDegree !== undefined;
  if (hasP === hasMean) throw new RangeError('erdosRenyi: give exactly one of p or meanDegree');
  const raw = params.p ?? (n > 1 ? (params.meanDegree as number) / (n - 1) : 0);
  if (!(raw >= 0)) throw new RangeError(`erdosRenyi: edge probability must be >= 0, got ${raw}`);
  const p = Math.min(1, raw);
  if (p >= 1) return complete(n);
  const pairs = (n * (n - 1)) / 2;
  const expected = p * pairs;
  const buf = new EdgeBuffer(Math.min(pairs, expected + 4 * Math.sqrt(expected) + 16));
  if (p > 0 && n > 1) {
    const logQ = Math.log1p(-p);
    // Enumerate pairs (v, w) with w < v in row order; skip a Geometric(p) number of non-edges each step.
    let v = 1;
    let w = -1;
    while (v < n) {
      const r = rng.next();
      w += 1 + Math.floor(Math.log1p(-r) / logQ);
      while (w >= v && v < n) {
        w -= v;
        v++;
      }
      if (v < n) buf.push(v, w);
    }
  }
  return buf.toCsr(n);
}

/**
 * Watts–Strogatz small world: a ring lattice where every node links to its k/2 nearest neighbours on each
 * side, then each lattice edge (u, u+j) is rewired with probability beta to (u, w) for a uniform w. Rewiring
 * avoids self-loops and duplicate edges (tracked in a hash set); when no fresh w is found in 64 tries (nearly
 * complete graphs) the edge is kept. The edge count is therefore exactly n·k/2. O(n·k) expected time.
 * @throws RangeError unless k is even and 0 <= k < n, and 0 <= beta <= 1.
 */
export function wattsStrogatz(n: number, k: number, beta: number, rng: Rng): CsrGraph {
  checkN(n, 'wattsStrogatz');
  if (!Number.isInteger(k) || k < 0 || k % 2 !== 0 || (k >= n && n > 0)) {
    throw new RangeError(`wattsStrogatz: k must be an even integer with 0 <= k < n, got k=${k}, n=${n}`);
  }
  if (!(beta >= 0 && beta <= 1)) throw new RangeError(`wattsStrogatz: beta must be in [0, 1], got ${beta}`);
  const half = k / 2;
  const m = n * half;
  const src = new Int32Array(m);
  const dst = new Int32Array(m);
  const set = new EdgeSet(2 * m);
  for (let j = 1; j <= half; j++) {
    for (let u = 0; u < n; u++) {
      const e = (j - 1) * n + u;
      const v = (u + j) % n;
      src[e] = u;
      dst[e] = v;
      set.add(u, v);
    }
  }
  // Rewire ring by ring (nearest neighbours first), as in the original model.
  for (let e = 0; e < m; e++) {
    if (!rng.chance(beta)) continue;
    const u = src[e] as number;
    for (let attempt = 0; attempt < REWIRE_ATTEMPTS; attempt++) {
      const w = rng.int(n);
      if (w === u || set.has(u, w)) continue;
      set.delete(u, dst[e] as number);
      set.add(u, w);
      dst[e] = w;
      break;
    }
  }
  return buildCsr(n, src, dst, m);
}

/**
 * Barabási–Albert preferential attachment. Starts from a complete core on nodes 0..m (every core node has
 * degree m, so no node ever has degree < m); each later node v attaches to m distinct earlier nodes chosen
 * with probability proportional to their current degree. Degree-proportional sampling uses the
 * repeated-endpoints trick (Batagelj & Brandes 2005): a uniform endpoint of a uniform existing edge is a
 * degree-weighted node, and the edge arrays themselves serve as that list, so no extra memory is needed.
 * Repeated picks for the same v are redrawn (no multi-edges). Edges: m(m+1)/2 + (n-m-1)·m ≈ n·m.
 * O(n·m) expected time; O(n·m) memory.
 * @throws RangeError unless m >= 1 and m < n.
 */
export function barabasiAlbert(n: number, m: number, rng: Rng): CsrGraph {
  checkN(n, 'barabasiAlbert');
  if (!Number.isInteger(m) || m < 1 || m >= n) {
    throw new RangeError(`barabasiAlbert: m must be an integer with 1 <= m < n, got m=${m}, n=${n}`);
  }
  const total = (m * (m + 1)) / 2 + (n - m - 1) * m;
  const src = new Int32Array(total);
  const dst = new Int32Array(total);
  let e = 0;
  for (let i = 0; i <= m; i++) {
    for (let j = i + 1; j <= m; j++) {
      src[e] = i;
      dst[e] = j;
      e++;
    }
  }
  const chosenBy = new Int32Array(n).fill(-1);
  for (let v = m + 1; v < n; v++) {
    const endpoints = 2 * e; // sample only among edges that existed before v arrived
    for (let t = 0; t < m; t++) {
      let target: number;
      do {
        const r = uniformIndex(rng, endpoints);
        const edge = Math.floor(r / 2);
        target = (r & 1) === 0 ? (src[edge] as number) : (dst[edge] as number);
      } while (chosenBy[target] === v);
      chosenBy[target] = v;
      src[e] = v;
      dst[e] = target;
      e++;
    }
  }
  return buildCsr(n, src, dst, e);
}

/**
 * A uniformly random perfect matching of 0..n-1 for one round: `partner[i]` is i's partner and
 * `partner[partner[i]] === i`; when n is odd one node gets -1. Fisher–Yates over a permutation, O(n).
 */
export function randomPairing(n: number, rng: Rng): Int32Array {
  checkN(n, 'randomPairing');
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = perm[i] as number;
    perm[i] = perm[j] as number;
    perm[j] = tmp;
  }
  const partner = new Int32Array(n);
  for (let i = 0; i + 1 < n; i += 2) {
    const a = perm[i] as number;
    const b = perm[i + 1] as number;
    partner[a] = b;
    partner[b] = a;
  }
  if (n % 2 === 1) partner[perm[n - 1] as number] = -1;
  return partner;
}
