import { describe, expect, it } from 'vitest';
import { EdgeBuffer } from './builder.js';
import { checkCsr, edgeCount } from './csr-check.js';
import { degree, neighborsOf } from './csr.js';
import type { CsrGraph } from './csr.js';
import { chain, complete, ring, star, tree } from './regular.js';

const degrees = (g: CsrGraph) => Array.from({ length: g.n }, (_, i) => degree(g, i));
const same = (a: CsrGraph, b: CsrGraph) => {
  expect(a.n).toBe(b.n);
  expect(Array.from(a.offsets)).toEqual(Array.from(b.offsets));
  expect(Array.from(a.neighbors)).toEqual(Array.from(b.neighbors));
};

describe('complete', () => {
  it('gives every node degree n-1', () => {
    for (const n of [0, 1, 2, 5, 30]) {
      const g = complete(n);
      expect(checkCsr(g)).toBeUndefined();
      expect(degrees(g).every((d) => d === n - 1)).toBe(true);
      expect(edgeCount(g)).toBe(n < 2 ? 0 : (n * (n - 1)) / 2);
    }
  });
});

describe('ring', () => {
  it('gives every node degree 2k with the right neighbours', () => {
    const g = ring(10, 2);
    expect(checkCsr(g)).toBeUndefined();
    expect(degrees(g)).toEqual(Array(10).fill(4));
    expect(Array.from(neighborsOf(g, 0))).toEqual([1, 2, 8, 9]);
    expect(Array.from(neighborsOf(g, 5))).toEqual([3, 4, 6, 7]);
    expect(Array.from(neighborsOf(g, 9))).toEqual([0, 1, 7, 8]);
  });

  it('matches the builder on the same edges', () => {
    for (const [n, k] of [[7, 3], [100, 1], [101, 5], [3, 1]] as const) {
      const buf = new EdgeBuffer();
      for (let i = 0; i < n; i++) for (let j = 1; j <= k; j++) buf.push(i, (i + j) % n);
      const g = ring(n, k);
      expect(checkCsr(g)).toBeUndefined();
      expect(degrees(g).every((d) => d === 2 * k)).toBe(true);
      same(g, buf.toCsr(n));
    }
  });

  it('collapses to the complete graph when k wraps around', () => {
    same(ring(6, 3), complete(6));
    same(ring(5, 9), complete(5));
  });
});

describe('star', () => {
  it('has hub degree n-1 and leaves of degree 1', () => {
    const g = star(6);
    expect(checkCsr(g)).toBeUndefined();
    expect(degrees(g)).toEqual([5, 1, 1, 1, 1, 1]);
    for (let i = 1; i < 6; i++) expect(Array.from(neighborsOf(g, i))).toEqual([0]);
    expect(degrees(star(1))).toEqual([0]);
    expect(star(0).offsets.length).toBe(1);
  });
});

describe('chain', () => {
  it('is a path: ends of degree 1, inner nodes linked to i-1 and i+1, n-1 edges', () => {
    const g = chain(5);
    expect(checkCsr(g)).toBeUndefined();
    expect(degrees(g)).toEqual([1, 2, 2, 2, 1]);
    expect(Array.from(neighborsOf(g, 0))).toEqual([1]);
    expect(Array.from(neighborsOf(g, 2))).toEqual([1, 3]);
    expect(Array.from(neighborsOf(g, 4))).toEqual([3]);
    expect(edgeCount(g)).toBe(4);
    expect(degrees(chain(1))).toEqual([0]);
    expect(chain(0).offsets.length).toBe(1);
  });

  it('equals a ring with k = 1 minus the wrap-around edge, and a 1-ary tree', () => {
    for (const n of [2, 3, 10, 101]) {
      const buf = new EdgeBuffer();
      for (let i = 0; i + 1 < n; i++) buf.push(i, i + 1);
      same(chain(n), buf.toCsr(n));
      same(chain(n), tree(n, 1));
    }
  });
});

describe('tree', () => {
  it('has the exact degrees of a complete b-ary tree', () => {
    // 10 nodes, binary: 0..3 internal with two children, node 4 has one child (9), 5..9 leaves.
    const g = tree(10, 2);
    expect(checkCsr(g)).toBeUndefined();
    expect(degrees(g)).toEqual([2, 3, 3, 3, 2, 1, 1, 1, 1, 1]);
    expect(Array.from(neighborsOf(g, 4))).toEqual([1, 9]);
    expect(edgeCount(g)).toBe(9);
  });

  it('links each node to parent floor((i-1)/b) and matches the builder', () => {
    for (const [n, b] of [[50, 3], [13, 1], [200, 7], [1, 2]] as const) {
      const buf = new EdgeBuffer();
      for (let i = 1; i < n; i++) buf.push(i, Math.floor((i - 1) / b));
      const g = tree(n, b);
      expect(checkCsr(g)).toBeUndefined();
      same(g, buf.toCsr(n));
    }
  });
});
