import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { EdgeBuffer, buildCsr, makeOffsets, sortAndDedupe } from './builder.js';
import { checkCsr, edgeCount } from './csr-check.js';
import { degree, neighborsOf } from './csr.js';

const arr = (xs: number[]) => Int32Array.from(xs);

describe('buildCsr', () => {
  it('stores undirected edges both ways, sorted, without self-loops or duplicates', () => {
    const src = arr([0, 2, 1, 1, 3, 0, 2]);
    const dst = arr([1, 0, 0, 1, 2, 1, 3]);
    const g = buildCsr(4, src, dst, src.length);
    expect(checkCsr(g)).toBeUndefined();
    expect(g.directed).toBe(false);
    expect(Array.from(g.offsets)).toEqual([0, 2, 3, 5, 6]);
    expect(Array.from(g.neighbors)).toEqual([1, 2, 0, 0, 3, 2]);
    expect(g.offsets).toBeInstanceOf(Int32Array);
    expect(g.neighbors.length).toBe(g.offsets[4]); // compacted
    expect(edgeCount(g)).toBe(3);
  });

  it('builds directed graphs as out-adjacency', () => {
    const g = buildCsr(3, arr([0, 1, 0, 0, 2]), arr([1, 0, 1, 2, 2]), 5, { directed: true });
    expect(checkCsr(g)).toBeUndefined();
    expect(Array.from(neighborsOf(g, 0))).toEqual([1, 2]);
    expect(Array.from(neighborsOf(g, 1))).toEqual([0]);
    expect(degree(g, 2)).toBe(0);
    expect(edgeCount(g)).toBe(3);
  });

  it('uses only the first count edges and keeps isolated nodes', () => {
    const g = buildCsr(5, arr([0, 3, 1]), arr([1, 4, 2]), 1);
    expect(Array.from(g.offsets)).toEqual([0, 1, 2, 2, 2, 2]);
  });

  it('rejects endpoints outside 0..n-1', () => {
    expect(() => buildCsr(3, arr([0]), arr([3]), 1)).toThrow(RangeError);
    expect(() => buildCsr(3, arr([-1]), arr([0]), 1)).toThrow(/outside 0\.\.2/);
  });

  it('matches a naive adjacency-set construction on random multigraphs', () => {
    const rng = createRng(7);
    const n = 300;
    const count = 5000; // many duplicates and some self-loops
    const src = new Int32Array(count);
    const dst = new Int32Array(count);
    const sets = Array.from({ length: n }, () => new Set<number>());
    for (let e = 0; e < count; e++) {
      const u = rng.int(n);
      const v = rng.int(40); // concentrated, so slices exceed the insertion-sort threshold
      src[e] = u;
      dst[e] = v;
      if (u !== v) {
        sets[u]!.add(v);
        sets[v]!.add(u);
      }
    }
    const g = buildCsr(n, src, dst, count);
    expect(checkCsr(g)).toBeUndefined();
    for (let u = 0; u < n; u++) {
      expect(Array.from(neighborsOf(g, u))).toEqual([...sets[u]!].sort((a, b) => a - b));
    }
  });
});

describe('makeOffsets / sortAndDedupe', () => {
  it('switches to Float64Array offsets past 2^31 - 1 entries', () => {
    expect(makeOffsets(3, 2 ** 31 - 1)).toBeInstanceOf(Int32Array);
    expect(makeOffsets(3, 2 ** 31)).toBeInstanceOf(Float64Array);
  });

  it('narrows Float64Array offsets to Int32Array after compaction', () => {
    const offsets = Float64Array.from([0, 3, 4]);
    const g = sortAndDedupe(2, false, offsets, arr([1, 1, 1, 0]));
    expect(g.offsets).toBeInstanceOf(Int32Array);
    expect(Array.from(g.offsets)).toEqual([0, 1, 2]);
    expect(Array.from(g.neighbors)).toEqual([1, 0]);
  });
});

describe('EdgeBuffer', () => {
  it('grows past its initial capacity', () => {
    const buf = new EdgeBuffer(1);
    for (let i = 0; i < 100; i++) buf.push(i, i + 1);
    expect(buf.count).toBe(100);
    const g = buf.toCsr(101);
    expect(checkCsr(g)).toBeUndefined();
    expect(edgeCount(g)).toBe(100);
  });
});
