/**
 * Exact uniform integers from a seeded `Rng`. `Rng.int(n)` scales a 32-bit draw, which favours some values by
 * up to n/2^32; the codecs and the honest sampler must draw from exactly the same distribution (that is what
 * makes the coupling codec indistinguishable from honest text), so they use rejection sampling over 32-bit
 * words instead.
 */
import type { Rng } from '@masec/spec';

const TWO_32 = 4294967296;

/** A uniform 32-bit word (the `Rng`'s `next()` has at least 32 bits of resolution). */
function word(rng: Rng): number {
  return Math.floor(rng.next() * TWO_32);
}

/** Uniform in [0, n) for an integer 1 <= n <= 2^32. */
export function uniformInt(rng: Rng, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > TWO_32) throw new RangeError(`uniformInt needs an integer in [1, 2^32], got ${n}`);
  const limit = TWO_32 - (TWO_32 % n);
  for (;;) {
    const w = word(rng);
    if (w < limit) return w % n;
  }
}

/** Uniform in [0, n) for a bigint n >= 1. */
export function uniformBigInt(rng: Rng, n: bigint): bigint {
  if (n < 1n) throw new RangeError(`uniformBigInt needs n >= 1, got ${n}`);
  if (n <= BigInt(TWO_32)) return BigInt(uniformInt(rng, Number(n)));
  const words = Math.ceil(n.toString(2).length / 32);
  const span = 1n << BigInt(32 * words);
  const limit = span - (span % n);
  for (;;) {
    let w = 0n;
    for (let i = 0; i < words; i++) w = (w << 32n) | BigInt(word(rng));
    if (w < limit) return w % n;
  }
}
