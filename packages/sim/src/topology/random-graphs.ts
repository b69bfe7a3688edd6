/**
 * Random graph models, all deterministic given the Rng: the same stream state yields identical arrays.
 * Linear-time algorithms after Batagelj & Brandes, "Efficient generation of large random networks" (2005).
 */
import type { Rng } from '@masec/spec';
import { Sfc32Stream } from '../random/sfc32-stream.js';
import { sortSlices } from './builder.js';
import { CsrAssembler, assembleSimpleGraph, checkEntryCount } from './csr-assembler.js';
import type { CsrGraph } from './csr.js';
import { sharedInt32 } from './memory.js';
import { complete } from './regular.js';

/** Attempts to find a fresh endpoint when rewiring one Watts–Strogatz edge before keeping the original. */
const REWIRE_ATTEMPTS = 64;
/** Barabási–Albert: up to this m, repeated picks are found by scanning the node's own picks. */
const LINEAR_CHECK_MAX = 16;
/** Barabási–Albert: nodes whose picks are drawn together so that their memory reads overlap. */
const BA_BATCH = 64;

function checkN(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what}: n must be a non-negative integer, got ${n}`);
}

/** Erdős–Rényi parameters: exactly one of `p` (edge probability) or `meanDegree` (p = meanDegree / (n-1)). */
export interface ErdosRenyiParams {
  readonly p?: number | undefined;
  readonly meanDegree?: number | undefined;
}

/**
 * Erdős–Rényi G(n, p): each of the n(n-1)/2 pairs is an edge independently with probability p.
 * Geometric skipping (Batagelj & Brandes 2005, algorithm G(n,p)) jumps straight from one edge to the next,
 * so it is O(n + m) time for m edges instead of O(n^2). Pairs (v, w), w < v, come in row order, so only w
 * is stored per edge (4 bytes) plus a per-row count, and a scatter in row order leaves every neighbour
 * slice already sorted: no sort pass. Memory: the CSR arrays plus 4 bytes per edge and per node.
 * p >= 1 gives the complete graph.
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
  checkEntryCount(2 * expected, 'erdosRenyi');
  // Room for the expected edge count plus 8 standard deviations; growing past that is a ~1e-15 event.
  let lows = new Int32Array(Math.ceil(Math.min(pairs, expected + 8 * Math.sqrt(expected) + 16)));
  const rowCount = new Int32Array(n);
  let m = 0;
  if (p > 0 && n > 1) {
    const stream = Sfc32Stream.from(rng);
    const logQ = Math.log1p(-p);
    // Enumerate pairs (v, w) with w < v in row order; skip a Geometric(p) number of non-edges each step.
    let v = 1;
    let w = -1;
    while (v < n) {
      w += 1 + Math.floor(Math.log1p(-stream.next()) / logQ);
      while (w >= v && v < n) {
        w -= v;
        v++;
      }
      if (v >= n) break;
      if (m === lows.length) {
        const grown = new Int32Array(Math.ceil(lows.length * 1.125) + 16);
        grown.set(lows);
        lows = grown;
      }
      lows[m++] = w;
      rowCount[v] = (rowCount[v] as number) + 1;
    }
  }
  // Node u's row: its own row of the enumeration (w < u, ascending) as heads, then every later v > u fed
  // in order: sorted.
  return assembleSimpleGraph(
    n,
    (sink) => {
      let e = 0;
      for (let v = 1; v < n; v++) {
        const c = rowCount[v] as number;
        for (let i = 0; i < c; i++) sink.add(lows[e++] as number, v);
      }
    },
    { values: lows, lengths: rowCount, rest: 0 },
  );
}

/**
 * Is {u, w} an edge of the Watts–Strogatz graph being rewired? Every edge belongs to the node that owns its
 * lattice slot (`dst[owner·half + j]`), so it suffices to look at u's and w's own slots. O(k).
 */
function wsHasEdge(dst: Int32Array, half: number, u: number, w: number): boolean {
  const bu = u * half;
  const bw = w * half;
  for (let j = 0; j < half; j++) {
    if (dst[bu + j] === w || dst[bw + j] === u) return true;
  }
  return false;
}

/**
 * Watts–Strogatz small world: a ring lattice where every node links to its k/2 nearest neighbours on each
 * side, then each lattice edge (u, u+j) is rewired with probability beta to (u, w) for a uniform w, ring by
 * ring (nearest neighbours first) as in the original model. Rewiring avoids self-loops and duplicate edges;
 * when no fresh w is found in 64 tries (nearly complete graphs) the edge is kept, so the edge count is
 * exactly n·k/2. Edge (u, u+j) keeps its slot u·k/2 + j - 1 whatever it is rewired to, so only the other
 * endpoint is stored (4 bytes per edge) and a duplicate check reads u's and w's k/2 slots (no hash set).
 * O(n·k) expected time, plus O(k) per rewiring; memory: the CSR arrays plus 4 bytes per edge.
 * @throws RangeError unless k is even and 0 <= k < n, and 0 <= beta <= 1.
 */
export function wattsStrogatz(n: number, k: number, beta: number, rng: Rng): CsrGraph {
  checkN(n, 'wattsStrogatz');
  if (!Number.isInteger(k) || k < 0 || k % 2 !== 0 || (k >= n && n > 0)) {
    throw new RangeError(`wattsStrogatz: k must be an even integer with 0 <= k < n, got k=${k}, n=${n}`);
  }
  if (!(beta >= 0 && beta <= 1)) throw new RangeError(`wattsStrogatz: beta must be in [0, 1], got ${beta}`);
  checkEntryCount(n * k, 'wattsStrogatz');
  const half = k / 2;
  const dst = new Int32Array(n * half);
  for (let u = 0; u < n; u++) {
    for (let j = 1; j <= half; j++) {
      const v = u + j;
      dst[u * half + j - 1] = v >= n ? v - n : v;
    }
  }
  if (beta > 0) {
    const stream = Sfc32Stream.from(rng);
    for (let j = 0; j < half; j++) {
      for (let u = 0; u < n; u++) {
        if (!(stream.next() < beta)) continue;
        for (let attempt = 0; attempt < REWIRE_ATTEMPTS; attempt++) {
          const w = stream.below(n);
          if (w === u || wsHasEdge(dst, half, u, w)) continue;
          dst[u * half + j] = w;
          break;
        }
      }
    }
  }
  // Each row: the node's own slots (sorted) as heads, then the owners of the slots that point at it, in order.
  for (let u = 0; u < n; u++) sortSmall(dst, u * half, u * half + half);
  const graph = assembleSimpleGraph(
    n,
    (sink) => {
      let e = 0;
      for (let u = 0; u < n; u++) for (let j = 0; j < half; j++) sink.add(dst[e++] as number, u);
    },
    { values: dst, lengths: new Int32Array(0), rest: half },
  );
  // A row is now two sorted runs (own slots, then owners in order), which an adaptive sort merges cheaply.
  sortSlices(n, graph.offsets, graph.neighbors);
  return graph;
}

/** Ascending insertion sort of `a[start..end)`: for a node's m picks (m small). O(m^2). */
function sortSmall(a: Int32Array, start: number, end: number): void {
  for (let i = start + 1; i < end; i++) {
    const x = a[i] as number;
    let j = i - 1;
    while (j >= start && (a[j] as number) > x) {
      a[j + 1] = a[j] as number;
      j--;
    }
    a[j + 1] = x;
  }
}

/**
 * Barabási–Albert preferential attachment. Starts from a complete core on nodes 0..m (every core node has
 * degree m, so no node ever has degree < m); each later node v attaches to m distinct earlier nodes chosen
 * with probability proportional to their current degree. Degree-proportional sampling uses the
 * repeated-endpoints trick (Batagelj & Brandes 2005): a uniform endpoint of a uniform existing edge is a
 * degree-weighted node. Only the earlier endpoint of each edge is stored (4 bytes per edge): the later one
 * follows from the edge's index. Repeated picks for the same v are redrawn (no multi-edges). Degrees are
 * counted while generating, and a scatter in arrival order leaves every neighbour slice sorted once each
 * node's m picks are: no sort pass. Edges: m(m+1)/2 + (n-m-1)·m ≈ n·m.
 * O(n·m) expected time; memory: the CSR arrays plus 4 bytes per edge.
 * @throws RangeError unless m >= 1 and m < n.
 */
export function barabasiAlbert(n: number, m: number, rng: Rng): CsrGraph {
  checkN(n, 'barabasiAlbert');
  if (!Number.isInteger(m) || m < 1 || m >= n) {
    throw new RangeError(`barabasiAlbert: m must be an integer with 1 <= m < n, got m=${m}, n=${n}`);
  }
  const core = (m * (m + 1)) / 2;
  const total = core + (n - m - 1) * m;
  checkEntryCount(2 * total, 'barabasiAlbert');
  // Edge e joins later(e) and earlier(e) = targets[e]; later(e) is coreLater[e] in the core, else the
  // node whose picks e belongs to.
  const targets = sharedInt32(total);
  const coreLater = new Int32Array(core);
  // Node u's row: its own (sorted, earlier) picks as heads, then later nodes in arrival order: sorted.
  // The core's picks (row j: 0..j-1) and every later node's m picks lie in `targets` in row order. The
  // output arrays are allocated now, before the sampling, so their memory can be prefaulted meanwhile.
  const first = m + 1;
  const headLengths = new Int32Array(first);
  for (let j = 0; j < first; j++) headLengths[j] = j;
  const assembler = new CsrAssembler(n, { values: targets, lengths: headLengths, rest: m }, undefined, { entries: 2 * total, fed: total });
  let e = 0;
  for (let j = 1; j <= m; j++) {
    for (let i = 0; i < j; i++) {
      coreLater[e] = j;
      targets[e] = i;
      e++;
    }
  }
  /** The node at endpoint r of the edge list (r = 2·edge + side); the edge must already be final. */
  const endpointNode = (r: number): number => {
    const edge = r >>> 1;
    if ((r & 1) === 1) return targets[edge] as number;
    return edge < core ? (coreLater[edge] as number) : first + Math.floor((edge - core) / m);
  };
  const stream = Sfc32Stream.from(rng);
  const chosenBy = m > LINEAR_CHECK_MAX ? new Int32Array(n).fill(-1) : undefined;
  const draws = new Float64Array(BA_BATCH * m);
  const picks = new Int32Array(BA_BATCH * m);
  for (let v0 = first; v0 < n; v0 += BA_BATCH) {
    const v1 = Math.min(n, v0 + BA_BATCH);
    // Draw the batch's picks first (each among the edges that existed before its node arrived), then resolve
    // those landing before the batch in one tight loop: independent random reads, which the CPU overlaps,
    // instead of one cache miss at a time. Picks landing inside the batch are resolved in order below.
    let k = 0;
    for (let v = v0; v < v1; v++) {
      const endpoints = 2 * (core + (v - first) * m);
      for (let t = 0; t < m; t++) draws[k++] = stream.below(endpoints);
    }
    const batchStart = e;
    for (let i = 0; i < k; i++) {
      const r = draws[i] as number;
      picks[i] = r >>> 1 < batchStart ? endpointNode(r) : -1;
    }
    k = 0;
    for (let v = v0; v < v1; v++) {
      const endpoints = 2 * e;
      const base = e;
      for (let t = 0; t < m; t++, k++) {
        const pick = picks[k] as number;
        let target = pick >= 0 ? pick : endpointNode(draws[k] as number);
        // A node already picked by v is redrawn (no multi-edges).
        for (;;) {
          if (chosenBy === undefined) {
            let repeated = false;
            for (let q = base; q < e; q++) {
              if (targets[q] === target) {
                repeated = true;
                break;
              }
            }
            if (!repeated) break;
          } else if (chosenBy[target] !== v) {
            chosenBy[target] = v;
            break;
          }
          target = endpointNode(stream.below(endpoints));
        }
        targets[e++] = target;
      }
      sortSmall(targets, base, e);
    }
  }

  const { offsets, neighbors } = assembler.run((sink) => {
    let f = 0;
    for (; f < core; f++) sink.add(targets[f] as number, coreLater[f] as number);
    for (let v = first; v < n; v++) for (let t = 0; t < m; t++) sink.add(targets[f++] as number, v);
  });
  return { n, directed: false, offsets, neighbors };
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
