import { describe, expect, it } from 'vitest';
import { bestResponse, marketModel, monopolyPrices, nashPrices, priceGrid, profits, shares } from './economics.js';

const baseline = marketModel(2, { quality: 2, cost: 1, outside: 0, mu: 0.25 });

describe('logit Bertrand economics', () => {
  it('reproduces the Nash and monopoly prices and profits of Calvano et al.\u2019s baseline (p_N ≈ 1.473, p_M ≈ 1.925)', () => {
    const nash = nashPrices(baseline);
    const monopoly = monopolyPrices(baseline);
    expect(nash[0]).toBeCloseTo(1.4729, 4);
    expect(nash[1]).toBeCloseTo(1.4729, 4);
    expect(monopoly[0]).toBeCloseTo(1.925, 3);
    expect(profits(baseline, nash)[0]).toBeCloseTo(0.2229, 4);
    expect(profits(baseline, monopoly)[0]).toBeCloseTo(0.3375, 4);
  });

  it('a Nash price is each firm\u2019s best response to the others, and no unilateral change pays', () => {
    const model = marketModel(3, { quality: [2, 2.2, 1.8], cost: [1, 1.1, 0.9], outside: 0.1, mu: 0.3 });
    const nash = nashPrices(model);
    for (let i = 0; i < 3; i++) {
      expect(bestResponse(model, nash, i)).toBeCloseTo(nash[i] as number, 10);
      const base = profits(model, nash)[i] as number;
      for (const step of [-0.01, 0.01]) {
        const moved = Float64Array.from(nash);
        moved[i] = (moved[i] as number) + step;
        expect(profits(model, moved)[i]).toBeLessThan(base);
      }
    }
  });

  it('monopoly prices maximise joint profit: every small move of any price lowers it', () => {
    const model = marketModel(3, { quality: [2, 2.2, 1.8], cost: [1, 1.1, 0.9], outside: 0.1, mu: 0.3 });
    const monopoly = monopolyPrices(model);
    const joint = (p: Float64Array): number => profits(model, p).reduce((a, b) => a + b, 0);
    const best = joint(monopoly);
    for (let i = 0; i < 3; i++) {
      for (const step of [-0.01, 0.01]) {
        const moved = Float64Array.from(monopoly);
        moved[i] = (moved[i] as number) + step;
        expect(joint(moved)).toBeLessThan(best);
      }
    }
  });

  it('shares sum to one with the outside good, and do not overflow at extreme prices', () => {
    const q = new Float64Array(2);
    const outside = shares(baseline, [1.5, 1.7], q);
    expect((q[0] as number) + (q[1] as number) + outside).toBeCloseTo(1, 12);
    expect(q[0]).toBeGreaterThan(q[1] as number);
    shares(marketModel(2, { quality: 2, cost: 1, outside: 0, mu: 0.001 }), [1, 2], q);
    expect([Number.isFinite(q[0]), q[0]]).toEqual([true, 1]);
  });

  it('the grid spans [p_N − ξ(p_M − p_N), p_M + ξ(p_M − p_N)] in m even steps', () => {
    const [grid] = priceGrid([1.5], [2], 15, 0.1);
    expect(grid).toHaveLength(15);
    expect(grid?.[0]).toBeCloseTo(1.45, 12);
    expect(grid?.[14]).toBeCloseTo(2.05, 12);
    expect((grid?.[1] as number) - (grid?.[0] as number)).toBeCloseTo(0.6 / 14, 12);
  });

  it('refuses per-firm values of the wrong length', () => {
    expect(() => marketModel(2, { quality: [2, 2, 2], cost: 1, outside: 0, mu: 0.25 })).toThrow('quality lists 3 values for 2 firms');
  });
});
