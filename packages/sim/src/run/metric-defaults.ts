/** Which metrics a scenario reports when it does not list its own. */
import { type Scenario, resolveEngine } from '@masec/spec';
import type { PluginRegistries } from '@masec/spec';

/** What the population engine measures: spread, its speed, and what containment cost. */
export const POPULATION_METRICS: readonly string[] = [
  'infected-fraction',
  'time-to-50',
  'peak-compromised',
  'r-eff',
  'quarantined-agents',
  'false-quarantined',
  'edges-cut',
];

/**
 * Metric ids reported when a scenario does not list its own: on the message engine the threats' defaults,
 * in order; on the population engine, which has no messages, `POPULATION_METRICS`.
 */
export function defaultMetrics(scenario: Scenario, registries: PluginRegistries): string[] {
  if (resolveEngine(scenario) === 'population') return [...POPULATION_METRICS];
  const ids: string[] = [];
  for (const ref of scenario.threats) {
    for (const id of registries.threats.get(ref.id).metrics) if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}
