/**
 * Every registered threat meets the threat contract (`runThreatContract`, `@masec/sim/testing`) on every engine
 * it declares, with the built-in scenarios that use it, shrunk: its judge agrees with its judge metric for every
 * arm and seed (ADR 0018). A threat registered without a built-in scenario on one of its engines fails here.
 */
import { listBuiltinScenarios, loadScenarioFile, fileReader } from '@masec/runner';
import { createRegistries } from '@masec/sim';
import { runThreatContract } from '@masec/sim/testing';
import { type EngineKind, type Scenario, resolveEngine } from '@masec/spec';
import { shrinkSets } from './shrink.js';

const registries = createRegistries();
const library = listBuiltinScenarios()
  .map(({ path }) => loadScenarioFile(path, shrinkSets(loadScenarioFile(path).scenario)))
  .filter(({ scenario }) => (scenario.models ?? []).length === 0); // model scenarios need a server (worm-email-llm.test.ts)

for (const definition of registries.threats.list()) {
  const scenarios: Partial<Record<EngineKind, Scenario>> = {};
  for (const { scenario } of library) {
    const engine = resolveEngine(scenario);
    if (scenarios[engine] === undefined && scenario.threats.some((t) => t.id === definition.id)) scenarios[engine] = scenario;
  }
  const baseDir = library[0]?.baseDir ?? '.';
  runThreatContract(definition, { scenarios, registries, readText: fileReader(baseDir) });
}
