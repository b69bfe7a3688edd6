import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { CsrAssembler, assembleCsr, checkEntryCount } from './csr-assembler.js';

/** Random entries, and the rows a naive per-row list construction gives for them. */
function entries(n: number, count: number, seed: number) {
  const rng = createRng(seed);
  const rows = new Int32Array(count);
  const values = new Int32Array(count);
  const expected: number[][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < count; i++) {
    // Skewed towards low rows, so buckets differ in size.
    rows[i] = Math.floor(rng.next() ** 2 * n);
    values[i] = rng.int(n);
    expected[rows[i]!]!.push(values[i]!);
  }
  return { rows, values, expected };
}

function rowsOf(n: number, offsets: Int32Array | Float64Array, neighbors: Int32Array): number[][] {
  return Array.from({ length: n }, (_, r) => Array.from(neighbors.subarray(offsets[r]!, offsets[r + 1]!)));
}

describe('assembleCsr', () => {
  it('groups entries by row, keeping the order they were fed (one bucket)', () => {
    const { rows, values, expected } = entries(500, 5000, 1);
    const { offsets, neighbors } = assembleCsr(500, (sink) => {
      for (let i = 0; i < rows.length; i++) sink.add(rows[i]!, values[i]!);
    });
    expect(offsets).toBeInstanceOf(Int32Array);
    expect(offsets[0]).toBe(0);
    expect(offsets[500]).toBe(5000);
    expect(rowsOf(500, offsets, neighbors)).toEqual(expected);
  });

  it('is stable across many buckets and several placement passes', () => {
    const n = 300_000; // five buckets of 2^16 rows
    const { rows, values, expected } = entries(n, 200_000, 2);
    let feeds = 0;
    const feed = (sink: CsrAssembler): void => {
      feeds++;
      for (let i = 0; i < rows.length; i++) sink.add(rows[i]!, values[i]!);
    };
    const onePass = assembleCsr(n, feed);
    expect(feeds).toBe(2); // count + one placement pass
    feeds = 0;
    const passes = new CsrAssembler(n, undefined, 30_000).run(feed);
    expect(feeds).toBeGreaterThan(3); // count + a pass per bucket or two
    expect(rowsOf(n, onePass.offsets, onePass.neighbors)).toEqual(expected);
    expect(Array.from(passes.offsets)).toEqual(Array.from(onePass.offsets));
    expect(Array.from(passes.neighbors)).toEqual(Array.from(onePass.neighbors));
  });

  it('puts row heads first, irregular lengths then a uniform rest, in one pass or several', () => {
    const n = 200_000; // four buckets
    const lengths = Int32Array.from([0, 3, 1, 2]);
    const rest = 2;
    const values: number[] = [];
    const expected: number[][] = [];
    for (let r = 0; r < n; r++) {
      const len = r < lengths.length ? lengths[r]! : rest;
      const heads = Array.from({ length: len }, (_, j) => (r * 7 + j) % n);
      values.push(...heads);
      expected.push([...heads]);
    }
    const { rows, values: fedValues } = entries(n, 100_000, 3);
    for (let i = 0; i < rows.length; i++) expected[rows[i]!]!.push(fedValues[i]!);
    const heads = { values: Int32Array.from(values), lengths, rest };
    const feed = (sink: CsrAssembler): void => {
      for (let i = 0; i < rows.length; i++) sink.add(rows[i]!, fedValues[i]!);
    };
    for (const assembler of [new CsrAssembler(n, heads), new CsrAssembler(n, heads, 20_000)]) {
      const { offsets, neighbors } = assembler.run(feed);
      expect(offsets[n]).toBe(values.length + rows.length);
      expect(rowsOf(n, offsets, neighbors)).toEqual(expected);
    }
  });

  it('rejects heads shorter than their lengths promise', () => {
    expect(() => assembleCsr(3, () => {}, { values: new Int32Array(2), lengths: new Int32Array(0), rest: 1 })).toThrow(
      'CSR: row heads need 3 values, got 2',
    );
  });

  it('handles empty graphs and rows without entries', () => {
    const empty = assembleCsr(0, () => {});
    expect(Array.from(empty.offsets)).toEqual([0]);
    const some = assembleCsr(4, (sink) => sink.add(2, 3));
    expect(Array.from(some.offsets)).toEqual([0, 0, 0, 1, 1]);
    expect(Array.from(some.neighbors)).toEqual([3]);
  });

  it('refuses more entries than one typed array can hold', () => {
    expect(() => checkEntryCount(2 ** 32 + 1, 'test')).toThrow('test: 4294967297 adjacency entries exceed');
    expect(() => checkEntryCount(2 ** 32, 'test')).not.toThrow();
  });
});
