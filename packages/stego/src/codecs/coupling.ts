/**
 * A greedy minimum-entropy coupling of two distributions given as exact integer masses (Kocaoglu et al. 2017):
 * repeatedly pair the largest remaining mass of one with the largest of the other and move the smaller of the
 * two. The joint has the two distributions as its marginals exactly, and at most n + m - 1 cells. Masses are
 * bigints, so the coupling (and everything derived from it) is exact and the same on both sides of a channel.
 */

export interface Cell {
  row: number;
  col: number;
  mass: bigint;
}

/** Max-heap of indices by mass, ties to the lower index (a fixed order, so both sides pair identically). */
class MassHeap {
  readonly #idx: number[] = [];
  readonly #mass: bigint[];

  constructor(mass: bigint[]) {
    this.#mass = mass;
    for (let i = 0; i < mass.length; i++) if ((mass[i] as bigint) > 0n) this.#idx.push(i);
    for (let i = (this.#idx.length >> 1) - 1; i >= 0; i--) this.#down(i);
  }

  get size(): number {
    return this.#idx.length;
  }

  mass(i: number): bigint {
    return this.#mass[i] as bigint;
  }

  setMass(i: number, m: bigint): void {
    this.#mass[i] = m;
  }

  pop(): number {
    const top = this.#idx[0] as number;
    const last = this.#idx.pop() as number;
    if (this.#idx.length > 0) {
      this.#idx[0] = last;
      this.#down(0);
    }
    return top;
  }

  push(i: number): void {
    this.#idx.push(i);
    let k = this.#idx.length - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (!this.#before(this.#idx[k] as number, this.#idx[parent] as number)) break;
      this.#swap(k, parent);
      k = parent;
    }
  }

  #before(a: number, b: number): boolean {
    const ma = this.#mass[a] as bigint;
    const mb = this.#mass[b] as bigint;
    return ma > mb || (ma === mb && a < b);
  }

  #down(k: number): void {
    const n = this.#idx.length;
    for (;;) {
      const l = 2 * k + 1;
      const r = l + 1;
      let best = k;
      if (l < n && this.#before(this.#idx[l] as number, this.#idx[best] as number)) best = l;
      if (r < n && this.#before(this.#idx[r] as number, this.#idx[best] as number)) best = r;
      if (best === k) return;
      this.#swap(k, best);
      k = best;
    }
  }

  #swap(a: number, b: number): void {
    const t = this.#idx[a] as number;
    this.#idx[a] = this.#idx[b] as number;
    this.#idx[b] = t;
  }
}

/** Greedy coupling of row masses and column masses with equal sums (throws otherwise). */
export function greedyCoupling(rows: readonly bigint[], cols: readonly bigint[]): Cell[] {
  let sumRows = 0n;
  let sumCols = 0n;
  for (const m of rows) sumRows += m;
  for (const m of cols) sumCols += m;
  if (sumRows !== sumCols) throw new RangeError(`coupling: marginals sum to ${sumRows} and ${sumCols}`);
  const r = new MassHeap([...rows]);
  const c = new MassHeap([...cols]);
  const cells: Cell[] = [];
  while (r.size > 0) {
    const i = r.pop();
    const j = c.pop();
    const mi = r.mass(i);
    const mj = c.mass(j);
    const m = mi < mj ? mi : mj;
    cells.push({ row: i, col: j, mass: m });
    r.setMass(i, mi - m);
    c.setMass(j, mj - m);
    if (mi > m) r.push(i);
    if (mj > m) c.push(j);
  }
  return cells;
}

export function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}
