/**
 * Linear-time construction of a {@link CsrGraph} from edge endpoint arrays.
 * Typed arrays only: no per-node objects, so the same code serves 10^2 and 10^8 nodes.
 */
import type { CsrGraph } from './csr.js';

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
 * Complexity: O(n + count) time for the counting sort plus O(Σ d log d) for sorting neighbour slices
 * (insertion sort for short slices); memory: the output arrays only (offsets double as degree counters and
 * write cursors). Offsets are Int32Array unless more than 2^31 - 1 entries survive.
 * @throws RangeError when an endpoint is outside `0..n-1`.
 */
export function buildCsr(
  n: number,
  src: Int32Array,
  dst: Int32Array,
  count: number,
  options: BuildCsrOptions = {},
): CsrGraph {
  const directed = options.directed ?? false;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`buildCsr: n must be a non-negative integer, got ${n}`);
  if (count > src.length || count > dst.length) throw new RangeError(`buildCsr: count ${count} exceeds the edge arrays`);

  // Pass 1: degrees (self-loops skipped), counted straight into the offsets array. Its element type is chosen
  // from the upper bound on entries; sortAndDedupe narrows Float64 offsets back to Int32 when the result fits.
  const offsets = makeOffsets(n, directed ? count : 2 * count);
  let total = 0;
  for (let e = 0; e < count; e++) {
    const u = src[e] as number;
    const v = dst[e] as number;
    if (u < 0 || u >= n || v < 0 || v >= n) {
      throw new RangeError(`buildCsr: edge ${e} (${u}, ${v}) has an endpoint outside 0..${n - 1}`);
    }
    if (u === v) continue;
    offsets[u] = (offsets[u] as number) + 1;
    total++;
    if (!directed) {
      offsets[v] = (offsets[v] as number) + 1;
      total++;
    }
  }

  // Exclusive prefix sum in place: offsets[i] = start of node i's slice.
  let run = 0;
  for (let i = 0; i < n; i++) {
    const d = offsets[i] as number;
    offsets[i] = run;
    run += d;
  }
  offsets[n] = run;

  // Pass 2: scatter, using offsets[u] as u's write cursor; afterwards offsets[u] = end of u = start of u+1.
  const neighbors = new Int32Array(total);
  for (let e = 0; e < count; e++) {
    const u = src[e] as number;
    const v = dst[e] as number;
    if (u === v) continue;
    neighbors[offsets[u] as number] = v;
    offsets[u] = (offsets[u] as number) + 1;
    if (!directed) {
      neighbors[offsets[v] as number] = u;
      offsets[v] = (offsets[v] as number) + 1;
    }
  }
  // Shift back: offsets[i] = start of i.
  for (let i = n; i > 0; i--) offsets[i] = offsets[i - 1] as number;
  offsets[0] = 0;

  return sortAndDedupe(n, directed, offsets, neighbors);
}

/**
 * Sorts every neighbour slice ascending and removes repeated entries, compacting `neighbors` in place and
 * rewriting `offsets` in place. Returns a graph whose arrays are trimmed to the surviving entries, with
 * Float64Array offsets narrowed to Int32Array when the surviving entries fit.
 * Complexity: O(n + Σ d log d).
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
  const trimmed = write === neighbors.length ? neighbors : neighbors.slice(0, write);
  return { n, directed, offsets: narrowed, neighbors: trimmed };
}

/** Ascending sort of `a[start..end)`; insertion sort for short slices. */
function sortSlice(a: Int32Array, start: number, end: number): void {
  const len = end - start;
  if (len < 2) return;
  if (len > INSERTION_SORT_MAX) {
    a.subarray(start, end).sort();
    return;
  }
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
 * A growable pair of endpoint arrays for generators whose edge count is only known in expectation.
 * Amortised O(1) per edge; capacity doubles when full.
 */
export class EdgeBuffer {
  src: Int32Array;
  dst: Int32Array;
  count = 0;

  constructor(initialCapacity = 16) {
    const cap = Math.max(16, Math.ceil(initialCapacity));
    this.src = new Int32Array(cap);
    this.dst = new Int32Array(cap);
  }

  push(u: number, v: number): void {
    if (this.count === this.src.length) this.#grow();
    this.src[this.count] = u;
    this.dst[this.count] = v;
    this.count++;
  }

  /** Builds the CSR graph of the buffered edges (see {@link buildCsr}). */
  toCsr(n: number, directed = false): CsrGraph {
    return buildCsr(n, this.src, this.dst, this.count, { directed });
  }

  #grow(): void {
    const cap = this.src.length * 2;
    const src = new Int32Array(cap);
    const dst = new Int32Array(cap);
    src.set(this.src);
    dst.set(this.dst);
    this.src = src;
    this.dst = dst;
  }
}
