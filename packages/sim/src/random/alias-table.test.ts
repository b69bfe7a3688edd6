import { describe, expect, it } from 'vitest';
import { AliasTable } from './alias-table.js';
import { Sfc32Stream } from './sfc32-stream.js';

describe('AliasTable', () => {
  it('samples each outcome with its weight', () => {
    const weights = Float64Array.from([1, 0, 3, 6, 0.5]);
    const table = new AliasTable(weights);
    const stream = new Sfc32Stream(1, 2, 3, 4);
    const trials = 100000;
    const counts = new Array<number>(weights.length).fill(0);
    for (let i = 0; i < trials; i++) counts[table.sample(stream)]!++;
    const total = 10.5;
    weights.forEach((w, i) => {
      const p = w / total;
      const sd = Math.sqrt(trials * p * (1 - p));
      expect(Math.abs(counts[i]! - trials * p)).toBeLessThanOrEqual(4.5 * sd);
    });
    expect(counts[1]).toBe(0);
  });

  it('handles a single outcome', () => {
    const table = new AliasTable(Float64Array.from([2]));
    expect(table.sample(new Sfc32Stream(1, 1, 1, 1))).toBe(0);
  });

  it('rejects empty, negative, non-finite and all-zero weights', () => {
    expect(() => new AliasTable(new Float64Array(0))).toThrow('no outcomes');
    expect(() => new AliasTable(Float64Array.from([1, -1]))).toThrow('weight 1 is -1');
    expect(() => new AliasTable(Float64Array.from([1, Infinity]))).toThrow(RangeError);
    expect(() => new AliasTable(Float64Array.from([0, 0]))).toThrow('all weights are zero');
  });
});
