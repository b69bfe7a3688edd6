import { describe, expect, it } from 'vitest';
import { ModelDeclarationSchema, agentModel, declaredServices, modelIssues } from './models.js';

const models = [
  ModelDeclarationSchema.parse({ id: 'main', provider: 'ollama', model: 'llama3.1:8b' }),
  ModelDeclarationSchema.parse({ id: 'other', provider: 'anthropic', model: 'claude', apiKeyEnv: 'ANTHROPIC_API_KEY' }),
  ModelDeclarationSchema.parse({ id: 'third', provider: 'openai-compatible', model: 'qwen', baseUrl: 'http://localhost:8000/v1' }),
];

describe('agentModel: most specific first', () => {
  const scenario = {
    models,
    agents: { model: 'main', variantModels: { resistant: 'other' }, groups: [{ name: 'attackers', model: 'third' }, { name: 'plain' }] },
    arms: [{ name: 'swap', model: 'other', variantModels: { resistant: 'third' } }, { name: 'base' }],
  };

  it('variant (arm, then agents), group, arm, agents.model, first declared', () => {
    expect(agentModel(scenario, 'base', {})).toBe('main');
    expect(agentModel(scenario, 'swap', {})).toBe('other');
    expect(agentModel(scenario, 'swap', { group: 'attackers' })).toBe('third');
    expect(agentModel(scenario, 'swap', { group: 'plain' })).toBe('other');
    expect(agentModel(scenario, 'base', { variant: 'resistant' })).toBe('other');
    expect(agentModel(scenario, 'swap', { variant: 'resistant', group: 'attackers' })).toBe('third');
    expect(agentModel(scenario, 'base', { variant: 'default' })).toBe('main');
    expect(agentModel(scenario, 'base', { variant: 'unmapped' })).toBe('main');
    expect(agentModel({ models, agents: {} }, 'default', {})).toBe('main');
    expect(agentModel({ agents: { model: 'main' } }, 'default', {})).toBeUndefined();
  });

  it('a scenario declares the models service when it has models', () => {
    expect(declaredServices({ models })).toEqual(['models']);
    expect(declaredServices({})).toEqual([]);
  });
});

describe('modelIssues', () => {
  it('unknown ids where they are named, duplicate ids, a missing base URL or key variable name', () => {
    const issues = modelIssues({
      models: [...models, models[0] as (typeof models)[number], ModelDeclarationSchema.parse({ id: 'bare', provider: 'openai-compatible', model: 'x' }), ModelDeclarationSchema.parse({ id: 'oa', provider: 'openai', model: 'gpt' })],
      agents: { model: 'nope', variantModels: { resistant: 'gone' }, groups: [{ name: 'g', model: 'third' }, { name: 'h', model: 'absent' }] },
      arms: [{ name: 'a', model: 'missing' }],
    });
    expect(issues).toEqual([
      { path: ['models', 3, 'id'], message: "model id 'main' is declared twice" },
      { path: ['models', 4, 'baseUrl'], message: "provider 'openai-compatible' needs baseUrl (where the server is, e.g. http://localhost:8000/v1)" },
      { path: ['models', 5, 'apiKeyEnv'], message: "provider 'openai' needs apiKeyEnv: the name of the environment variable holding the key" },
      { path: ['agents', 'model'], message: "unknown model 'nope'; declared models: main, other, third, main, bare, oa" },
      { path: ['agents', 'variantModels', 'resistant'], message: "unknown model 'gone'; declared models: main, other, third, main, bare, oa" },
      { path: ['agents', 'groups', 1, 'model'], message: "unknown model 'absent'; declared models: main, other, third, main, bare, oa" },
      { path: ['arms', 0, 'model'], message: "unknown model 'missing'; declared models: main, other, third, main, bare, oa" },
    ]);
    expect(modelIssues({ agents: { model: 'x' } })).toEqual([{ path: ['agents', 'model'], message: "model 'x' is not declared: the scenario has no models block" }]);
  });

  it('the key is named, never given: apiKeyEnv must look like a variable name', () => {
    expect(ModelDeclarationSchema.safeParse({ id: 'm', provider: 'openai', model: 'gpt', apiKeyEnv: 'sk-live-abc123' }).success).toBe(false);
  });
});
