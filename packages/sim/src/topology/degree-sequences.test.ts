import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { poissonDegrees, powerLawDegrees } from './degree-sequences.js';

const sum = (a: Int32Array): number => a.reduce((s, x) => s + x, 0);
const min = (a: Int32Array): number => a.reduce((m, x) => Math.min(m, x), Infinity);
const max = (a: Int32Array): number => a.reduce((m, x) => Math.max(m, x), -Infinity);

describe('powerLawDegrees', () => {
  it('has the power law mean, stays within min..max, and sums to an even number', () => {
    const n = 200_000;
    const params = { exponent: 2.5, min: 2, max: 1000 };
    const degrees = powerLawDegrees(n, params, createRng(1));
    expect(degrees.length).toBe(n);
    let z = 0;
    let m1 = 0;
    let m2 = 0;
    for (let k = params.min; k <= params.max; k++) {
      const w = k ** -params.exponent;
      z += w;
      m1 += k * w;
      m2 += k * k * w;
    }
    const mean = m1 / z;
    const sd = Math.sqrt(m2 / z - mean * mean);
    expect(Math.abs(sum(degrees) / n - mean)).toBeLessThan((5 * sd) / Math.sqrt(n));
    expect(min(degrees)).toBe(2);
    expect(max(degrees)).toBeLessThanOrEqual(1000);
    expect(max(degrees)).toBeGreaterThan(300); // the tail reaches far: P(k > 300) ~ 1e-3
    expect(sum(degrees) % 2).toBe(0);
    // P(2) / P(4) = 2^2.5 ≈ 5.66
    const twos = degrees.filter((d) => d === 2).length;
    const fours = degrees.filter((d) => d === 4).length;
    expect(twos / fours).toBeGreaterThan(5.2);
    expect(twos / fours).toBeLessThan(6.2);
  });

  it('fixes an odd sum by incrementing one degree below max', () => {
    // Every node at max = min = 3 with n odd: the sum is odd and no degree can grow, so one shrinks.
    const all = powerLawDegrees(5, { exponent: 2, min: 3, max: 3 }, createRng(1));
    expect(sum(all)).toBe(14);
    for (let seed = 0; seed < 20; seed++) {
      const d = powerLawDegrees(7, { exponent: 1, min: 1, max: 2 }, createRng(seed));
      expect(sum(d) % 2).toBe(0);
      expect(max(d)).toBeLessThanOrEqual(2);
    }
  });

  it('validates its parameters', () => {
    const rng = createRng(1);
    expect(() => powerLawDegrees(10, { exponent: 0, min: 1, max: 5 }, rng)).toThrow('exponent must be a finite number > 0');
    expect(() => powerLawDegrees(10, { exponent: 2, min: 0, max: 5 }, rng)).toThrow('min must be an integer >= 1');
    expect(() => powerLawDegrees(10, { exponent: 2, min: 4, max: 3 }, rng)).toThrow('max must be an integer >= min (4)');
    expect(() => powerLawDegrees(10, { exponent: 2, min: 1, max: 10 }, rng)).toThrow('max must be at most n - 1 = 9');
    expect(() => powerLawDegrees(-1, { exponent: 2, min: 1, max: 1 }, rng)).toThrow('n must be a non-negative integer');
    expect(powerLawDegrees(0, { exponent: 2, min: 1, max: 1 }, rng).length).toBe(0);
  });
});

describe('poissonDegrees', () => {
  it('has mean and variance near the given mean and an even sum', () => {
    const n = 200_000;
    const degrees = poissonDegrees(n, 6, createRng(2));
    const mean = sum(degrees) / n;
    expect(Math.abs(mean - 6)).toBeLessThan(5 * Math.sqrt(6 / n));
    const variance = degrees.reduce((s, d) => s + (d - mean) ** 2, 0) / n;
    expect(Math.abs(variance - 6)).toBeLessThan(0.15);
    expect(max(degrees)).toBeLessThan(6 + 12 * Math.sqrt(6) + 12);
    expect(sum(degrees) % 2).toBe(0);
    // P(0) = e^-6
    const zeros = degrees.filter((d) => d === 0).length / n;
    expect(Math.abs(zeros - Math.exp(-6))).toBeLessThan(0.0015);
  });

  it('handles large means without overflow and validates the mean', () => {
    const degrees = poissonDegrees(2000, 500, createRng(3));
    expect(Math.abs(sum(degrees) / 2000 - 500)).toBeLessThan(5 * Math.sqrt(500 / 2000));
    expect(() => poissonDegrees(10, 0, createRng(1))).toThrow('mean must be a finite number > 0');
    expect(() => poissonDegrees(10, 9.5, createRng(1))).toThrow('mean must be at most n - 1 = 9');
  });

  it('is deterministic per seed', () => {
    expect(Array.from(poissonDegrees(1000, 3, createRng(4)))).toEqual(Array.from(poissonDegrees(1000, 3, createRng(4))));
    expect(Array.from(poissonDegrees(1000, 3, createRng(4)))).not.toEqual(Array.from(poissonDegrees(1000, 3, createRng(5))));
  });
});
