import { describe, expect, it } from 'vitest';
import { clampSummary, summarize, summarizeSeries, unitDomain } from './summary.js';

describe('summarize', () => {
  it('computes the mean and a t-based 95% interval', () => {
    // mean 3, sd sqrt(2.5); t(0.975, 4) = 2.7764451
    const s = summarize([1, 2, 3, 4, 5]);
    expect(s.mean).toBe(3);
    expect(s.sd).toBeCloseTo(Math.sqrt(2.5), 12);
    const half = 2.7764451051977987 * (Math.sqrt(2.5) / Math.sqrt(5));
    expect(s.lo).toBeCloseTo(3 - half, 9);
    expect(s.hi).toBeCloseTo(3 + half, 9);
    expect(s.n).toBe(5);
    expect(s.total).toBe(5);
  });

  it('leaves undefined values out and counts them', () => {
    const s = summarize([null, 10, null, 20]);
    expect(s.mean).toBe(15);
    expect(s.n).toBe(2);
    expect(s.total).toBe(4);
  });

  it('returns nulls when nothing is defined, and no interval from one value', () => {
    expect(summarize([null, null])).toEqual({ mean: null, lo: null, hi: null, sd: null, n: 0, total: 2 });
    expect(summarize([7])).toEqual({ mean: 7, lo: null, hi: null, sd: null, n: 1, total: 1 });
  });

  it('gives a zero-width interval for identical values', () => {
    const s = summarize([0.5, 0.5, 0.5]);
    expect(s.lo).toBe(0.5);
    expect(s.hi).toBe(0.5);
  });
});

describe('summarizeSeries', () => {
  it('summarizes per index and pads short series with their last value', () => {
    const s = summarizeSeries([
      [0, 0.5, 1],
      [0, 1],
    ]);
    expect(s.mean).toEqual([0, 0.75, 1]);
    expect(s.lo[0]).toBe(0);
    expect(s.hi[2]).toBe(1);
    expect(s.lo[1]!).toBeLessThan(0.75);
  });
});

describe('clampSummary', () => {
  it('clips interval bounds to the unit domain, leaving the mean', () => {
    const s = clampSummary(summarize([0, 0, 0.02]), unitDomain('fraction'));
    expect(s.lo).toBe(0);
    expect(s.mean).toBeCloseTo(0.02 / 3, 12);
    expect(clampSummary(summarize([0.99, 1, 1]), unitDomain('fraction')).hi).toBe(1);
    expect(unitDomain('count')).toEqual([0, Number.POSITIVE_INFINITY]);
  });
});
