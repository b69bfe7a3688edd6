// What a report holds when the experiment is partial (an interrupted run: 10, 10 and 4 of 20 seeds per arm)
// or has failed runs: per-arm seeds done, failed and missing, and arms compared over the seeds they share.
import { describe, expect, it } from 'vitest';
import { InMemoryResultsStore } from '../store/memory-store.js';
import { fixtureExperiment, fixtureRun } from '../testing/index.js';
import { buildReportData } from './build.js';

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const range = (first: number, last: number): number[] => Array.from({ length: last - first + 1 }, (_, i) => first + i);

/** The experiment of issue 14: three arms of 20 seeds, killed when 10, 10 and 4 runs were stored. */
async function partialStore(failed: { arm: string; seed: number }[] = []): Promise<InMemoryResultsStore> {
  const store = new InMemoryResultsStore();
  await store.putExperiment({ ...fixtureExperiment('exp', '2025-01-01T00:00:00.000Z', ['none', 'tagging', 'dq']), seeds: SEEDS, metrics: ['infected-fraction'] });
  const stored: Record<string, number[]> = { none: range(1, 10), tagging: range(1, 10), dq: range(1, 4) };
  for (const [arm, seeds] of Object.entries(stored)) {
    for (const seed of seeds) {
      const error = failed.some((f) => f.arm === arm && f.seed === seed);
      await store.putRun(fixtureRun('exp', arm, seed, error ? { status: 'error', metrics: {} } : { metrics: { 'infected-fraction': seed / 100 } }));
    }
  }
  return store;
}

describe('report of a partial experiment', () => {
  it('says what it holds: runs planned, done, failed and missing, per arm and in all', async () => {
    const data = await buildReportData(await partialStore(), 'exp');
    expect(data.coverage).toEqual({
      complete: false,
      basis: 'shared',
      planned: { arms: 3, seeds: SEEDS, runs: 60 },
      runs: { done: 24, failed: 0, missing: 36 },
      sharedSeeds: range(1, 4),
    });
    expect(data.arms.map((a) => ({ name: a.name, seeds: a.seeds }))).toEqual([
      { name: 'none', seeds: { done: range(1, 10), failed: [], missing: range(11, 20), compared: range(1, 4) } },
      { name: 'tagging', seeds: { done: range(1, 10), failed: [], missing: range(11, 20), compared: range(1, 4) } },
      { name: 'dq', seeds: { done: range(1, 4), failed: [], missing: range(5, 20), compared: range(1, 4) } },
    ]);
  });

  it('compares arms over the seeds every arm has done, by default', async () => {
    const data = await buildReportData(await partialStore(), 'exp');
    for (const arm of data.arms) {
      const summary = arm.summary['infected-fraction'];
      expect(summary?.mean, arm.name).toBeCloseTo(0.025, 12);
      expect({ n: summary?.n, total: summary?.total }, arm.name).toEqual({ n: 4, total: 4 });
    }
  });

  it('summarises every arm over all its stored runs when asked (allSeeds)', async () => {
    const data = await buildReportData(await partialStore(), 'exp', { allSeeds: true });
    expect(data.coverage.basis).toBe('all');
    expect(data.arms.map((a) => [a.name, a.summary['infected-fraction']?.total, a.summary['infected-fraction']?.mean])).toEqual([
      ['none', 10, expect.closeTo(0.055, 12)],
      ['tagging', 10, expect.closeTo(0.055, 12)],
      ['dq', 4, expect.closeTo(0.025, 12)],
    ]);
    expect(data.arms.map((a) => a.seeds.compared)).toEqual([range(1, 10), range(1, 10), range(1, 4)]);
  });

  it('leaves a seed out of the comparison when any arm failed on it, and counts the failure', async () => {
    const data = await buildReportData(await partialStore([{ arm: 'tagging', seed: 2 }]), 'exp');
    expect(data.coverage.runs).toEqual({ done: 23, failed: 1, missing: 36 });
    expect(data.coverage.sharedSeeds).toEqual([1, 3, 4]);
    expect(data.arms[1]?.seeds.failed).toEqual([2]);
    expect(data.arms[0]?.summary['infected-fraction']).toMatchObject({ n: 3, total: 3, mean: expect.closeTo(8 / 300, 12) });
  });

  it('a complete experiment compares every seed and says it is complete', async () => {
    const store = new InMemoryResultsStore();
    await store.putExperiment({ ...fixtureExperiment('full', '2025-01-01T00:00:00.000Z', ['none', 'dq']), seeds: [1, 2], metrics: ['infected-fraction'] });
    for (const arm of ['none', 'dq']) for (const seed of [1, 2]) await store.putRun(fixtureRun('full', arm, seed, { metrics: { 'infected-fraction': 0.1 } }));
    const data = await buildReportData(store, 'full');
    expect(data.coverage).toEqual({ complete: true, basis: 'shared', planned: { arms: 2, seeds: [1, 2], runs: 4 }, runs: { done: 4, failed: 0, missing: 0 }, sharedSeeds: [1, 2] });
  });
});
