/**
 * Judges decide from what agents did, not from what a policy says about itself: surrogate policies name the
 * attack that drove an action (`cause`), a model-backed policy cannot. Every built-in message-engine
 * scenario is run (first and last arm, shrunk) with its policies as they are and with every `cause` removed
 * from their actions: the judges' verdicts and the attack metrics are the same, so the `llm` policy is judged
 * by the same rules as the surrogates (docs/threats/*.md, "How a run is judged"). Two metrics do read the
 * policies' own account, and are listed here and on their threat's page: `r-eff` (secondary infections
 * follow the `via` lineage a surrogate names) and `benign-actions-blocked` (an action an attack drove but that
 * carries no recognisable payload counts as benign without it).
 */
import { describe, expect, it } from 'vitest';
import { type Action, type PolicyDefinition, Registry, resolveEngine } from '@masec/spec';
import { listBuiltinScenarios, loadScenarioFile, fileReader } from '@masec/runner';
import { armsOf, createRegistries, runScenario } from '@masec/sim';

function withoutCause(action: Action): Action {
  if (!('cause' in action) || action.cause === undefined) return action;
  const { cause: _dropped, ...rest } = action;
  return rest as Action;
}

/** The registries with every policy's actions stripped of `cause`. */
function causeBlind() {
  const registries = createRegistries();
  const policies = registries.policies.list().map(
    (definition): PolicyDefinition<unknown> => ({
      ...definition,
      create(config, context, services) {
        const policy = definition.create(config, context, services as never);
        return { specVersion: 'v1', act: async (obs) => (await policy.act(obs)).map(withoutCause) };
      },
    }),
  );
  return { ...registries, policies: new Registry<PolicyDefinition<unknown>>('policy', policies) };
}

/** Metrics that rest on the lineage a policy names; for a model-backed policy they read 0 or overcount. */
const FROM_LINEAGE = ['r-eff', 'benign-actions-blocked'];
const behavioural = (metrics: Record<string, number | null>) => Object.fromEntries(Object.entries(metrics).filter(([id]) => !FROM_LINEAGE.includes(id)));

const library = listBuiltinScenarios()
  .map(({ name, path }) => ({ name, path, scenario: loadScenarioFile(path).scenario }))
  .filter(({ scenario }) => resolveEngine(scenario) === 'message' && (scenario.models ?? []).length === 0 && scenario.threats.length > 0);

describe('judges decide from behaviour: a policy\u2019s own account of its actions changes no verdict', () => {
  for (const { name, path } of library) {
    it(`${name}: the same metrics and verdicts with every cause removed`, async () => {
      const { scenario, baseDir } = loadScenarioFile(path, ['agents.count=60', 'rounds=10']);
      const arms = armsOf(scenario);
      for (const arm of new Set([arms[0], arms[arms.length - 1]])) {
        if (arm === undefined) continue;
        const options = { seed: 1, arm: arm.name, readText: fileReader(baseDir) };
        const told = await runScenario(scenario, { ...options, registries: createRegistries() });
        const blind = await runScenario(scenario, { ...options, registries: causeBlind() });
        expect(behavioural(blind.metrics), `${name}/${arm.name}`).toEqual(behavioural(told.metrics));
        expect(blind.judges, `${name}/${arm.name}`).toEqual(told.judges);
      }
    }, 60_000);
  }
});
