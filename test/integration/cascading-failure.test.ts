/**
 * The built-in scenario of threat `cascading-failure` (shrunk to 100 services and 30 rounds to keep the
 * test short) over 12 seeds per arm: without defenses the burst at one service cascades into a failure of a
 * substantial part of the network that outlives the burst; defense `circuit-breaker` cuts the failure by
 * more than the 95% confidence intervals, and its cost (benign calls it refused) is visible.
 */
import { describe, expect, it } from 'vitest';
import { type Summary, listBuiltinScenarios, loadScenarioFile, summarize } from '@masec/runner';
import { createRegistries, runScenario } from '@masec/sim';

const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);
const METRICS = ['peak-down', 'agent-rounds-down', 'down-at-end', 'peak-impaired', 'recovery-time', 'requests-failed', 'benign-task-completion', 'benign-blocked'];

interface Sweep {
  summary: Record<string, Summary>;
  values: Record<string, (number | null)[]>;
}

async function sweep(arm: string): Promise<Sweep> {
  const registries = createRegistries();
  const file = listBuiltinScenarios().find((s) => s.name === 'cascading-failure');
  if (file === undefined) throw new Error('built-in scenario cascading-failure not found');
  const { scenario } = loadScenarioFile(file.path, ['agents.count=100', 'rounds=30']);
  const values: Record<string, (number | null)[]> = Object.fromEntries(METRICS.map((id) => [id, []]));
  for (const seed of SEEDS) {
    const run = await runScenario(scenario, { seed, arm, registries });
    for (const id of METRICS) values[id]?.push(run.metrics[id] ?? null);
  }
  return { values, summary: Object.fromEntries(METRICS.map((id) => [id, summarize(values[id] ?? [])])) };
}

/** The defended arm's interval lies entirely below the undefended arm's. */
function clearlyLower(defended: Summary | undefined, open: Summary | undefined): void {
  expect(defended?.hi).not.toBeNull();
  expect(open?.lo).not.toBeNull();
  expect(defended?.hi as number).toBeLessThan(open?.lo as number);
}

describe('cascading-failure: built-in scenario, arms none and circuit-breaker', () => {
  // Two arms × 12 runs take about 13 s of CPU; the generous timeout is for a loaded machine.
  it('the fault cascades without defenses; circuit-breaker cuts it beyond the confidence intervals, at a visible cost', { timeout: 300_000 }, async () => {
    const [open, guarded] = [await sweep('none'), await sweep('circuit-breaker')];
    const [none, breaker] = [open.summary, guarded.summary];

    // Without defenses: a substantial part of the network fails, and much of it is still down at the end
    // (the retry storm keeps crashed services down after the burst is over): it never recovers.
    expect(none['peak-impaired']?.mean as number).toBeGreaterThan(0.4);
    expect(none['peak-down']?.mean as number).toBeGreaterThan(0.1);
    expect(none['down-at-end']?.lo as number).toBeGreaterThan(0);
    expect(none['recovery-time']?.n).toBe(0);
    expect(none['benign-blocked']?.mean).toBe(0);

    // With circuit breakers: fewer agents fail, for less time, and the network recovers.
    for (const id of ['peak-down', 'agent-rounds-down', 'down-at-end', 'peak-impaired', 'requests-failed']) clearlyLower(breaker[id], none[id]);
    expect(breaker['down-at-end']?.mean).toBe(0);
    expect(breaker['recovery-time']?.n as number).toBeGreaterThanOrEqual(SEEDS.length - 2);

    // The cost: benign calls refused while breakers were open, in every run (a few runs refuse thousands,
    // which makes the interval too wide to exclude zero; every single run pays something).
    expect(guarded.values['benign-blocked']?.every((v) => (v as number) > 0)).toBe(true);
    expect(breaker['benign-blocked']?.mean as number).toBeGreaterThan(0);
  });
});
