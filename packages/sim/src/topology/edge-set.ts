/**
 * An open-addressing hash set of undirected edges {u, v}, stored in two Int32Arrays (no per-edge objects).
 * Used by generators that must avoid creating duplicate edges while rewiring.
 */

const EMPTY = -1;
const TOMBSTONE = -2;

/** Hash of the normalised pair (a <= b). */
function hashPair(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ b;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export class EdgeSet {
  readonly #lo: Int32Array;
  readonly #hi: Int32Array;
  readonly #mask: number;
  #size = 0;
  #used = 0; // live entries + tombstones

  /**
   * @param maxInserts upper bound on the number of insertions over the set's lifetime (tombstones are never
   *   reclaimed by rehashing, so this bounds the load factor at 2/3). O(maxInserts) memory.
   */
  constructor(maxInserts: number) {
    let cap = 16;
    while (cap < maxInserts * 1.5) cap *= 2;
    this.#lo = new Int32Array(cap).fill(EMPTY);
    this.#hi = new Int32Array(cap);
    this.#mask = cap - 1;
  }

  get size(): number {
    return this.#size;
  }

  /** Expected O(1). */
  has(u: number, v: number): boolean {
    return this.#find(u < v ? u : v, u < v ? v : u) >= 0;
  }

  /** Adds {u, v}; returns false when it was already present. Expected O(1). */
  add(u: number, v: number): boolean {
    const a = u < v ? u : v;
    const b = u < v ? v : u;
    let slot = hashPair(a, b) & this.#mask;
    let firstFree = -1;
    for (;;) {
      const lo = this.#lo[slot] as number;
      if (lo === EMPTY) break;
      if (lo === TOMBSTONE) {
        if (firstFree < 0) firstFree = slot;
      } else if (lo === a && this.#hi[slot] === b) {
        return false;
      }
      slot = (slot + 1) & this.#mask;
    }
    if (firstFree < 0) {
      if (this.#used + 1 > this.#mask) throw new RangeError('EdgeSet capacity exceeded');
      firstFree = slot;
      this.#used++;
    }
    this.#lo[firstFree] = a;
    this.#hi[firstFree] = b;
    this.#size++;
    return true;
  }

  /** Removes {u, v}; returns false when it was absent. Expected O(1). */
  delete(u: number, v: number): boolean {
    const slot = this.#find(u < v ? u : v, u < v ? v : u);
    if (slot < 0) return false;
    this.#lo[slot] = TOMBSTONE;
    this.#size--;
    return true;
  }

  #find(a: number, b: number): number {
    let slot = hashPair(a, b) & this.#mask;
    for (;;) {
      const lo = this.#lo[slot] as number;
      if (lo === EMPTY) return -1;
      if (lo === a && this.#hi[slot] === b) return slot;
      slot = (slot + 1) & this.#mask;
    }
  }
}
