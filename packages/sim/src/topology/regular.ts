/**
 * Deterministic topologies written straight into CSR form (no intermediate edge list), neighbour slices
 * sorted ascending. Each is O(n + entries) time and memory.
 */
import { EdgeBuffer, makeOffsets } from './builder.js';
import { type CsrGraph, neighborArray } from './csr.js';

function checkN(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what}: n must be a non-negative integer, got ${n}`);
}

/**
 * Complete graph K_n: every node is adjacent to every other. O(n^2) time and memory (n(n-1) entries),
 * so only sensible for small n.
 */
export function complete(n: number): CsrGraph {
  checkN(n, 'complete');
  const d = Math.max(0, n - 1);
  const total = n * d;
  const offsets = makeOffsets(n, total);
  const neighbors = neighborArray(total);
  let p = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = p;
    for (let j = 0; j < n; j++) if (j !== i) neighbors[p++] = j;
  }
  offsets[n] = p;
  return { n, directed: false, offsets, neighbors };
}

/**
 * Ring lattice: node i is adjacent to i±1 .. i±k (mod n). With 2k < n every node has degree exactly 2k;
 * larger k wraps around and duplicate neighbours collapse (k >= (n-1)/2 gives the complete graph).
 * O(n·k) time and memory.
 */
export function ring(n: number, k: number): CsrGraph {
  checkN(n, 'ring');
  if (!Number.isInteger(k) || k < 0) throw new RangeError(`ring: k must be a non-negative integer, got ${k}`);
  if (2 * k >= n) {
    // Wrapped lattice: let the builder drop self-loops and duplicates.
    const buf = new EdgeBuffer(n * Math.min(k, n));
    for (let i = 0; i < n; i++) for (let j = 1; j <= k && j < n; j++) buf.push(i, (i + j) % n);
    return buf.toCsr(n);
  }
  const d = 2 * k;
  const total = n * d;
  const offsets = makeOffsets(n, total);
  const neighbors = neighborArray(total);
  let p = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = p;
    // Ascending order: indices that wrapped past n-1 (small), then the in-range ones, then those that wrapped below 0.
    for (let j = -k; j <= k; j++) if (i + j >= n) neighbors[p++] = i + j - n;
    for (let j = -k; j <= k; j++) if (j !== 0 && i + j >= 0 && i + j < n) neighbors[p++] = i + j;
    for (let j = -k; j <= k; j++) if (i + j < 0) neighbors[p++] = i + j + n;
  }
  offsets[n] = p;
  return { n, directed: false, offsets, neighbors };
}

/**
 * Chain (path graph P_n): node i is adjacent to i-1 and i+1, with no wrap-around, so the two ends have
 * degree 1 (a ring with k = 1 minus the edge n-1 -- 0). O(n).
 */
export function chain(n: number): CsrGraph {
  checkN(n, 'chain');
  const total = n < 2 ? 0 : 2 * (n - 1);
  const offsets = makeOffsets(n, total);
  const neighbors = neighborArray(total);
  let p = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = p;
    if (i > 0) neighbors[p++] = i - 1;
    if (i + 1 < n) neighbors[p++] = i + 1;
  }
  offsets[n] = p;
  return { n, directed: false, offsets, neighbors };
}

/** Star: node 0 is the hub adjacent to every other node; the rest have degree 1. O(n). */
export function star(n: number): CsrGraph {
  checkN(n, 'star');
  const total = n === 0 ? 0 : 2 * (n - 1);
  const offsets = makeOffsets(n, total);
  const neighbors = neighborArray(total);
  if (n === 0) return { n, directed: false, offsets, neighbors };
  for (let j = 1; j < n; j++) neighbors[j - 1] = j;
  offsets[0] = 0;
  for (let i = 1; i <= n; i++) offsets[i] = n - 1 + (i - 1);
  // Leaves: each one's only neighbour is the hub (entries already 0).
  return { n, directed: false, offsets, neighbors };
}

/**
 * Complete `branching`-ary tree in breadth-first numbering: node i's parent is floor((i-1)/branching), its
 * children are branching·i+1 .. branching·i+branching (those < n). O(n).
 */
export function tree(n: number, branching: number): CsrGraph {
  checkN(n, 'tree');
  if (!Number.isInteger(branching) || branching < 1) {
    throw new RangeError(`tree: branching must be a positive integer, got ${branching}`);
  }
  const total = n === 0 ? 0 : 2 * (n - 1);
  const offsets = makeOffsets(n, total);
  const neighbors = neighborArray(total);
  let p = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = p;
    if (i > 0) neighbors[p++] = Math.floor((i - 1) / branching); // parent < i < children: slice stays sorted
    const first = branching * i + 1;
    const last = Math.min(first + branching, n); // exclusive
    for (let c = first; c < last; c++) neighbors[p++] = c;
  }
  offsets[n] = p;
  return { n, directed: false, offsets, neighbors };
}
