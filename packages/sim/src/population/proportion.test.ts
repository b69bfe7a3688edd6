import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { type ExposureGroup, Z95, exposureEstimate, wilsonEstimate } from './proportion.js';

describe('wilsonEstimate', () => {
  it('gives the proportion and the Wilson score interval', () => {
    // 5 of 20: Wilson 95% interval [0.1119, 0.4687] (e.g. Agresti & Coull 1998, Table 1 style values).
    const e = wilsonEstimate(5, 20);
    expect(e.estimate).toBe(0.25);
    expect(e.low).toBeCloseTo(0.11186, 4);
    expect(e.high).toBeCloseTo(0.46871, 4);
    expect(e).toMatchObject({ events: 5, trials: 20 });
  });

  it('pins the interval to 0 or 1 at the ends and is uninformative without trials', () => {
    const none = wilsonEstimate(0, 10);
    expect([none.estimate, none.low]).toEqual([0, 0]);
    expect(none.high).toBeCloseTo((Z95 * Z95) / (10 + Z95 * Z95), 12);
    const all = wilsonEstimate(10, 10);
    expect([all.estimate, all.high]).toEqual([1, 1]);
    expect(all.low).toBeCloseTo(10 / (10 + Z95 * Z95), 12);
    expect(wilsonEstimate(0, 0)).toEqual({ estimate: 0, low: 0, high: 1, events: 0, trials: 0 });
  });

  it('rejects counts that are not a proportion', () => {
    expect(() => wilsonEstimate(3, 2)).toThrow(RangeError);
    expect(() => wilsonEstimate(-1, 2)).toThrow(RangeError);
    expect(() => wilsonEstimate(0.5, 2)).toThrow(RangeError);
  });
});

describe('exposureEstimate', () => {
  it('is exactly Wilson when every exposure has one contact', () => {
    for (const [x, n] of [
      [5, 20],
      [1, 1000],
      [0, 7],
      [7, 7],
      [333, 1000],
    ] as const) {
      const e = exposureEstimate([{ contacts: 1, exposed: n, infected: x }]);
      const w = wilsonEstimate(x, n);
      expect(e.estimate).toBeCloseTo(w.estimate, 10);
      expect(e.low).toBeCloseTo(w.low, 10);
      expect(e.high).toBeCloseTo(w.high, 10);
    }
  });

  it('solves the likelihood equation of 1 − (1 − β)^k, above the simple ratio', () => {
    // With β = 0.2: P(infected | 1) = 0.2, P(infected | 3) = 0.488. Counts at their expectations give β exactly.
    const groups: ExposureGroup[] = [
      { contacts: 1, exposed: 1000, infected: 200 },
      { contacts: 3, exposed: 1000, infected: 488 },
    ];
    const e = exposureEstimate(groups);
    expect(e.estimate).toBeCloseTo(0.2, 3);
    expect(e.events).toBe(688);
    expect(e.trials).toBe(4000);
    expect(688 / 4000).toBeLessThan(0.18); // the ratio is biased low
    expect(e.low).toBeLessThan(0.2);
    expect(e.high).toBeGreaterThan(0.2);
    expect(e.high - e.low).toBeLessThan(0.04);
  });

  it('ignores empty groups, and gives 0 in [0, 1] without exposures', () => {
    expect(exposureEstimate([])).toEqual({ estimate: 0, low: 0, high: 1, events: 0, trials: 0 });
    expect(exposureEstimate([{ contacts: 4, exposed: 0, infected: 0 }])).toEqual({ estimate: 0, low: 0, high: 1, events: 0, trials: 0 });
    expect(() => exposureEstimate([{ contacts: 0, exposed: 2, infected: 1 }])).toThrow(RangeError);
    expect(() => exposureEstimate([{ contacts: 2, exposed: 2, infected: 3 }])).toThrow(RangeError);
  });

  it('covers the true β in about 95% of simulated data sets with mixed exposure sizes', () => {
    const rng = createRng(20240601);
    for (const beta of [0.03, 0.15, 0.4]) {
      let covered = 0;
      let sum = 0;
      const sets = 400;
      for (let s = 0; s < sets; s++) {
        const groups: ExposureGroup[] = [1, 2, 3, 5].map((k) => {
          const exposed = 60;
          let infected = 0;
          for (let i = 0; i < exposed; i++) if (rng.chance(1 - (1 - beta) ** k)) infected++;
          return { contacts: k, exposed, infected };
        });
        const e = exposureEstimate(groups);
        sum += e.estimate;
        if (e.low <= beta && beta <= e.high) covered++;
      }
      expect(covered / sets, `coverage at β = ${beta}`).toBeGreaterThan(0.92);
      expect(covered / sets, `coverage at β = ${beta}`).toBeLessThan(0.985);
      expect(Math.abs(sum / sets - beta) / beta, `relative bias at β = ${beta}`).toBeLessThan(0.03);
    }
  });
});
