/** A seeded `Rng` for the package's own tests (the simulator's streams live in @masec/sim, above this package). */
import type { Rng } from '@masec/spec';

export function testRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (n) => Math.floor(next() * n),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    fork: (label) => testRng((seed * 31 + String(label).length * 7919 + [...String(label)].reduce((h, c) => h * 33 + c.charCodeAt(0), 5381)) >>> 0),
  };
  return rng;
}
