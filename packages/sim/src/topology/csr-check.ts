/**
 * Structural validation of a CSR graph, for tests and for sanity-checking graphs loaded from elsewhere.
 */
import type { CsrGraph } from './csr.js';

/** Index of `x` in the ascending slice `a[lo..hi)`, or -1. O(log(hi - lo)). */
function search(a: Int32Array, lo: number, hi: number, x: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = a[mid] as number;
    if (v === x) return mid;
    if (v < x) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

/**
 * Returns a description of the first structural problem, or undefined when the graph is well formed:
 * offsets start at 0, are non-decreasing and end at neighbors.length; every neighbour is in 0..n-1;
 * every slice is strictly ascending (so no duplicates) with no self-loops; and an undirected graph is
 * symmetric (v in N(u) iff u in N(v)). O(n + m log d_max).
 */
export function checkCsr(graph: CsrGraph): string | undefined {
  const { n, offsets, neighbors, directed } = graph;
  if (offsets.length !== n + 1) return `offsets has length ${offsets.length}, expected ${n + 1}`;
  if (offsets[0] !== 0) return `offsets[0] is ${offsets[0]}, expected 0`;
  if (offsets[n] !== neighbors.length) return `offsets[n] is ${offsets[n]}, expected ${neighbors.length}`;
  for (let u = 0; u < n; u++) {
    const start = offsets[u] as number;
    const end = offsets[u + 1] as number;
    if (end < start) return `offsets decrease at node ${u}`;
    let prev = -1;
    for (let p = start; p < end; p++) {
      const v = neighbors[p] as number;
      if (v < 0 || v >= n) return `node ${u} has out-of-range neighbour ${v}`;
      if (v === u) return `node ${u} has a self-loop`;
      if (v <= prev) return `node ${u}'s neighbours are not strictly ascending (${prev} then ${v})`;
      prev = v;
      if (!directed && search(neighbors, offsets[v] as number, offsets[v + 1] as number, u) < 0) {
        return `edge ${u}-${v} is stored only in one direction`;
      }
    }
  }
  return undefined;
}

/** Number of edges: adjacency entries, halved for undirected graphs. O(1). */
export function edgeCount(graph: CsrGraph): number {
  return graph.directed ? graph.neighbors.length : graph.neighbors.length / 2;
}
