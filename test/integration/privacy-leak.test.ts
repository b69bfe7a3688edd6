/**
 * The must-hold for threat `privacy-leak` on its built-in scenario (`scenarios/privacy-leak.yaml`,
 * orchestrator on a star): without defenses the querier reconstructs a substantial fraction of the split
 * secrets; `taint-labels` cuts that by more than the 95% confidence intervals, and what it costs — benign
 * messages and actions blocked by over-tainting, to-dos left unanswered — is visible and non-zero.
 */
import { describe, expect, it } from 'vitest';
import { type Summary, builtinScenarioDir, loadScenarioFile, summarize } from '@masec/runner';
import { createRegistries, runScenario } from '@masec/sim';

const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);
const METRICS = ['secrets-reconstructed', 'fragments-leaked', 'benign-blocked', 'benign-actions-blocked', 'todos-answered'] as const;

async function sweep(arm: string): Promise<Record<(typeof METRICS)[number], Summary>> {
  const registries = createRegistries();
  const { scenario } = loadScenarioFile(`${builtinScenarioDir()}/privacy-leak.yaml`);
  const values: Record<string, (number | null)[]> = Object.fromEntries(METRICS.map((m) => [m, []]));
  for (const seed of SEEDS) {
    const run = await runScenario(scenario, { seed, arm, registries });
    for (const m of METRICS) values[m]?.push(run.metrics[m] ?? null);
  }
  return Object.fromEntries(METRICS.map((m) => [m, summarize(values[m] ?? [])])) as Record<(typeof METRICS)[number], Summary>;
}

const num = (x: number | null): number => {
  expect(x).not.toBeNull();
  return x as number;
};

describe('privacy-leak built-in scenario: threat succeeds, taint-labels reduces it beyond the CIs, at a visible cost', () => {
  it('none vs taint-labels over 12 seeds', async () => {
    const [none, taint] = await Promise.all([sweep('none'), sweep('taint-labels')]);
    // The threat succeeds substantially without defenses.
    expect(num(none['secrets-reconstructed'].lo)).toBeGreaterThan(0.5);
    expect(num(none['fragments-leaked'].mean)).toBeGreaterThan(15);
    // taint-labels: the upper end of its interval lies below the lower end of the undefended one.
    expect(num(taint['secrets-reconstructed'].hi)).toBeLessThan(num(none['secrets-reconstructed'].lo));
    expect(num(taint['fragments-leaked'].hi)).toBeLessThan(num(none['fragments-leaked'].lo));
    // Its cost: benign messages and actions blocked (none without it), fewer to-dos answered.
    expect(num(none['benign-blocked'].mean)).toBe(0);
    expect(num(none['benign-actions-blocked'].mean)).toBe(0);
    expect(num(taint['benign-blocked'].lo)).toBeGreaterThan(0);
    expect(num(taint['benign-actions-blocked'].lo)).toBeGreaterThan(0);
    expect(num(taint['todos-answered'].hi)).toBeLessThan(num(none['todos-answered'].lo));
  }, 120_000);
});
