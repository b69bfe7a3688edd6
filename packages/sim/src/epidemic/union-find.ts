/**
 * Disjoint-set forest over nodes 0..n-1 in typed arrays (union by size, path halving), which also keeps the
 * two cluster statistics percolation needs as clusters merge: Σ s² over clusters (the expected size of the
 * cluster of a uniformly random node is Σ s² / n) and the largest cluster size.
 */
export class UnionFind {
  readonly #parent: Int32Array;
  readonly #size: Int32Array;
  #sumSquares = 0;
  #largest = 0;

  /** n singleton clusters. O(n). */
  constructor(n: number) {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`UnionFind: n must be a non-negative integer, got ${n}`);
    this.#parent = new Int32Array(n);
    this.#size = new Int32Array(n);
    this.reset();
  }

  get n(): number {
    return this.#parent.length;
  }

  /** Back to n singletons, reusing the arrays. O(n). */
  reset(): void {
    const parent = this.#parent;
    for (let i = 0; i < parent.length; i++) parent[i] = i;
    this.#size.fill(1);
    this.#sumSquares = parent.length;
    this.#largest = parent.length > 0 ? 1 : 0;
  }

  /**
   * Every node in its own cluster of size 0 ("absent"), for sweeps that add nodes one by one with
   * {@link activate}. Σ s² and the largest size are 0. O(n).
   */
  resetEmpty(): void {
    const parent = this.#parent;
    for (let i = 0; i < parent.length; i++) parent[i] = i;
    this.#size.fill(0);
    this.#sumSquares = 0;
    this.#largest = 0;
  }

  /** Makes an absent root node present as a cluster of size 1 (after {@link resetEmpty}). O(1). */
  activate(x: number): void {
    if (this.#size[x] !== 0 || this.#parent[x] !== x) throw new RangeError(`UnionFind.activate: node ${x} is already present`);
    this.#size[x] = 1;
    this.#sumSquares += 1;
    if (this.#largest < 1) this.#largest = 1;
  }

  /** Root of x's cluster, halving the path on the way. Amortised O(α(n)). */
  find(x: number): number {
    const parent = this.#parent;
    let p = parent[x] as number;
    while (p !== x) {
      const g = parent[p] as number;
      parent[x] = g;
      x = g;
      p = parent[x] as number;
    }
    return x;
  }

  /** Merges the clusters of a and b; returns false when they were already one. Amortised O(α(n)). */
  union(a: number, b: number): boolean {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return false;
    const size = this.#size;
    let sa = size[ra] as number;
    let sb = size[rb] as number;
    if (sa < sb) {
      const t = ra;
      ra = rb;
      rb = t;
      const s = sa;
      sa = sb;
      sb = s;
    }
    this.#parent[rb] = ra;
    const merged = sa + sb;
    size[ra] = merged;
    this.#sumSquares += 2 * sa * sb;
    if (merged > this.#largest) this.#largest = merged;
    return true;
  }

  /** Size of x's cluster. Amortised O(α(n)). */
  sizeOf(x: number): number {
    return this.#size[this.find(x)] as number;
  }

  /** Σ s² over clusters (exact in a double for n up to 9·10^7). O(1). */
  get sumSquares(): number {
    return this.#sumSquares;
  }

  /** Size of the largest cluster. O(1). */
  get largest(): number {
    return this.#largest;
  }
}
