/**
 * Per-arm, per-metric values of a built-in scenario over `seeds`, run in process: what the
 * integration tests of a threat compare across arms with 95% intervals.
 */
import { type Summary, loadScenarioFile, summarize } from '@masec/runner';
import { createRegistries, runScenario } from '@masec/sim';

export type ArmValues = Record<string, Record<string, (number | null)[]>>;

const registries = createRegistries();

export async function measureArms(scenarioName: string, overrides: string[], arms: string[], seeds: readonly number[]): Promise<ArmValues> {
  const { scenario } = loadScenarioFile(scenarioName, overrides);
  const out: ArmValues = {};
  for (const arm of arms) {
    const values: Record<string, (number | null)[]> = {};
    out[arm] = values;
    for (const seed of seeds) {
      const run = await runScenario(scenario, { seed, arm, registries });
      for (const [metric, value] of Object.entries(run.metrics)) (values[metric] ??= []).push(value);
    }
  }
  return out;
}

/** One arm's 95% summary of each of `metrics` over `seeds` (a metric a run leaves undefined counts as null). */
export async function summarizeArm<M extends string>(scenarioName: string, arm: string, metrics: readonly M[], seeds: readonly number[]): Promise<Record<M, Summary>> {
  const values = (await measureArms(scenarioName, [], [arm], seeds))[arm] ?? {};
  return Object.fromEntries(metrics.map((m) => [m, summarize(values[m] ?? seeds.map(() => null))])) as Record<M, Summary>;
}
