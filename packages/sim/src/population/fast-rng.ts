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
