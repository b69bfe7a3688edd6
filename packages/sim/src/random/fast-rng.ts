/**
 * The population engine's random stream: sfc32 with its state in plain fields, seeded from the run's `Rng`,
 * so the hot loops can draw without a call through the `Rng` interface. Same algorithm as `Sfc32`; a
 * separate class only so that V8 sees one small monomorphic shape inside loops over 10^8 agents.
 */
import type { Rng } from '@masec/spec';

const TWO_POW_32 = 4294967296;

export class FastRng {
  a: number;
  b: number;
  c: number;
  d: number;

  /** Seeds from four 32-bit draws of `rng`. */
  constructor(rng: Rng) {
    this.a = (rng.next() * TWO_POW_32) >>> 0;
    this.b = (rng.next() * TWO_POW_32) >>> 0;
    this.c = (rng.next() * TWO_POW_32) >>> 0;
    this.d = 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** A uniform 32-bit unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.u32() / TWO_POW_32;
  }

  /** A uniform integer in [0, n) for 1 <= n <= 2^32. */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /**
   * Failures before the next success of a Bernoulli(p) sequence, given `invLogQ = 1 / ln(1 - p)` for
   * 0 < p < 1: geometric skipping, so that a sparse sequence of trials costs one draw per success.
   */
  skip(invLogQ: number): number {
    // 1 - next() is in (0, 1], so the logarithm is finite.
    return Math.floor(Math.log(1 - this.next()) * invLogQ);
  }
}

/**
 * Calls `visit(i)` for each i in [0, n) independently with probability p, in increasing order, drawing one
 * number per visit (geometric skipping). O(p·n) expected time.
 */
export function sampleIndices(n: number, p: number, rng: FastRng, visit: (i: number) => void): void {
  if (!(p > 0) || n <= 0) return;
  if (p >= 1) {
    for (let i = 0; i < n; i++) visit(i);
    return;
  }
  const invLogQ = 1 / Math.log1p(-p);
  for (let i = rng.skip(invLogQ); i < n; i += 1 + rng.skip(invLogQ)) visit(i);
}

/** Skips read from the table (larger ones, rarer than (1 - p)^MAX_TABLE_SKIP, fall back to the logarithm). */
const MAX_TABLE_SKIP = 128;
/** The table's first index is the draw's top BUCKET_BITS bits. */
const BUCKET_BITS = 12;
/** `GeometricTable.start` is indexed by `u >>> GEOMETRIC_TABLE_SHIFT` (exported for loops that inline the lookup). */
export const GEOMETRIC_TABLE_SHIFT = 32 - BUCKET_BITS;

/**
 * Geometric skipping without a logarithm per draw: for a fixed p, `skipOf(u)` equals
 * `Math.floor(Math.log(1 - u / 2^32) * invLogQ)` — what `FastRng.skip` computes from the same 32-bit draw u —
 * exactly, by lookup. `thresholds[k]` is the smallest draw whose skip is at least k (found by bisection on that
 * very expression, which is non-decreasing in u), and `start[b]` the skip of the first draw whose top bits are
 * b, so a lookup is one table read and, on average, well under one comparison. Skips of MAX_TABLE_SKIP and
 * more (probability (1 - p)^128) are computed with the logarithm. Same numbers, same outbreak: only faster.
 */
export class GeometricTable {
  readonly invLogQ: number;
  /** thresholds[k] for k = 0 .. MAX_TABLE_SKIP, then +Infinity (a sentinel that ends every scan). */
  readonly thresholds: Float64Array;
  readonly start: Int32Array;

  constructor(p: number) {
    if (!(p > 0 && p < 1)) throw new RangeError(`GeometricTable: p must be in (0, 1), got ${p}`);
    const invLogQ = 1 / Math.log1p(-p);
    this.invLogQ = invLogQ;
    const thresholds = new Float64Array(MAX_TABLE_SKIP + 2);
    for (let k = 1; k <= MAX_TABLE_SKIP; k++) {
      // Smallest u in [thresholds[k - 1], 2^32] with skip(u) >= k (2^32 when there is none).
      let lo = thresholds[k - 1] as number;
      let hi = TWO_POW_32;
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (logSkip(mid, invLogQ) >= k) hi = mid;
        else lo = mid + 1;
      }
      thresholds[k] = lo;
    }
    thresholds[MAX_TABLE_SKIP + 1] = Infinity;
    this.thresholds = thresholds;
    const start = new Int32Array(1 << BUCKET_BITS);
    let k = 0;
    for (let b = 0; b < start.length; b++) {
      const u = b * 2 ** GEOMETRIC_TABLE_SHIFT;
      while (k < MAX_TABLE_SKIP && u >= (thresholds[k + 1] as number)) k++;
      start[b] = k;
    }
    this.start = start;
  }

  /** The skip for the unsigned 32-bit draw `u`. */
  skipOf(u: number): number {
    const thresholds = this.thresholds;
    let k = this.start[u >>> GEOMETRIC_TABLE_SHIFT] as number;
    while (u >= (thresholds[k + 1] as number)) k++;
    return k < MAX_TABLE_SKIP ? k : logSkip(u, this.invLogQ);
  }
}

/** `FastRng.skip`'s expression for the 32-bit draw u. */
function logSkip(u: number, invLogQ: number): number {
  return Math.floor(Math.log(1 - u / TWO_POW_32) * invLogQ);
}

/** Tables by p, as a run's transmission probability is fixed. */
const tables = new Map<number, GeometricTable>();

export function geometricTable(p: number): GeometricTable {
  let table = tables.get(p);
  if (table === undefined) {
    if (tables.size > 64) tables.clear();
    table = new GeometricTable(p);
    tables.set(p, table);
  }
  return table;
}
