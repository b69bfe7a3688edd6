/**
 * Seeded PRNG: sfc32 (Small Fast Chaotic, 128-bit state), seeded through a 32-bit string/number hash.
 * Streams are derived with `fork(label)`, which hashes the *seed* with the label — not the stream's position —
 * so a per-agent stream is the same whatever order other streams were used in.
 */
import type { Rng } from '@masec/spec';

/** Murmur3 finaliser: a good 32-bit avalanche mix. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit hash of a string, seeded. */
export function hashString(text: string, seed = 0): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return mix32(h ^ text.length);
}

const TWO_POW_32 = 4294967296;

export class Sfc32 implements Rng {
  readonly #seed: readonly [number, number, number, number];
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: readonly [number, number, number, number]) {
    this.#seed = seed;
    [this.#a, this.#b, this.#c, this.#d] = seed;
    for (let i = 0; i < 12; i++) this.#step();
  }

  #step(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.#step() / TWO_POW_32;
  }

  int(n: number): number {
    if (!(n >= 1)) throw new RangeError(`Rng.int needs n >= 1, got ${n}`);
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Rng.pick of an empty array');
    return items[this.int(items.length)] as T;
  }

  fork(label: string | number): Rng {
    const key = String(label);
    const s = this.#seed;
    return new Sfc32([
      hashString(key, s[0]),
      hashString(key, s[1] ^ 0x6a09e667),
      hashString(key, s[2] ^ 0xbb67ae85),
      hashString(key, s[3] ^ 0x3c6ef372),
    ]);
  }
}

/** The root stream of a run. */
export function createRng(seed: number): Rng {
  const s = seed >>> 0;
  return new Sfc32([mix32(s ^ 0xa5a5a5a5), mix32(s + 0x9e3779b9), mix32(s ^ 0x5bd1e995), mix32(~s >>> 0)]);
}

/** In-place Fisher–Yates shuffle driven by `rng`. */
export function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}
