/**
 * The must-hold of threat `swarm` on its built-in scenario (a 50-agent star whose hub a0 serves 20 messages
 * a round; 40 members each send it one near-identical complaint a round), seeds 1-10, 95% t-intervals:
 *   - undefended, the swarm takes most of the target's capacity (swarm-damage > 0.5);
 *   - the per-sender rate limit and the per-sender repetition detector, which every member stays under, refuse
 *     and flag nothing, and the damage stays where it was;
 *   - a joint budget on the swarm's group and cross-agent aggregation keyed by recipient each cut the damage by
 *     more than both intervals and refuse no benign mail;
 *   - a joint budget on the target caps its load, but the swarm, first each round, drains it: the damage stays
 *     and the target's benign mail is refused instead (its cost, measured here);
 *   - members that word each message their own way (wording varied) pass the aggregation's similarity join
 *     (the damage stays above 0.5), while the joint budget on their group still cuts it beyond the intervals.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type Summary, loadScenarioFile, summarize } from '@masec/runner';
import { createRegistries, runScenario } from '@masec/sim';

const SEEDS = Array.from({ length: 10 }, (_, i) => i + 1);
const ARMS = ['none', 'rate-limit', 'per-agent-detector', 'joint-recipient', 'joint-group', 'aggregation'];
const registries = createRegistries();
type Values = Record<string, Record<string, (number | null)[]>>;
const values: Values = {};
const varied: Values = {};
const ci = (arm: string, metric: string, from: Values = values): Summary => summarize(from[arm]?.[metric] ?? []);
/** The whole 95% interval of `lower` lies below the whole interval of `higher` (a constant has lo = hi = mean). */
const separated = (lower: Summary, higher: Summary) => (lower.hi ?? lower.mean!) < (higher.lo ?? higher.mean!);

beforeAll(async () => {
  const measure = async (into: Values, overrides: string[], arms: string[]) => {
    const { scenario } = loadScenarioFile('swarm', overrides);
    for (const arm of arms) {
      into[arm] = {};
      for (const seed of SEEDS) {
        const run = await runScenario(scenario, { seed, arm, registries });
        for (const [metric, value] of Object.entries(run.metrics)) (into[arm][metric] ??= []).push(value);
      }
    }
  };
  await measure(values, [], ARMS);
  await measure(varied, ['threats[0].config.wording=varied'], ['none', 'joint-group', 'aggregation']);
}, 120_000);

describe('threat swarm on the built-in scenario (10 seeds per arm)', () => {
  it('undefended, the swarm takes most of the target\u2019s capacity', () => {
    expect(ci('none', 'swarm-damage').mean!).toBeGreaterThan(0.5);
  });

  it('per-agent defenses the members stay under change nothing: no refusal, no flag, the same damage', () => {
    for (const arm of ['rate-limit', 'per-agent-detector']) {
      expect(values[arm]?.['swarm-refused']?.every((v) => v === 0), arm).toBe(true);
      expect(values[arm]?.['swarm-damage'], arm).toEqual(values['none']?.['swarm-damage']);
    }
    expect(values['per-agent-detector']?.['detector-tpr']?.every((v) => v === 0)).toBe(true);
  });

  it('a joint budget on the swarm\u2019s group and cross-agent aggregation cut the damage beyond both intervals, refusing no benign mail', () => {
    for (const arm of ['joint-group', 'aggregation']) {
      expect(separated(ci(arm, 'swarm-damage'), ci('none', 'swarm-damage')), arm).toBe(true);
      expect(separated(ci('none', 'target-benign-served'), ci(arm, 'target-benign-served')), arm).toBe(true);
      expect(ci(arm, 'benign-blocked').mean, arm).toBe(0);
    }
    expect(ci('aggregation', 'detector-tpr').mean!).toBeGreaterThan(0.9);
  });

  it('a joint budget on the target caps its load, but the swarm drains it first: the target\u2019s benign mail is refused', () => {
    expect(ci('joint-recipient', 'swarm-damage').mean!).toBeGreaterThan(0.5);
    expect(separated(ci('joint-recipient', 'target-benign-served'), ci('none', 'target-benign-served'))).toBe(true);
    expect(ci('joint-recipient', 'benign-blocked').mean!).toBeGreaterThan(100);
  });

  it('members that word each message their own way pass the similarity join, not the group budget', () => {
    expect(ci('aggregation', 'swarm-damage', varied).mean!).toBeGreaterThan(0.5);
    expect(ci('aggregation', 'swarm-refused', varied).mean!).toBeLessThan(0.5);
    expect(separated(ci('joint-group', 'swarm-damage', varied), ci('none', 'swarm-damage', varied))).toBe(true);
  });
});
