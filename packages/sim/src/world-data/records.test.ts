import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { makeAgentRecords } from './records.js';

describe('makeAgentRecords', () => {
  it('gives labelled records owned by the agent, with values unique across the run', () => {
    const taken = new Set<string>();
    const rng = createRng(5);
    const all = Array.from({ length: 2000 }, (_, i) => makeAgentRecords(`a${i}`, 3, rng.fork(i), taken)).flat();
    expect(all).toHaveLength(6000);
    expect(new Set(all.map((r) => r.value)).size).toBe(6000);
    expect(all[0]).toMatchObject({ id: 'a0.r0', owner: 'a0' });
    expect(all.every((r) => r.label.length > 0 && r.value.length > 0)).toBe(true);
  });

  it('is deterministic for the same streams and order', () => {
    const make = () => makeAgentRecords('a1', 4, createRng(9), new Set());
    expect(make()).toEqual(make());
  });
});
