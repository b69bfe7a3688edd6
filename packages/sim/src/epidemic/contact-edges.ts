/**
 * The undirected edge list of a contact graph, numbered once so that percolation samples, cut-edge masks and
 * immunisation orders can refer to edges by id. Percolation is undirected: a directed graph is symmetrised
 * (u → v or v → u becomes the edge {u, v}), which can only add paths, so outbreak sizes computed on it are
 * upper bounds for the directed graph.
 */
import type { CsrGraph } from '../topology/index.js';
import { buildCsr } from '../topology/index.js';

/** Undirected edges of a graph: edge e joins `src[e] < dst[e]`; ids follow the CSR order of the smaller endpoint. */
export class ContactEdges {
  /** The undirected graph the edges come from (the input itself, or its symmetrised copy). */
  readonly graph: CsrGraph;
  readonly src: Int32Array;
  readonly dst: Int32Array;
  /** `firstEdge[u]` = id of u's first edge to a larger neighbour; `firstEdge[n]` = edge count. */
  readonly #firstEdge: Int32Array;

  private constructor(graph: CsrGraph) {
    this.graph = graph;
    const { n, offsets, neighbors } = graph;
    const m = neighbors.length / 2;
    this.src = new Int32Array(m);
    this.dst = new Int32Array(m);
    this.#firstEdge = new Int32Array(n + 1);
    let e = 0;
    for (let u = 0; u < n; u++) {
      this.#firstEdge[u] = e;
      const end = offsets[u + 1] as number;
      for (let p = offsets[u] as number; p < end; p++) {
        const v = neighbors[p] as number;
        if (v > u) {
          this.src[e] = u;
          this.dst[e] = v;
          e++;
        }
      }
    }
    this.#firstEdge[n] = e;
  }

  /**
   * Numbers the edges of `graph`, symmetrising a directed graph first. Expects a well-formed CSR graph
   * (see `checkCsr`: ascending, duplicate-free slices, symmetric when undirected). O(n + entries); a directed
   * graph is copied (O(entries) extra memory).
   */
  static of(graph: CsrGraph): ContactEdges {
    if (!graph.directed) return new ContactEdges(graph);
    const m = graph.neighbors.length;
    const src = new Int32Array(m);
    for (let u = 0; u < graph.n; u++) src.fill(u, graph.offsets[u] as number, graph.offsets[u + 1] as number);
    return new ContactEdges(buildCsr(graph.n, src, graph.neighbors, m));
  }

  get n(): number {
    return this.graph.n;
  }

  get count(): number {
    return this.src.length;
  }

  /** Degree of u in the undirected graph. O(1). */
  degree(u: number): number {
    return (this.graph.offsets[u + 1] as number) - (this.graph.offsets[u] as number);
  }

  /** Id of the edge {u, v}, or -1 when there is none. O(log degree). */
  edgeId(u: number, v: number): number {
    if (u === v) return -1;
    const a = Math.min(u, v);
    const b = Math.max(u, v);
    if (a < 0 || b >= this.n) return -1;
    const { offsets, neighbors } = this.graph;
    const start = offsets[a] as number;
    const end = offsets[a + 1] as number;
    // First entry > a (where a's edges to larger neighbours start), then b among those.
    let lo = start;
    let hi = end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((neighbors[mid] as number) <= a) lo = mid + 1;
      else hi = mid;
    }
    const upper = lo;
    hi = end;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((neighbors[mid] as number) < b) lo = mid + 1;
      else hi = mid;
    }
    return lo < end && neighbors[lo] === b ? (this.#firstEdge[a] as number) + (lo - upper) : -1;
  }
}
