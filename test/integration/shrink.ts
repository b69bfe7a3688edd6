/**
 * How the golden-runs and threat-contract tests shrink a built-in scenario so that every arm and seed runs in
 * well under a second: `--set` expressions per engine.
 */
import { type Scenario, resolveEngine } from '@masec/spec';

export function shrinkSets(scenario: Scenario): string[] {
  switch (resolveEngine(scenario)) {
    case 'population':
      return [`agents.count=${Math.min(scenario.agents.count, 20_000)}`, `rounds=${Math.min(scenario.rounds, 30)}`];
    case 'message':
      return [`agents.count=${Math.min(scenario.agents.count, 60)}`, `rounds=${Math.min(scenario.rounds, 12)}`];
    case 'market':
      // Faster learning (exploration decays 25 times faster, a shorter convergence window): sessions of ~10^5 periods.
      return ['market.learning.beta=0.0001', 'market.stable=1000', `rounds=${Math.min(scenario.rounds, 1_000_000)}`];
  }
}
