/** Shared by the population engine's tests: a scenario from YAML text, and a run's round events. */
import type { PopulationEndEvent, PopulationRoundEvent, Scenario } from '@masec/spec';
import { createRegistries } from '../registries.js';
import { parseScenario } from '../scenario/index.js';
import { type PopulationRunOutput, runPopulationEngine } from '../run/run-scenario.js';

export const registries = createRegistries();

export function scenarioOf(yaml: string): Scenario {
  return parseScenario(yaml, { file: 'test.yaml', registries });
}

export interface RunResult {
  output: PopulationRunOutput;
  rounds: PopulationRoundEvent[];
  end: PopulationEndEvent;
}

export function runPop(scenario: Scenario, seed: number, arm?: string): RunResult {
  const arms = scenario.arms ?? [{ name: 'default', defenses: scenario.defenses }];
  const chosen = arms.find((a) => a.name === (arm ?? arms[0]?.name));
  if (chosen === undefined) throw new Error(`no arm ${arm}`);
  const output = runPopulationEngine({ scenario, seed, arm: chosen.name, defenses: chosen.defenses, registries });
  const rounds = output.events.filter((e): e is PopulationRoundEvent => e.type === 'population-round');
  const end = output.events.find((e): e is PopulationEndEvent => e.type === 'population-end');
  if (end === undefined) throw new Error('no population-end event');
  return { output, rounds, end };
}

export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}
