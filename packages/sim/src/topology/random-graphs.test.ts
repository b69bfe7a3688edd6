import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { checkCsr, edgeCount } from './csr-check.js';
import { degree, neighborsOf } from './csr.js';
import type { CsrGraph } from './csr.js';
import { barabasiAlbert, erdosRenyi, randomPairing, wattsStrogatz } from './random-graphs.js';
import { complete, ring } from './regular.js';

const arrays = (g: CsrGraph) => [Array.from(g.offsets), Array.from(g.neighbors)];
const hasEdge = (g: CsrGraph, u: number, v: number) => neighborsOf(g, u).includes(v);

describe('erdosRenyi', () => {
  it('has mean degree within 4 standard errors of (n-1)p at n = 20000', () => {
    const n = 20000;
    const p = 10 / (n - 1);
    const g = erdosRenyi(n, { p }, createRng(1));
    expect(checkCsr(g)).toBeUndefined();
    const pairs = (n * (n - 1)) / 2;
    const sdEdges = Math.sqrt(pairs * p * (1 - p));
    const mean = (2 * edgeCount(g)) / n;
    expect(Math.abs(mean - (n - 1) * p)).toBeLessThan((4 * 2 * sdEdges) / n);
  });

  it('includes every pair with probability p (no bias from the skipping)', () => {
    const n = 6;
    const p = 0.3;
    const trials = 4000;
    const hits = new Map<string, number>();
    for (let s = 0; s < trials; s++) {
      const g = erdosRenyi(n, { p }, createRng(s));
      for (let u = 0; u < n; u++) for (const v of neighborsOf(g, u)) if (u < v) hits.set(`${u}-${v}`, (hits.get(`${u}-${v}`) ?? 0) + 1);
    }
    expect(hits.size).toBe(15);
    const sd = Math.sqrt(trials * p * (1 - p));
    for (const count of hits.values()) expect(Math.abs(count - trials * p)).toBeLessThan(4.5 * sd);
  });

  it('treats meanDegree as p = meanDegree/(n-1)', () => {
    const a = erdosRenyi(500, { meanDegree: 6 }, createRng(3));
    const b = erdosRenyi(500, { p: 6 / 499 }, createRng(3));
    expect(arrays(a)).toEqual(arrays(b));
  });

  it('handles p = 0 and p = 1, and rejects ambiguous parameters', () => {
    expect(erdosRenyi(50, { p: 0 }, createRng(1)).neighbors.length).toBe(0);
    expect(arrays(erdosRenyi(20, { p: 1 }, createRng(1)))).toEqual(arrays(complete(20)));
    expect(() => erdosRenyi(10, {}, createRng(1))).toThrow(RangeError);
    expect(() => erdosRenyi(10, { p: 0.1, meanDegree: 2 }, createRng(1))).toThrow(RangeError);
  });

  it('is deterministic per seed', () => {
    expect(arrays(erdosRenyi(2000, { p: 0.003 }, createRng(9)))).toEqual(arrays(erdosRenyi(2000, { p: 0.003 }, createRng(9))));
    expect(arrays(erdosRenyi(2000, { p: 0.003 }, createRng(9)))).not.toEqual(arrays(erdosRenyi(2000, { p: 0.003 }, createRng(10))));
  });
});

describe('wattsStrogatz', () => {
  it('equals the ring lattice when beta = 0', () => {
    expect(arrays(wattsStrogatz(200, 6, 0, createRng(1)))).toEqual(arrays(ring(200, 3)));
  });

  it('keeps n*k/2 simple edges when beta = 1', () => {
    const n = 5000;
    const k = 6;
    const g = wattsStrogatz(n, k, 1, createRng(2));
    expect(checkCsr(g)).toBeUndefined();
    expect(edgeCount(g)).toBe((n * k) / 2);
    // Nearly everything is rewired: few lattice edges remain.
    let lattice = 0;
    for (let u = 0; u < n; u++) for (let j = 1; j <= k / 2; j++) if (hasEdge(g, u, (u + j) % n)) lattice++;
    expect(lattice / edgeCount(g)).toBeLessThan(0.01);
  });

  it('rewires about a fraction beta of the lattice edges', () => {
    const n = 20000;
    const k = 4;
    const beta = 0.2;
    const g = wattsStrogatz(n, k, beta, createRng(3));
    expect(checkCsr(g)).toBeUndefined();
    expect(edgeCount(g)).toBe((n * k) / 2);
    let kept = 0;
    for (let u = 0; u < n; u++) for (let j = 1; j <= k / 2; j++) if (hasEdge(g, u, (u + j) % n)) kept++;
    const rewired = 1 - kept / ((n * k) / 2);
    expect(Math.abs(rewired - beta)).toBeLessThan(0.02);
  });

  it('validates k and beta, and is deterministic per seed', () => {
    expect(() => wattsStrogatz(10, 3, 0.1, createRng(1))).toThrow(RangeError);
    expect(() => wattsStrogatz(10, 10, 0.1, createRng(1))).toThrow(RangeError);
    expect(() => wattsStrogatz(10, 4, 1.5, createRng(1))).toThrow(RangeError);
    expect(arrays(wattsStrogatz(1000, 4, 0.3, createRng(5)))).toEqual(arrays(wattsStrogatz(1000, 4, 0.3, createRng(5))));
    expect(arrays(wattsStrogatz(1000, 4, 0.3, createRng(5)))).not.toEqual(arrays(wattsStrogatz(1000, 4, 0.3, createRng(6))));
  });

  it('stays simple on a dense graph where rewiring often has nowhere to go', () => {
    const g = wattsStrogatz(12, 10, 1, createRng(4));
    expect(checkCsr(g)).toBeUndefined();
    expect(edgeCount(g)).toBe(60);
  });
});

describe('barabasiAlbert', () => {
  const n = 20000;
  const m = 3;
  const g = barabasiAlbert(n, m, createRng(11));

  it('has m(m+1)/2 + (n-m-1)m ≈ n*m simple edges', () => {
    expect(checkCsr(g)).toBeUndefined();
    expect(edgeCount(g)).toBe((m * (m + 1)) / 2 + (n - m - 1) * m);
    expect(Math.abs(edgeCount(g) / (n * m) - 1)).toBeLessThan(0.001);
  });

  it('has minimum degree m and a heavy tail', () => {
    let min = Infinity;
    let max = 0;
    for (let i = 0; i < n; i++) {
      min = Math.min(min, degree(g, i));
      max = Math.max(max, degree(g, i));
    }
    const mean = (2 * edgeCount(g)) / n;
    expect(min).toBe(m);
    // Scale-free: the largest hub grows like sqrt(n) (~ hundreds here), far above the mean of ~2m.
    expect(max).toBeGreaterThan(15 * mean);
  });

  it('is deterministic per seed', () => {
    expect(arrays(barabasiAlbert(n, m, createRng(11)))).toEqual(arrays(g));
    expect(arrays(barabasiAlbert(n, m, createRng(12)))).not.toEqual(arrays(g));
  });

  it('works for m = 1 (a random tree) and validates m', () => {
    const t = barabasiAlbert(500, 1, createRng(1));
    expect(checkCsr(t)).toBeUndefined();
    expect(edgeCount(t)).toBe(499);
    expect(arrays(barabasiAlbert(4, 3, createRng(1)))).toEqual(arrays(complete(4)));
    expect(() => barabasiAlbert(3, 3, createRng(1))).toThrow(RangeError);
    expect(() => barabasiAlbert(3, 0, createRng(1))).toThrow(RangeError);
  });
});

describe('randomPairing', () => {
  it('is a perfect matching (one -1 when n is odd)', () => {
    for (const n of [0, 1, 2, 9, 1000, 1001]) {
      const partner = randomPairing(n, createRng(n));
      let unmatched = 0;
      for (let i = 0; i < n; i++) {
        const j = partner[i]!;
        if (j === -1) unmatched++;
        else {
          expect(j).not.toBe(i);
          expect(partner[j]).toBe(i);
        }
      }
      expect(unmatched).toBe(n % 2);
    }
  });

  it('differs across seeds and repeats for the same seed', () => {
    expect(Array.from(randomPairing(100, createRng(1)))).toEqual(Array.from(randomPairing(100, createRng(1))));
    expect(Array.from(randomPairing(100, createRng(1)))).not.toEqual(Array.from(randomPairing(100, createRng(2))));
  });

  it('picks each of the 3 matchings of 4 nodes about equally often', () => {
    const counts = [0, 0, 0];
    const trials = 3000;
    for (let s = 0; s < trials; s++) counts[randomPairing(4, createRng(s))[0]! - 1]!++;
    for (const c of counts) expect(Math.abs(c - trials / 3)).toBeLessThan(4 * Math.sqrt((trials * 2) / 9));
  });
});

describe('random graphs past one CSR bucket (2^16 nodes)', () => {
  const n = 150_000;

  it('barabasiAlbert: valid sorted CSR, exact edge count, min degree m, heavy tail', () => {
    const g = barabasiAlbert(n, 3, createRng(21));
    expect(checkCsr(g)).toBeUndefined();
    expect(edgeCount(g)).toBe(6 + (n - 4) * 3);
    let min = Infinity;
    let max = 0;
    let tail = 0; // nodes of degree >= 30: P(k >= 30) ~ (3/30)^2 ~ 1% for BA
    for (let i = 0; i < n; i++) {
      const d = degree(g, i);
      min = Math.min(min, d);
      max = Math.max(max, d);
      if (d >= 30) tail++;
    }
    expect(min).toBe(3);
    expect(max).toBeGreaterThan(300);
    expect(tail / n).toBeGreaterThan(0.004);
    expect(tail / n).toBeLessThan(0.02);
  });

  it('barabasiAlbert with large m (hash-free repeat check) stays simple', () => {
    const g = barabasiAlbert(3000, 20, createRng(22));
    expect(checkCsr(g)).toBeUndefined();
    expect(edgeCount(g)).toBe(210 + (3000 - 21) * 20);
    for (let i = 0; i < 3000; i++) expect(degree(g, i)).toBeGreaterThanOrEqual(20);
  });

  it('erdosRenyi: valid CSR with mean degree near 6', () => {
    const g = erdosRenyi(n, { meanDegree: 6 }, createRng(23));
    expect(checkCsr(g)).toBeUndefined();
    const mean = (2 * edgeCount(g)) / n;
    // Edge count ~ Binomial(pairs, p): sd of the mean degree ~ 2·sqrt(3n)/n.
    expect(Math.abs(mean - 6)).toBeLessThan((4 * 2 * Math.sqrt(3 * n)) / n);
  });

  it('wattsStrogatz: valid CSR with exactly n·k/2 edges', () => {
    const g = wattsStrogatz(n, 6, 0.3, createRng(24));
    expect(checkCsr(g)).toBeUndefined();
    expect(edgeCount(g)).toBe(n * 3);
  });

  it('is deterministic per seed', () => {
    const same = (a: CsrGraph, b: CsrGraph): boolean =>
      a.offsets.length === b.offsets.length &&
      a.neighbors.length === b.neighbors.length &&
      a.offsets.every((x, i) => x === b.offsets[i]) &&
      a.neighbors.every((x, i) => x === b.neighbors[i]);
    expect(same(barabasiAlbert(n, 2, createRng(5)), barabasiAlbert(n, 2, createRng(5)))).toBe(true);
    expect(same(barabasiAlbert(n, 2, createRng(5)), barabasiAlbert(n, 2, createRng(6)))).toBe(false);
    expect(same(erdosRenyi(n, { meanDegree: 3 }, createRng(5)), erdosRenyi(n, { meanDegree: 3 }, createRng(5)))).toBe(true);
    expect(same(wattsStrogatz(n, 4, 0.2, createRng(5)), wattsStrogatz(n, 4, 0.2, createRng(5)))).toBe(true);
  });
});
