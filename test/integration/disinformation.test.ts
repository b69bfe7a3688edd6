/**
 * The must-hold of threat `disinformation` on its built-in scenario (30 agents, random graph, 30 rounds),
 * over seeds 1-12 with 95% confidence intervals:
 *   - undefended (arm none), a corrupted agent leaves most benign agents misinformed;
 *   - its matched containment, content-detector + edge-pruning, cuts that by more than both intervals, and
 *     the edges it severed are its visible cost;
 *   - channel-policy (topology allow-list) stops the same campaign run from outside the topology, at no
 *     benign cost, but does nothing against the insider on its own edges;
 *   - a plain (non-manipulative) argument is never flagged, so detector + edge-pruning changes nothing.
 * Measured (seeds 1-12, mean [95% t-interval]): misinformed-fraction none 0.756 [0.601, 0.910],
 * detector-pruning 0.003 [-0.003, 0.009]; outside campaign none 0.817 [0.783, 0.850], channel-policy 0.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Summary, summarize } from '@masec/runner';
import { type ArmValues, measureArms } from './measure.js';

const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);

const measure = (overrides: string[], arms: string[]): Promise<ArmValues> => measureArms('disinformation', overrides, arms, SEEDS);

const ci = (values: (number | null)[] | undefined): Summary => summarize(values ?? []);

let builtin: Awaited<ReturnType<typeof measure>>;
let outside: Awaited<ReturnType<typeof measure>>;
let plain: Awaited<ReturnType<typeof measure>>;

beforeAll(async () => {
  builtin = await measure([], ['none', 'channel-policy', 'detector-pruning']);
  outside = await measure(['threats[0].config.entry=outside', 'threats[0].config.reach=sample', 'threats[0].config.targets=3'], ['none', 'channel-policy']);
  plain = await measure(['threats[0].config.style=plain'], ['none', 'detector-pruning']);
}, 60_000);

describe('threat disinformation on the built-in scenario (12 seeds per arm)', () => {
  it('undefended, a corrupted agent leaves most benign agents misinformed: mean misinformed-fraction > 0.5', () => {
    const none = ci(builtin['none']?.['misinformed-fraction']);
    expect(none.mean!).toBeGreaterThan(0.5);
    expect(builtin['none']?.['misinformed-fraction']?.filter((v) => (v ?? 0) > 0.3).length).toBeGreaterThanOrEqual(SEEDS.length / 2);
    expect(ci(builtin['none']?.['benign-blocked']).mean).toBe(0);
  });

  it('content-detector + edge-pruning cuts misinformed-fraction below none by more than both CIs, severing edges to do it', () => {
    const none = ci(builtin['none']?.['misinformed-fraction']);
    const pruning = ci(builtin['detector-pruning']?.['misinformed-fraction']);
    expect(pruning.hi!).toBeLessThan(none.lo!);
    expect(ci(builtin['detector-pruning']?.['peak-misinformed']).hi!).toBeLessThan(ci(builtin['none']?.['peak-misinformed']).lo!);
    const severed = ci(builtin['detector-pruning']?.['edges-severed']);
    expect(severed.lo!).toBeGreaterThan(0);
    expect(ci(builtin['none']?.['edges-severed']).mean).toBe(0);
  });

  it('channel-policy (topology allow-list) does not stop an insider on its own edges: identical runs', () => {
    expect(builtin['channel-policy']?.['misinformed-fraction']).toEqual(builtin['none']?.['misinformed-fraction']);
    expect(ci(builtin['channel-policy']?.['benign-blocked']).mean).toBe(0);
  });

  it('channel-policy stops the campaign from outside the topology (to 0), blocking no benign message', () => {
    const none = ci(outside['none']?.['misinformed-fraction']);
    expect(none.mean!).toBeGreaterThan(0.5);
    expect(ci(outside['channel-policy']?.['ever-misinformed'])).toMatchObject({ mean: 0, n: SEEDS.length });
    expect(ci(outside['channel-policy']?.['benign-blocked']).mean).toBe(0);
  });

  it('a plain argument is never flagged: detector + edge-pruning cuts no edge and changes no outcome', () => {
    expect(ci(plain['none']?.['misinformed-fraction']).mean!).toBeGreaterThan(0.5);
    expect(plain['detector-pruning']?.['misinformed-fraction']).toEqual(plain['none']?.['misinformed-fraction']);
    expect(ci(plain['detector-pruning']?.['edges-severed']).mean).toBe(0);
    expect(ci(plain['detector-pruning']?.['detector-fpr']).mean).toBe(0);
  });
});
