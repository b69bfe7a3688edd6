import { describe, expect, it } from 'vitest';
import { Sfc32, createRng } from './rng.js';
import { Sfc32Stream } from './sfc32-stream.js';

describe('Sfc32Stream', () => {
  it('yields the same numbers as Sfc32 from the same seed', () => {
    const seed = [0x12345678, 0x9abcdef0, 0x0fedcba9, 0x87654321] as const;
    const reference = new Sfc32(seed);
    const stream = new Sfc32Stream(...seed);
    for (let i = 0; i < 1000; i++) expect(stream.next()).toBe(reference.next());
  });

  it('is seeded from an Rng deterministically, advancing it by four draws', () => {
    const a = createRng(5);
    const b = createRng(5);
    const sa = Sfc32Stream.from(a);
    const sb = Sfc32Stream.from(b);
    expect(Array.from({ length: 50 }, () => sa.u32())).toEqual(Array.from({ length: 50 }, () => sb.u32()));
    const c = createRng(5);
    for (let i = 0; i < 4; i++) c.next();
    expect(a.next()).toBe(c.next());
    expect(Sfc32Stream.from(createRng(6)).u32()).not.toBe(Sfc32Stream.from(createRng(5)).u32());
  });

  it('clones at the current position', () => {
    const s = new Sfc32Stream(1, 2, 3, 4);
    s.u32();
    const copy = s.clone();
    expect(Array.from({ length: 20 }, () => copy.u32())).toEqual(Array.from({ length: 20 }, () => s.u32()));
  });

  it('draws in range: u32, next, next53, below', () => {
    const s = new Sfc32Stream(9, 8, 7, 6);
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 20000; i++) {
      const u = s.u32();
      expect(u >= 0 && u < 2 ** 32 && Number.isInteger(u)).toBe(true);
      const x = s.next();
      const y = s.next53();
      expect(x >= 0 && x < 1 && y >= 0 && y < 1).toBe(true);
      counts[s.below(5)]!++;
    }
    for (const c of counts) expect(Math.abs(c - 4000)).toBeLessThan(4 * Math.sqrt(20000 * 0.2 * 0.8));
    expect(s.below(1)).toBe(0);
    const big = s.below(2 ** 32);
    expect(big >= 0 && big < 2 ** 32).toBe(true);
  });
});
