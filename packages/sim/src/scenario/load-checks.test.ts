// Load-time checks that involve the whole scenario: topology parameters, the engine's needs, and a
// threat's own `checkScenario`. Uses the real registries.
import { describe, expect, it } from 'vitest';
import { type DefenseDefinition, isMasecError, type MasecError } from '@masec/spec';
import { createRegistries } from '../registries.js';
import { parseScenario } from './load.js';

const BASE = `id: check
rounds: 5
agents:
  count: 20
  policy:
    id: email-assistant
topology:
  kind: erdos-renyi
  p: 0.2
threats:
  - id: worm
    config:
      patientZeros: 2
defenses:
  - id: content-detector
`;

function failure(text: string, registries = createRegistries()): MasecError {
  try {
    parseScenario(text, { file: 'check.yaml', registries });
  } catch (error) {
    if (isMasecError(error)) return error;
    throw error;
  }
  throw new Error('expected parseScenario to throw');
}

describe('scenario checks at load', () => {
  it('accepts the base scenario', () => {
    expect(parseScenario(BASE, { file: 'check.yaml', registries: createRegistries() }).threats[0]?.config).toMatchObject({ patientZeros: 2 });
  });

  it('erdos-renyi needs p or meanDegree', () => {
    const error = failure(BASE.replace('  p: 0.2\n', ''));
    expect(error.issues).toEqual([{ file: 'check.yaml', line: 7, column: 1, path: 'topology.p', message: 'erdos-renyi needs p (edge probability) or meanDegree' }]);
  });

  it('configuration-model degree parameters are checked against agents.count at their field', () => {
    const power = failure(BASE.replace('  kind: erdos-renyi\n  p: 0.2\n', '  kind: configuration-model\n  degrees:\n    kind: power-law\n    exponent: 2.5\n    max: 20\n'));
    expect(power.issues).toEqual([
      { file: 'check.yaml', line: 12, column: 10, path: 'topology.degrees.max', message: 'power-law max must be at most agents.count - 1 (max=20, agents.count=20)' },
    ]);
    const poisson = failure(BASE.replace('  kind: erdos-renyi\n  p: 0.2\n', '  kind: configuration-model\n  degrees: { kind: poisson, mean: 25 }\n'));
    expect(poisson.issues[0]).toMatchObject({ path: 'topology.degrees.mean', message: 'poisson mean must be at most agents.count - 1 (mean=25, agents.count=20)' });
    const ok = BASE.replace('  kind: erdos-renyi\n  p: 0.2\n', '  kind: configuration-model\n  degrees: { kind: power-law, exponent: 2.5, min: 2, max: 19 }\n');
    expect(parseScenario(ok, { file: 'check.yaml', registries: createRegistries() }).topology).toEqual({
      kind: 'configuration-model',
      degrees: { kind: 'power-law', exponent: 2.5, min: 2, max: 19 },
    });
  });

  it('worm: more patient zeros than agents is reported at its config field with the line', () => {
    const error = failure(BASE.replace('patientZeros: 2', 'patientZeros: 30'));
    expect(error.issues).toEqual([
      { file: 'check.yaml', line: 13, column: 21, path: 'threats[0].config.patientZeros', message: '30 patient zeros but only 20 agents' },
    ]);
  });
});

describe('engine checks at load', () => {
  const POP = `id: pop
rounds: 5
agents:
  count: 200000
topology:
  kind: ring
  k: 2
population:
  transmission: 0.5
defenses:
  - id: content-detector
`;

  it('picks the population engine automatically for a large scenario with a population block', () => {
    const scenario = parseScenario(POP, { file: 'pop.yaml', registries: createRegistries() });
    expect(scenario.engine).toBe('auto');
    expect(scenario.population).toMatchObject({ transmission: 0.5, recovery: 0, latency: 1, patientZeros: 1 });
  });

  it('rejects a defense with no population-level form on the population engine', () => {
    const registries = createRegistries();
    const messageOnly = { ...registries.defenses.get('quarantine'), id: 'message-only', population: undefined };
    registries.defenses.register(messageOnly as DefenseDefinition<unknown>);
    const error = failure(POP.replace('  - id: content-detector', '  - id: message-only'), registries);
    expect(error.issues).toEqual([
      {
        file: 'check.yaml',
        line: 11,
        column: 9,
        path: 'defenses[0].id',
        message: "defense 'message-only' has no population-level form, so the population engine cannot run it",
      },
    ]);
  });

  it('requires a population block for engine: population, and a policy for the message engine', () => {
    const noBlock = failure(`id: x\nrounds: 5\nengine: population\nagents:\n  count: 50\ntopology:\n  kind: star\n`);
    expect(noBlock.issues.map((i) => [i.path, i.message])).toEqual([['engine', 'the population engine needs a population block (transmission, recovery, ...)']]);
    const noPolicy = failure(`id: x\nrounds: 5\nagents:\n  count: 50\ntopology:\n  kind: star\n`);
    expect(noPolicy.issues.map((i) => i.path)).toEqual(['agents']);
    expect(noPolicy.issues[0]?.message).toMatch(/the message engine needs agents.policy/);
  });
});

describe('models at load', () => {
  const WITH_MODELS = `${BASE}models:
  - id: local
    provider: openai-compatible
    model: llama
    baseUrl: http://localhost:8000/v1
`;

  it('an unknown model id, a provider without its base URL or key variable name: each at its line and field', () => {
    const error = failure(`${WITH_MODELS.replace('    baseUrl: http://localhost:8000/v1\n', '')}  - id: claude\n    provider: anthropic\n    model: claude-x\n`.replace('  count: 20\n', '  count: 20\n  model: gpt\n'));
    expect(error.issues).toEqual([
      { file: 'check.yaml', line: 5, column: 10, path: 'agents.model', message: "unknown model 'gpt'; declared models: local, claude" },
      { file: 'check.yaml', line: 18, column: 5, path: 'models[0].baseUrl', message: "provider 'openai-compatible' needs baseUrl (where the server is, e.g. http://localhost:8000/v1)" },
      { file: 'check.yaml', line: 21, column: 5, path: 'models[1].apiKeyEnv', message: "provider 'anthropic' needs apiKeyEnv: the name of the environment variable holding the key" },
    ]);
  });

  it('a policy that requires models loads when the scenario declares them, and is refused where it is named when it does not', () => {
    const registries = createRegistries();
    registries.policies.register({ ...registries.policies.get('email-assistant'), id: 'needs-models', requires: ['models'] } as never);
    const text = (t: string) => t.replace('id: email-assistant', 'id: needs-models');
    expect(parseScenario(text(WITH_MODELS), { file: 'check.yaml', registries }).models?.[0]?.id).toBe('local');
    expect(failure(text(BASE), registries).issues).toEqual([
      { file: 'check.yaml', line: 6, column: 9, path: 'agents.policy.id', message: "'needs-models' needs the service 'models', which this run does not provide (declare the models the scenario uses)" },
    ]);
  });

  it('a model judge: an undeclared model, a threat the scenario lacks, a bad sample size, each at its line and field; a good one loads', () => {
    const judged = (block: string) => `${WITH_MODELS}judge:\n${block}`;
    expect(parseScenario(judged('  model: local\n'), { file: 'check.yaml', registries: createRegistries() }).judge).toEqual({ model: 'local', sample: 20, maxChars: 2000 });
    expect(failure(judged('  model: gpt\n  threats: [worm, privacy-leak]\n')).issues).toEqual([
      { file: 'check.yaml', line: 22, column: 10, path: 'judge.model', message: "'gpt' is not a declared model (declared: local)" },
      { file: 'check.yaml', line: 23, column: 19, path: 'judge.threats[1]', message: "'privacy-leak' is not one of the scenario\u2019s threats (worm)" },
    ]);
    const sample = failure(judged('  model: local\n  sample: 0\n')).issues;
    expect(sample).toMatchObject([{ file: 'check.yaml', line: 23, path: 'judge.sample' }]);
  });
});

