// MASEC_MODEL_<ID>_BASE_URL / _MODEL / _PROVIDER point a declared model elsewhere when the scenario is
// loaded: checked like the scenario's own fields, errors name the variable, --set of the same field wins,
// variables for models the scenario does not declare are ignored, and keys never come from here.
import { describe, expect, it } from 'vitest';
import { MasecError } from '@masec/spec';
import { builtinScenarioDir, loadScenarioFile } from '../experiment/scenario-file.js';
import { endpointsOf } from '../experiment/run-experiment.js';
import { modelEnvName } from './model-env.js';

const FILE = `${builtinScenarioDir()}/privacy-leak-llm.yaml`;
const load = (env: Record<string, string>, sets: string[] = []) => loadScenarioFile(FILE, sets, { env });

function failure(env: Record<string, string>): MasecError {
  try {
    load(env);
  } catch (error) {
    if (error instanceof MasecError) return error;
    throw error;
  }
  throw new Error('loaded without an error');
}

describe('model endpoints from the environment', () => {
  it('names a variable after the model id: upper-cased, other characters as _', () => {
    expect(modelEnvName('local-llama.3', 'BASE_URL')).toBe('MASEC_MODEL_LOCAL_LLAMA_3_BASE_URL');
    expect(modelEnvName('obedient', 'PROVIDER')).toBe('MASEC_MODEL_OBEDIENT_PROVIDER');
  });

  it('replaces base URL, model and provider of the model it names; no variables, no change', () => {
    const plain = load({});
    const { scenario } = load({ MASEC_MODEL_OBEDIENT_BASE_URL: 'http://localhost:11434/api', MASEC_MODEL_OBEDIENT_MODEL: 'llama3.1:8b', MASEC_MODEL_OBEDIENT_PROVIDER: 'ollama', MASEC_MODEL_OTHER_MODEL: 'x' });
    expect(scenario.models?.[0]).toEqual({ ...plain.scenario.models?.[0], baseUrl: 'http://localhost:11434/api', model: 'llama3.1:8b', provider: 'ollama' });
    expect(load({ MASEC_MODEL_OBEDIENT_MODEL: '' }).scenario).toEqual(plain.scenario);
    // The manifest records the endpoint a run called, never a key.
    expect(endpointsOf(scenario, ['obedient'])).toEqual({ endpoints: { obedient: { provider: 'ollama', model: 'llama3.1:8b', baseUrl: 'http://localhost:11434/api' } } });
    expect(endpointsOf(scenario, [])).toEqual({});
  });

  it('a --set of the same field wins over the variable', () => {
    const { scenario } = load({ MASEC_MODEL_OBEDIENT_BASE_URL: 'http://env:1/v1', MASEC_MODEL_OBEDIENT_MODEL: 'from-env' }, ['models[0].baseUrl=http://set:2/v1']);
    expect(scenario.models?.[0]).toMatchObject({ baseUrl: 'http://set:2/v1', model: 'from-env' });
  });

  it('a bad value is a located error naming the variable', () => {
    const url = failure({ MASEC_MODEL_OBEDIENT_BASE_URL: 'not a url' });
    expect(url.message).toContain('environment variable MASEC_MODEL_OBEDIENT_BASE_URL');
    expect(url.issues?.[0]).toMatchObject({ file: FILE, path: 'MASEC_MODEL_OBEDIENT_BASE_URL' });
    expect(failure({ MASEC_MODEL_OBEDIENT_PROVIDER: 'gpt' }).message).toMatch(/MASEC_MODEL_OBEDIENT_PROVIDER: .*models\[0\]\.provider/);
    // A provider that needs a key, on a model that names no key variable.
    expect(failure({ MASEC_MODEL_OBEDIENT_PROVIDER: 'anthropic' }).message).toMatch(/MASEC_MODEL_OBEDIENT_PROVIDER: provider 'anthropic' needs apiKeyEnv/);
  });
});
