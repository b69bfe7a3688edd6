import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { configurationModel } from './configuration-model.js';
import { checkCsr, edgeCount } from './csr-check.js';
import { degree, neighborsOf } from './csr.js';
import { poissonDegrees, powerLawDegrees } from './degree-sequences.js';

describe('configurationModel', () => {
  it('realises a regular sequence up to the few erased stubs', () => {
    const n = 20_000;
    const degrees = new Int32Array(n).fill(4);
    const g = configurationModel(degrees, createRng(1));
    expect(checkCsr(g)).toBeUndefined();
    let erased = 0;
    for (let i = 0; i < n; i++) {
      expect(degree(g, i)).toBeLessThanOrEqual(4);
      erased += 4 - degree(g, i);
    }
    // Expected self-loops + multi-edges of a 4-regular matching: ~ (k-1)/2 + (k-1)^2/4 = 3.75 edges.
    expect(erased % 2).toBe(0);
    expect(erased).toBeLessThan(60);
  });

  it('realises power-law and poisson sequences minus erased stubs, across CSR buckets', () => {
    const n = 100_000;
    for (const degrees of [powerLawDegrees(n, { exponent: 2.5, min: 2, max: 300 }, createRng(2)), poissonDegrees(n, 5, createRng(3))]) {
      const g = configurationModel(degrees, createRng(4));
      expect(checkCsr(g)).toBeUndefined();
      let stubs = 0;
      let realised = 0;
      for (let i = 0; i < n; i++) {
        const d = degree(g, i);
        expect(d).toBeLessThanOrEqual(degrees[i]!);
        stubs += degrees[i]!;
        realised += d;
      }
      expect(realised).toBe(2 * edgeCount(g));
      // Erased: well under 1% of stubs for these sparse sequences.
      expect(stubs - realised).toBeLessThan(stubs * 0.01);
    }
  });

  it('matches stubs uniformly: every pair of a 4-node, degree-1 sequence is as likely', () => {
    const counts = [0, 0, 0];
    const trials = 3000;
    for (let s = 0; s < trials; s++) {
      const g = configurationModel(Int32Array.from([1, 1, 1, 1]), createRng(s));
      counts[neighborsOf(g, 0)[0]! - 1]!++;
    }
    for (const c of counts) expect(Math.abs(c - trials / 3)).toBeLessThan(4 * Math.sqrt((trials * 2) / 9));
  });

  it('is deterministic per seed', () => {
    const degrees = poissonDegrees(5000, 4, createRng(1));
    const a = configurationModel(degrees, createRng(7));
    const b = configurationModel(degrees, createRng(7));
    const c = configurationModel(degrees, createRng(8));
    expect(Array.from(a.neighbors)).toEqual(Array.from(b.neighbors));
    expect(Array.from(a.offsets)).toEqual(Array.from(b.offsets));
    expect(Array.from(a.neighbors)).not.toEqual(Array.from(c.neighbors));
  });

  it('rejects negative degrees and odd sums unless asked to drop a stub', () => {
    expect(() => configurationModel(Int32Array.from([1, -1, 2]), createRng(1))).toThrow('node 1 has degree -1');
    expect(() => configurationModel(Int32Array.from([1, 1, 1]), createRng(1))).toThrow('the degrees sum to 3, an odd number');
    const g = configurationModel(Int32Array.from([1, 1, 1]), createRng(1), { oddSum: 'drop-stub' });
    expect(checkCsr(g)).toBeUndefined();
    expect(edgeCount(g)).toBe(1);
    expect(configurationModel(new Int32Array(0), createRng(1)).n).toBe(0);
  });
});
