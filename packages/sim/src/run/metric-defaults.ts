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

/** What the market engine measures without a threat to say otherwise: collusion, convergence, punishment. */
export const MARKET_METRICS: readonly string[] = ['profit-gain', 'price-gain', 'converged-period', 'deviation-punished', 'collusion-flagged', 'periods-to-flag'];

/**
 * Metric ids reported when a scenario does not list its own: on the message and market engines the threats'
 * defaults, in order (the market engine's own set when it has no threat); on the population engine, which has
 * no messages, `POPULATION_METRICS`.
 */
export function defaultMetrics(scenario: Scenario, registries: PluginRegistries): string[] {
  const engine = resolveEngine(scenario);
  if (engine === 'population') return [...POPULATION_METRICS];
  const ids: string[] = [];
  for (const ref of scenario.threats) {
    for (const id of registries.threats.get(ref.id).metrics) if (!ids.includes(id)) ids.push(id);
  }
  return ids.length === 0 && engine === 'market' ? [...MARKET_METRICS] : ids;
}
