/**
 * The built-in scenario of threat `sybil` over 12 seeds per arm: without defenses 20 Sybil identities
 * outvote 40 members most of the time; defense `sybil-resistance` (identity cost, vouching, both) cuts the
 * adversary's outcome control beyond the 95% confidence intervals, and what it costs honest members shows
 * (hash evaluations for the identity cost; newcomers kept out or delayed by vouching). Outcome control rises
 * with the Sybil fraction, through one half near the fraction where Sybils outnumber the honest minority's
 * margin (0.3 × 40 = 12 identities).
 */
import { describe, expect, it } from 'vitest';
import { type Summary, listBuiltinScenarios, loadScenarioFile, summarize } from '@masec/runner';
import { createRegistries, runScenario } from '@masec/sim';

const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);
const METRICS = ['outcome-control', 'sybil-member-share', 'sybils-admitted', 'identity-work', 'admission-delay', 'honest-admitted'];

async function sweep(arm: string, overrides: string[] = []): Promise<Record<string, Summary>> {
  const registries = createRegistries();
  const file = listBuiltinScenarios().find((s) => s.name === 'sybil');
  if (file === undefined) throw new Error('built-in scenario sybil not found');
  const { scenario } = loadScenarioFile(file.path, overrides);
  const values: Record<string, (number | null)[]> = Object.fromEntries(METRICS.map((id) => [id, []]));
  for (const seed of SEEDS) {
    const run = await runScenario(scenario, { seed, arm, registries });
    for (const id of METRICS) values[id]?.push(run.metrics[id] ?? null);
  }
  return Object.fromEntries(METRICS.map((id) => [id, summarize(values[id] ?? [])]));
}

function clearlyLower(defended: Summary | undefined, open: Summary | undefined): void {
  expect(defended?.hi).not.toBeNull();
  expect(open?.lo).not.toBeNull();
  expect(defended?.hi as number).toBeLessThan(open?.lo as number);
}

describe('sybil: built-in scenario, arms none, identity-cost, vouching, cost-and-vouching', () => {
  it('Sybils control the vote without defenses; sybil-resistance cuts their control beyond the intervals, at a visible cost', { timeout: 300_000 }, async () => {
    const none = await sweep('none');
    expect(none['outcome-control']?.lo as number).toBeGreaterThan(0.75);
    expect(none['sybils-admitted']?.mean).toBe(1);
    expect(none['identity-work']?.mean).toBe(0);
    expect(none['honest-admitted']?.mean).toBe(1);

    const cost = await sweep('identity-cost');
    clearlyLower(cost['outcome-control'], none['outcome-control']);
    // The budget (2^16 evaluations) pays for a third of the 20 identities at 12 bits; honest members pay too.
    expect(cost['sybils-admitted']?.mean as number).toBeLessThan(0.5);
    expect(cost['identity-work']?.mean as number).toBeGreaterThan(1000);
    expect(cost['honest-admitted']?.mean).toBe(1);

    for (const arm of ['vouching', 'cost-and-vouching']) {
      const vouched = await sweep(arm);
      clearlyLower(vouched['outcome-control'], none['outcome-control']);
      clearlyLower(vouched['outcome-control'], cost['outcome-control']);
      expect(vouched['sybils-admitted']?.mean as number).toBeLessThan(0.1);
      // The cost of vouching: newcomers wait for their contacts' vouches, and some never get enough.
      expect(vouched['admission-delay']?.mean as number).toBeGreaterThan(0);
      expect(vouched['honest-admitted']?.mean as number).toBeLessThan(1);
    }
  });

  it('outcome control grows with the Sybil fraction through a transition near 12 identities (a fifth of the electorate)', { timeout: 300_000 }, async () => {
    const control: number[] = [];
    for (const n of [4, 12, 24]) control.push((await sweep('none', [`threats[0].config.sybils=${n}`]))['outcome-control']?.mean as number);
    expect(control[0]).toBeLessThan(0.2);
    expect(control[1]).toBeGreaterThan(0.3);
    expect(control[1]).toBeLessThan(0.6);
    expect(control[2]).toBeGreaterThan(0.9);
  });
});
