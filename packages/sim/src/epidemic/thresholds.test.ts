import { describe, expect, it } from 'vitest';
import { complete, star } from '../topology/index.js';
import { degreeMoments, pairingThreshold, sirCriticalTransmissibility, sisThreshold, transmissibility } from './thresholds.js';

/** T as the defining sum over the Geometric(γ) infectious period, truncated where the terms vanish. */
function transmissibilitySum(beta: number, gamma: number): number {
  let total = 0;
  let survive = 1; // (1 − γ)^(d−1)
  for (let d = 1; d <= 1_000_000; d++) {
    const term = gamma * survive * (1 - (1 - beta) ** d);
    total += term;
    survive *= 1 - gamma;
    if (survive < 1e-18) break;
  }
  return total;
}

describe('transmissibility', () => {
  it('equals the sum over the geometric infectious period', () => {
    for (const beta of [0, 0.001, 0.05, 0.3, 0.5, 0.9, 1]) {
      for (const gamma of [0.001, 0.01, 0.1, 0.5, 0.99, 1]) {
        expect(Math.abs(transmissibility(beta, gamma) - transmissibilitySum(beta, gamma)), `β=${beta} γ=${gamma}`).toBeLessThan(1e-12);
      }
    }
  });

  it('is β when γ = 1, 1 when γ = 0 and β > 0, and 0 when β = 0', () => {
    for (const beta of [0.01, 0.2, 0.7, 1]) {
      expect(transmissibility(beta, 1)).toBeCloseTo(beta, 15);
      expect(transmissibility(beta, 0)).toBe(1);
    }
    expect(transmissibility(0, 0)).toBe(0);
    expect(transmissibility(0, 0.4)).toBe(0);
    expect(transmissibility(0.05, 0.1)).toBeCloseTo(0.05 / 0.145, 15);
  });

  it('rejects values that are not probabilities', () => {
    expect(() => transmissibility(-0.1, 0.5)).toThrow(RangeError);
    expect(() => transmissibility(0.1, 1.5)).toThrow(RangeError);
    expect(() => transmissibility(Number.NaN, 0.5)).toThrow(RangeError);
  });
});

describe('thresholds', () => {
  it('SIS: the critical β/γ is 1/λ_max', () => {
    expect(sisThreshold(4)).toBe(0.25);
    expect(sisThreshold(0)).toBe(Infinity);
    expect(() => sisThreshold(-1)).toThrow(RangeError);
  });

  it('SIR: T_c = ⟨k⟩/(⟨k²⟩ − ⟨k⟩) gives 1/c for Poisson degrees, 1/(k − 1) for k-regular and 2/(n − 2) for a star', () => {
    const c = 3.5;
    expect(sirCriticalTransmissibility(c, c * c + c)).toBeCloseTo(1 / c, 15);
    expect(sirCriticalTransmissibility(4, 16)).toBeCloseTo(1 / 3, 15);
    const s = degreeMoments(star(12));
    expect(sirCriticalTransmissibility(s.mean, s.meanSquare)).toBeCloseTo(2 / 10, 12);
    expect(sirCriticalTransmissibility(1, 1)).toBe(Infinity); // a perfect matching cannot branch
    expect(sirCriticalTransmissibility(0, 0)).toBe(Infinity);
  });

  it('pairing: the infectious-jailbreak model is contained when β ≤ 2γ', () => {
    expect(pairingThreshold(0.1)).toBe(0.2);
    expect(pairingThreshold(0)).toBe(0);
    expect(() => pairingThreshold(2)).toThrow(RangeError);
  });
});

describe('degreeMoments', () => {
  it('counts degrees, their moments and the histogram', () => {
    const m = degreeMoments(star(5));
    expect({ ...m, histogram: [...m.histogram] }).toEqual({ n: 5, edges: 4, mean: 8 / 5, meanSquare: 20 / 5, max: 4, histogram: [0, 4, 0, 0, 1] });
    const k = degreeMoments(complete(6));
    expect([k.mean, k.meanSquare, k.edges]).toEqual([5, 25, 15]);
  });
});
