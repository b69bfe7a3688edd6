import { describe, expect, it } from 'vitest';
import { configurationModelFinalSize, erdosRenyiFinalSize } from './final-size.js';

/** Poisson(c) probabilities for k = 0..kMax. */
function poisson(c: number, kMax: number): Float64Array {
  const p = new Float64Array(kMax + 1);
  p[0] = Math.exp(-c);
  for (let k = 1; k <= kMax; k++) p[k] = (p[k - 1]! * c) / k;
  return p;
}

describe('erdosRenyiFinalSize', () => {
  it('solves S = 1 − exp(−cTS) (c = 2, T = 1 gives S ≈ 0.7968)', () => {
    expect(erdosRenyiFinalSize(2, 1)).toBeCloseTo(0.7968121300200199, 12);
    expect(erdosRenyiFinalSize(4, 0.5)).toBeCloseTo(0.7968121300200199, 12);
    expect(erdosRenyiFinalSize(3, 1)).toBeCloseTo(0.9404797907073597, 12); // 1 + W(−c·e^(−c))/c (Lambert W), via SciPy
    expect(erdosRenyiFinalSize(1.5, 1)).toBeCloseTo(0.5828116438658115, 12);
    for (const [c, t] of [[1.01, 1], [2, 0.7], [10, 0.9], [6, 0.2]] as const) {
      const s = erdosRenyiFinalSize(c, t);
      expect(s).toBeGreaterThan(0);
      expect(Math.abs(s - (1 - Math.exp(-c * t * s)))).toBeLessThan(1e-14);
    }
  });

  it('is 0 at and below the threshold cT = 1', () => {
    expect(erdosRenyiFinalSize(1, 1)).toBe(0);
    expect(erdosRenyiFinalSize(4, 0.25)).toBe(0);
    expect(erdosRenyiFinalSize(2, 0.3)).toBe(0);
    expect(erdosRenyiFinalSize(0, 1)).toBe(0);
    expect(erdosRenyiFinalSize(5, 0)).toBe(0);
  });

  it('grows continuously from the threshold, S ≈ 2(cT − 1) just above it', () => {
    const eps = 1e-4;
    expect(erdosRenyiFinalSize(1 + eps, 1) / (2 * eps)).toBeCloseTo(1, 3);
  });

  it('rejects T outside [0, 1] and a negative mean degree', () => {
    expect(() => erdosRenyiFinalSize(2, 1.1)).toThrow(RangeError);
    expect(() => erdosRenyiFinalSize(-1, 0.5)).toThrow(RangeError);
  });
});

describe('configurationModelFinalSize', () => {
  it('equals the Erdős–Rényi closed form for Poisson degrees', () => {
    for (const c of [1.5, 3, 5]) {
      for (const t of [0.3, 0.5, 0.8, 1]) {
        const { size, u } = configurationModelFinalSize(poisson(c, 100), t);
        expect(Math.abs(size - erdosRenyiFinalSize(c, t)), `c=${c} T=${t}`).toBeLessThan(1e-9);
        // For Poisson degrees G0 = G1, so u = 1 − S... through x = 1 − T + Tu: S = 1 − G0(x) = 1 − u.
        if (size > 0) expect(Math.abs(1 - u - size)).toBeLessThan(1e-9);
      }
    }
  });

  it('matches the closed form of a 3-regular graph: S = 1 − ((1 − T)/T)³ above T_c = 1/2', () => {
    const histogram = [0, 0, 0, 1000];
    for (const t of [0.55, 0.6, 0.8, 1]) {
      expect(configurationModelFinalSize(histogram, t).size).toBeCloseTo(1 - ((1 - t) / t) ** 3, 10);
    }
    expect(configurationModelFinalSize(histogram, 0.5)).toEqual({ size: 0, u: 1 });
    expect(configurationModelFinalSize(histogram, 0.3)).toEqual({ size: 0, u: 1 });
  });

  it('counts isolated nodes out of the giant cluster, and accepts counts or probabilities', () => {
    // Half the nodes isolated, half 3-regular among themselves; T = 1: the regular half is all giant.
    expect(configurationModelFinalSize([500, 0, 0, 500], 1).size).toBeCloseTo(0.5, 12);
    expect(configurationModelFinalSize([0.5, 0, 0, 0.5], 1).size).toBeCloseTo(0.5, 12);
  });

  it('returns no giant cluster for graphs that cannot branch or have no edges', () => {
    expect(configurationModelFinalSize([0, 10], 1)).toEqual({ size: 0, u: 1 }); // a matching
    expect(configurationModelFinalSize([0, 0, 10], 1)).toEqual({ size: 0, u: 1 }); // cycles: T_c = 1
    expect(configurationModelFinalSize([7], 1)).toEqual({ size: 0, u: 1 });
    expect(configurationModelFinalSize([], 1)).toEqual({ size: 0, u: 1 });
  });

  it('rejects a bad T or histogram', () => {
    expect(() => configurationModelFinalSize([0, 1], -0.1)).toThrow(RangeError);
    expect(() => configurationModelFinalSize([0, -1], 0.5)).toThrow(RangeError);
    expect(() => configurationModelFinalSize([0, Number.POSITIVE_INFINITY], 0.5)).toThrow(RangeError);
  });
});
