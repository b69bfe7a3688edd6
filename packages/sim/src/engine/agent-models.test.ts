// The model each agent runs reaches its AgentView: by arm, group and diversity variant (after the fleet's
// variants are assigned).
import { describe, expect, it } from 'vitest';
import type { AgentView } from '@masec/spec';
import { runMessageEngine } from '../run/run-scenario.js';
import { lab, scenario } from './test-helpers.js';

const MODELS = [
  { id: 'main', provider: 'ollama', model: 'a' },
  { id: 'other', provider: 'ollama', model: 'b' },
  { id: 'third', provider: 'ollama', model: 'c' },
];

async function views(arm: string, overrides: Record<string, unknown>): Promise<AgentView[]> {
  const seen: AgentView[] = [];
  const look = (obs: { self: AgentView; round: number }) => {
    if (obs.round === 0) seen.push(obs.self);
    return [];
  };
  const regs = lab(Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`a${i}`, look])), () => undefined);
  const s = scenario({ rounds: 1, models: MODELS, ...overrides });
  await runMessageEngine({ scenario: s, seed: 3, arm, defenses: (s.arms ?? []).find((a) => a.name === arm)?.defenses ?? [], registries: regs });
  return seen.sort((a, b) => a.index - b.index);
}

describe('AgentView.model', () => {
  it('follows agents.model, the arm, the group and the diversity variant', async () => {
    const agents = { count: 6, records: 0, policy: { id: 'actor', config: {} }, model: 'main', variantModels: { resistant: 'other' }, groups: [{ name: 'g', count: 1, policy: { id: 'actor', config: {} }, model: 'third' }] };
    const arms = [
      { name: 'plain', defenses: [] },
      { name: 'swap', model: 'other', defenses: [] },
      { name: 'half', defenses: [{ id: 'diversity', config: { resistantFraction: 0.4 } }] },
    ];
    expect((await views('plain', { agents, arms })).map((v) => v.model)).toEqual(['third', 'main', 'main', 'main', 'main', 'main']);
    expect((await views('swap', { agents, arms })).map((v) => v.model)).toEqual(['third', 'other', 'other', 'other', 'other', 'other']);
    const half = await views('half', { agents, arms });
    // Two of the five benign agents get the variant, and with it the other model.
    expect(half.filter((v) => v.variant === 'resistant').map((v) => v.model)).toEqual(['other', 'other']);
    expect(half.filter((v) => v.index > 0 && v.variant === undefined).map((v) => v.model)).toEqual(['main', 'main', 'main']);
  });

  it('is absent without a models block', async () => {
    const seen = await views('x', { models: undefined, agents: { count: 3, records: 0, policy: { id: 'actor', config: {} } } });
    expect(seen.map((v) => 'model' in v)).toEqual([false, false, false]);
  });

});
