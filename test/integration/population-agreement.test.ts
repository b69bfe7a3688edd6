/**
 * The population engine and the message engine describe the same dynamics: on a 2,000-agent network, the
 * message engine with `contagion` agents (per-contact transmission β, recovery γ, a real payload carried in
 * envelopes) and the population engine with the same β and γ agree on the final size and the time to 50%
 * within their 95% confidence intervals (threat: worm).
 */
import { describe, expect, it } from 'vitest';
import { summarize } from '@masec/runner';
import { createRegistries, parseScenario, runScenario } from '@masec/sim';

const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);

const message = (topology: string) => `
id: agreement
rounds: 30
agents: { count: 2000, records: 0, policy: { id: contagion, config: { transmission: 0.15, recovery: 0.3 } } }
topology: ${topology}
channel: { kind: direct }
threats: [{ id: worm }]
metrics: [infected-fraction, time-to-50, r-eff]`;

const population = (topology: string) => `
id: agreement
rounds: 30
engine: population
agents: { count: 2000 }
topology: ${topology}
population: { transmission: 0.15, recovery: 0.3 }
threats: [{ id: worm }]
metrics: [infected-fraction, time-to-50, r-eff]`;

async function sweep(yaml: string): Promise<Record<string, (number | null)[]>> {
  const registries = createRegistries();
  const scenario = parseScenario(yaml, { file: 'agreement.yaml', registries });
  const out: Record<string, (number | null)[]> = { 'infected-fraction': [], 'time-to-50': [], 'r-eff': [] };
  for (const seed of SEEDS) {
    const run = await runScenario(scenario, { seed, registries });
    for (const id of Object.keys(out)) out[id]?.push(run.metrics[id] ?? null);
  }
  return out;
}

/** The two means differ by less than the sum of their CI half-widths (the intervals overlap). */
function expectAgreement(a: (number | null)[], b: (number | null)[]): void {
  const x = summarize(a);
  const y = summarize(b);
  expect(x.mean).not.toBeNull();
  expect(y.mean).not.toBeNull();
  const halfX = ((x.hi as number) - (x.lo as number)) / 2;
  const halfY = ((y.hi as number) - (y.lo as number)) / 2;
  expect(Math.abs((x.mean as number) - (y.mean as number))).toBeLessThan(halfX + halfY);
}

describe.each([
  ['Erdős–Rényi, mean degree 8', '{ kind: erdos-renyi, meanDegree: 8 }'],
  ['Barabási–Albert, m = 3', '{ kind: barabasi-albert, m: 3 }'],
])('message engine and population engine agree on %s', (_name, topology) => {
  it('final size, time to 50% and early R_eff', async () => {
    const [m, p] = await Promise.all([sweep(message(topology)), sweep(population(topology))]);
    // The outbreak is large and reaches 50% in most seeds: the comparison is not between two zeros.
    expect(summarize(m['infected-fraction'] ?? []).mean as number).toBeGreaterThan(0.5);
    expect(summarize(m['time-to-50'] ?? []).n).toBeGreaterThan(25);
    expectAgreement(m['infected-fraction'] ?? [], p['infected-fraction'] ?? []);
    expectAgreement(m['time-to-50'] ?? [], p['time-to-50'] ?? []);
    expectAgreement(m['r-eff'] ?? [], p['r-eff'] ?? []);
  });
});
