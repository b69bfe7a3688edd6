import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { UnionFind } from './union-find.js';

/** Cluster sizes by relabelling through a naive label array (reference implementation). */
function naiveClusters(n: number, pairs: readonly (readonly [number, number])[]): number[] {
  const label = Array.from({ length: n }, (_, i) => i);
  for (const [a, b] of pairs) {
    const la = label[a]!;
    const lb = label[b]!;
    if (la !== lb) for (let i = 0; i < n; i++) if (label[i] === lb) label[i] = la;
  }
  const sizes = new Map<number, number>();
  for (const l of label) sizes.set(l, (sizes.get(l) ?? 0) + 1);
  return [...sizes.values()];
}

describe('UnionFind', () => {
  it('merges clusters and tracks Σ s² and the largest size', () => {
    const uf = new UnionFind(6);
    expect([uf.sumSquares, uf.largest]).toEqual([6, 1]);
    expect(uf.union(0, 1)).toBe(true);
    expect(uf.union(1, 0)).toBe(false);
    expect(uf.union(2, 3)).toBe(true);
    expect(uf.union(3, 1)).toBe(true);
    expect([uf.sumSquares, uf.largest, uf.sizeOf(2), uf.sizeOf(4)]).toEqual([16 + 1 + 1, 4, 4, 1]);
    expect(uf.find(0)).toBe(uf.find(3));
    expect(uf.find(4)).not.toBe(uf.find(5));
  });

  it('agrees with a naive labelling on random unions', () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 20; trial++) {
      const n = 1 + rng.int(60);
      const pairs: [number, number][] = Array.from({ length: rng.int(2 * n) }, () => [rng.int(n), rng.int(n)]);
      const uf = new UnionFind(n);
      for (const [a, b] of pairs) uf.union(a, b);
      const sizes = naiveClusters(n, pairs);
      expect(uf.sumSquares).toBe(sizes.reduce((s, x) => s + x * x, 0));
      expect(uf.largest).toBe(Math.max(...sizes));
      for (const [a, b] of pairs) expect(uf.find(a)).toBe(uf.find(b));
    }
  });

  it('resets, and adds nodes one by one after resetEmpty', () => {
    const uf = new UnionFind(4);
    uf.union(0, 1);
    uf.reset();
    expect([uf.sumSquares, uf.largest, uf.sizeOf(0)]).toEqual([4, 1, 1]);
    uf.resetEmpty();
    expect([uf.sumSquares, uf.largest]).toEqual([0, 0]);
    uf.activate(2);
    uf.activate(3);
    uf.union(2, 3);
    expect([uf.sumSquares, uf.largest, uf.sizeOf(0)]).toEqual([4, 2, 0]);
    expect(() => uf.activate(2)).toThrow(RangeError);
    expect(new UnionFind(0).largest).toBe(0);
    expect(() => new UnionFind(-1)).toThrow(RangeError);
  });
});
