/**
 * The built-in scenario of threat `stealth` (shrunk to 24 rounds: 12 attacker iterations) over 10 seeds per
 * arm: without guards every probe gets through; `content-detector` (blocking) catches most of the
 * attacker's first, untuned probes, and the evolutionary search, learning only from refusals, climbs back
 * to evading most of them; an attacker that does not learn (`adaptive: false`) stays where it started. The
 * detectors' cost (benign mail blocked) shows. `propagation-monitor` is measured too.
 */
import { describe, expect, it } from 'vitest';
import { type Summary, listBuiltinScenarios, loadScenarioFile, summarize } from '@masec/runner';
import { createRegistries, runScenario } from '@masec/sim';

const SEEDS = Array.from({ length: 10 }, (_, i) => i + 1);
const METRICS = ['evasion-rate', 'first-evasion', 'final-evasion', 'iterations-to-evade', 'benign-blocked', 'detector-fpr'];

async function sweep(arm: string, overrides: string[] = []): Promise<Record<string, Summary>> {
  const registries = createRegistries();
  const file = listBuiltinScenarios().find((s) => s.name === 'stealth');
  if (file === undefined) throw new Error('built-in scenario stealth not found');
  const { scenario } = loadScenarioFile(file.path, ['rounds=24', ...overrides]);
  const values: Record<string, (number | null)[]> = Object.fromEntries(METRICS.map((id) => [id, []]));
  for (const seed of SEEDS) {
    const run = await runScenario(scenario, { seed, arm, registries });
    for (const id of METRICS) values[id]?.push(run.metrics[id] ?? null);
  }
  return Object.fromEntries(METRICS.map((id) => [id, summarize(values[id] ?? [])]));
}

const below = (a: Summary | undefined, b: Summary | undefined) => expect(a?.hi as number).toBeLessThan(b?.lo as number);

describe('stealth: built-in scenario', () => {
  it('probes all get through without guards; content-detector catches the untuned ones, and the adaptive attacker learns to evade it', { timeout: 300_000 }, async () => {
    const none = await sweep('none');
    expect(none['evasion-rate']?.mean).toBe(1);
    expect(none['final-evasion']?.mean).toBe(1);
    expect(none['benign-blocked']?.mean).toBe(0);

    const detector = await sweep('content-detector');
    // The detector changes the outcome beyond the intervals: over the run, and above all at the start.
    below(detector['evasion-rate'], none['evasion-rate']);
    below(detector['first-evasion'], none['first-evasion']);
    expect(detector['first-evasion']?.mean as number).toBeLessThan(0.5);
    // The search climbs: its last quarter evades far more than its first iteration.
    below(detector['first-evasion'], detector['final-evasion']);
    expect(detector['final-evasion']?.mean as number).toBeGreaterThan(0.75);
    // What the detector costs: benign mail blocked in every run.
    expect(detector['benign-blocked']?.lo as number).toBeGreaterThan(0);

    // An attacker that does not learn stays near its first iteration's evasion.
    const blind = await sweep('content-detector', ['threats[0].config.adaptive=false']);
    below(blind['final-evasion'], detector['final-evasion']);
    expect(blind['final-evasion']?.mean as number).toBeLessThan(0.5);
  });

  it('propagation-monitor, alone and with content-detector, catches part of the probes at a cost in benign mail', { timeout: 300_000 }, async () => {
    const monitor = await sweep('propagation-monitor');
    expect(monitor['evasion-rate']?.hi as number).toBeLessThan(1);
    expect(monitor['benign-blocked']?.lo as number).toBeGreaterThan(0);
    const both = await sweep('both');
    below(both['first-evasion'], monitor['first-evasion']);
    expect(both['final-evasion']?.mean as number).toBeGreaterThan(both['first-evasion']?.mean as number);
  });
});
