import { describe, expect, it } from 'vitest';
import { GeometricTable } from './fast-rng.js';

const TWO_POW_32 = 4294967296;
const logSkip = (u: number, invLogQ: number): number => Math.floor(Math.log(1 - u / TWO_POW_32) * invLogQ);

describe('GeometricTable', () => {
  for (const p of [0.001, 0.05, 0.2, 0.3499, 0.9]) {
    it(`gives FastRng.skip's value for every draw tested (p = ${p})`, () => {
      const table = new GeometricTable(p);
      const draws: number[] = [0, 1, TWO_POW_32 - 1, TWO_POW_32 - 2];
      // Both sides of every threshold, where a lookup and the logarithm could disagree.
      for (const t of table.thresholds) {
        if (!Number.isFinite(t)) continue;
        for (const u of [t - 1, t, t + 1]) if (u >= 0 && u < TWO_POW_32) draws.push(u);
      }
      // And a spread of draws (a fixed LCG, so the test is the same every time).
      let x = 12345;
      for (let i = 0; i < 200_000; i++) {
        x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
        draws.push(x);
      }
      let mismatches = 0;
      for (const u of draws) if (table.skipOf(u) !== logSkip(u, table.invLogQ)) mismatches++;
      expect(mismatches).toBe(0);
      // Large skips exist for small p and come from the logarithm.
      if (p === 0.001) expect(table.skipOf(TWO_POW_32 - 1)).toBe(logSkip(TWO_POW_32 - 1, table.invLogQ));
    });
  }

  it('rejects p outside (0, 1)', () => {
    expect(() => new GeometricTable(0)).toThrow(/p must be in \(0, 1\)/);
    expect(() => new GeometricTable(1)).toThrow(/p must be in \(0, 1\)/);
  });
});
