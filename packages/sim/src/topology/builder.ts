/**
 * Linear-time construction of a {@link CsrGraph} from edge endpoint arrays.
 * Typed arrays only: no per-node objects, so the same code serves 10^2 and 10^8 nodes.
 */
import type { CsrGraph } from './csr.js';
import { assembleCsr } from './csr-assembler.js';

/** Largest entry count an Int32Array offsets array can hold. */
const INT32_MAX = 2147483647;
/** Neighbour slices this short are sorted inline (insertion sort) instead of via `TypedArray.sort`. */
const INSERTION_SORT_MAX = 24;

/**
 * Offsets array for `n` nodes and `total` adjacency entries: Int32Array when `total` fits, else Float64Array
 * (exact for integers up to 2^53). O(n).
 */
export function makeOffsets(n: number, total: number): Int32Array | Float64Array {
  return total <= INT32_MAX ? new Int32Array(n + 1) : new Float64Array(n + 1);
}

/** Options for {@link buildCsr}. */
export interface BuildCsrOptions {
  /** Store each edge once (u → v) instead of in both directions. Default false. */
  readonly directed?: boolean;
}

/**
 * Builds a CSR graph on nodes `0..n-1` from the first `count` edges `(src[e], dst[e])`.
 * Undirected graphs store both directions. Self-loops are dropped, each neighbour slice is sorted ascending,
 * and duplicate edges are removed (the neighbour array is compacted).
 *
 * Complexity: O(n + count) time for the cache-friendly two-level counting sort (see `assembleCsr`) plus,
 * per slice of length d, O(d + inversions) when it is nearly sorted and O(d log d) otherwise; memory: the
 * output arrays plus the sort's tag array. Offsets are Int32Array unless more than 2^31 - 1 entries survive.
 * @throws RangeError when an endpoint is outside `0..n-1`.
 */
export function buildCsr(
  n: number,
  src: Int32Array,
  dst: Int32Array,
  count: number,
  options: BuildCsrOptions = {},
): CsrGraph {
  if (count > src.length || count > dst.length) throw new RangeError(`buildCsr: count ${count} exceeds the edge arrays`);
  return buildCsrFromBlocks(n, [src], [dst], [count], options.directed ?? false);
}

/**
 * {@link buildCsr} over edges stored in blocks: block b holds `counts[b]` edges `(srcs[b][i], dsts[b][i])`.
 * Same complexity; the blocks are only read.
 */
function buildCsrFromBlocks(
  n: number,
  srcs: readonly Int32Array[],
  dsts: readonly Int32Array[],
  counts: readonly number[],
  directed: boolean,
): CsrGraph {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`buildCsr: n must be a non-negative integer, got ${n}`);
  let seen = 0;
  for (let b = 0; b < counts.length; b++) {
    const src = srcs[b] as Int32Array;
    const dst = dsts[b] as Int32Array;
    const c = counts[b] as number;
    for (let e = 0; e < c; e++) {
      const u = src[e] as number;
      const v = dst[e] as number;
      if (!(u >= 0 && u < n && v >= 0 && v < n)) {
        throw new RangeError(`buildCsr: edge ${seen + e} (${u}, ${v}) has an endpoint outside 0..${n - 1}`);
      }
    }
    seen += c;
  }
  const { offsets, neighbors } = assembleCsr(n, (sink) => {
    for (let b = 0; b < counts.length; b++) {
      const src = srcs[b] as Int32Array;
      const dst = dsts[b] as Int32Array;
      const c = counts[b] as number;
      for (let e = 0; e < c; e++) {
        const u = src[e] as number;
        const v = dst[e] as number;
        if (u === v) continue;
        sink.add(u, v);
        if (!directed) sink.add(v, u);
      }
    }
  });
  return sortAndDedupe(n, directed, offsets, neighbors);
}

/**
 * Sorts every neighbour slice ascending and removes repeated entries, compacting `neighbors` in place and
 * rewriting `offsets` in place. Returns a graph whose arrays are trimmed to the surviving entries, with
 * Float64Array offsets narrowed to Int32Array when the surviving entries fit. When at most 1/8 of the
 * entries were removed, `neighbors` is trimmed as a view (no copy: a 10^8-node graph has no room for a
 * second neighbour array); otherwise it is copied so the excess memory is released.
 * Complexity: O(n + entries) plus the slice sorts (see {@link sortSlices}).
 */
export function sortAndDedupe(
  n: number,
  directed: boolean,
  offsets: Int32Array | Float64Array,
  neighbors: Int32Array,
): CsrGraph {
  let write = 0;
  let start = offsets[0] as number;
  for (let i = 0; i < n; i++) {
    const end = offsets[i + 1] as number;
    sortSlice(neighbors, start, end);
    offsets[i] = write;
    let last = -1;
    for (let p = start; p < end; p++) {
      const v = neighbors[p] as number;
      if (v !== last) {
        neighbors[write++] = v;
        last = v;
      }
    }
    start = end;
  }
  offsets[n] = write;

  const narrowed = offsets instanceof Float64Array && write <= INT32_MAX ? Int32Array.from(offsets) : offsets;
  const removed = neighbors.length - write;
  const trimmed = removed === 0 ? neighbors : removed * 8 <= neighbors.length ? neighbors.subarray(0, write) : neighbors.slice(0, write);
  return { n, directed, offsets: narrowed, neighbors: trimmed };
}

/**
 * Sorts every neighbour slice `neighbors[offsets[u] .. offsets[u+1])` ascending, without removing
 * anything: for generators whose graphs are simple by construction. O(n + Σ (d + inversions)) on nearly
 * sorted slices (the usual case: a scatter in node order leaves a slice as a few sorted runs), at most
 * O(n + Σ d log d).
 */
export function sortSlices(n: number, offsets: Int32Array | Float64Array, neighbors: Int32Array): void {
  let start = offsets[0] as number;
  for (let i = 0; i < n; i++) {
    const end = offsets[i + 1] as number;
    sortSlice(neighbors, start, end);
    start = end;
  }
}

/**
 * Ascending sort of `a[start..end)`, adaptive: insertion sort, which costs O(len + inversions) and so is
 * linear on already or nearly sorted slices; once it has moved more than a few entries per element the
 * slice is evidently far from sorted and the native sort (O(len log len)) finishes it.
 */
function sortSlice(a: Int32Array, start: number, end: number): void {
  const len = end - start;
  if (len < 2) return;
  let budget = len <= INSERTION_SORT_MAX ? len * len : 4 * len;
  for (let i = start + 1; i < end; i++) {
    const x = a[i] as number;
    if ((a[i - 1] as number) <= x) continue;
    let j = i - 1;
    while (j >= start && (a[j] as number) > x) {
      a[j + 1] = a[j] as number;
      j--;
    }
    a[j + 1] = x;
    budget -= i - j;
    if (budget < 0) {
      a.subarray(start, end).sort();
      return;
    }
  }
}

/** Edges per block once an {@link EdgeBuffer} has grown (8 MiB of endpoints per block). */
const BLOCK_MAX = 1 << 20;

/**
 * A growable list of edges for generators and parsers whose edge count is not known in advance. Edges live
 * in blocks of up to 2^20, so growing never copies and never over-allocates by more than one block (a
 * doubling array would transiently need three times its size). Amortised O(1) per edge.
 */
export class EdgeBuffer {
  readonly #srcs: Int32Array[] = [];
  readonly #dsts: Int32Array[] = [];
  readonly #counts: number[] = [];
  #src: Int32Array;
  #dst: Int32Array;
  #fill = 0;
  #count = 0;

  /** @param initialCapacity size of the first block (capped at 2^20); later blocks double up to 2^20. */
  constructor(initialCapacity = 16) {
    const cap = Math.min(BLOCK_MAX, Math.max(16, Math.ceil(initialCapacity)));
    this.#src = new Int32Array(cap);
    this.#dst = new Int32Array(cap);
  }

  /** Edges pushed so far. */
  get count(): number {
    return this.#count;
  }

  push(u: number, v: number): void {
    if (this.#fill === this.#src.length) this.#grow();
    this.#src[this.#fill] = u;
    this.#dst[this.#fill] = v;
    this.#fill++;
    this.#count++;
  }

  /** Builds the CSR graph of the buffered edges (see {@link buildCsr}). The buffer is left as it was. */
  toCsr(n: number, directed = false): CsrGraph {
    return buildCsrFromBlocks(n, [...this.#srcs, this.#src], [...this.#dsts, this.#dst], [...this.#counts, this.#fill], directed);
  }

  #grow(): void {
    this.#srcs.push(this.#src);
    this.#dsts.push(this.#dst);
    this.#counts.push(this.#fill);
    const cap = Math.min(BLOCK_MAX, this.#src.length * 2);
    this.#src = new Int32Array(cap);
    this.#dst = new Int32Array(cap);
    this.#fill = 0;
  }
}
