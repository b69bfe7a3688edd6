// Defenses with a fleet facet (diversity) act at setup: the engine gives their variants to random benign
// agents before policies are created (ADR 0009).
import { describe, expect, it } from 'vitest';
import { testServices } from '@masec/defenses/testing';
import { type DefenseDefinition, type PluginRef, type PolicyDefinition, type Scenario, ScenarioSchema } from '@masec/spec';
import { diversity } from '@masec/defenses';
import { z } from 'zod';
import { createRegistries } from '../registries.js';
import { runMessageEngine } from '../run/run-scenario.js';

/** Registries with a `recorder` policy that notes each agent's variant at creation and its first draw. */
function recording() {
  const variants = new Map<string, string | undefined>();
  const draws = new Map<string, number>();
  const registries = createRegistries();
  const recorder: PolicyDefinition<Record<string, never>> = {
    id: 'recorder',
    specVersion: 'v1',
    description: 'records what the engine gives it',
    configSchema: z.strictObject({}),
    create: (_c, ctx) => {
      variants.set(ctx.agent.id, ctx.agent.variant);
      return {
        specVersion: 'v1',
        act: (obs) => {
          if (obs.round === 0) draws.set(obs.self.id, obs.rng.next());
          return [];
        },
      };
    },
  };
  registries.policies.register(recorder as PolicyDefinition<unknown>);
  // A second fleet defense (a pipeline holds each guard id once).
  const second = { ...diversity, id: 'diversity-b', create: () => ({ id: 'diversity-b', hooks: [], handle: diversity.create(diversity.configSchema.parse({}), testServices()).handle }) };
  registries.defenses.register(second as DefenseDefinition<unknown>);
  return { registries, variants, draws };
}

const scenario: Scenario = ScenarioSchema.parse({
  id: 'fleet',
  rounds: 1,
  agents: { count: 40, records: 0, policy: { id: 'recorder', config: {} } },
  topology: { kind: 'random-pairing' },
  channel: { kind: 'inbox' },
  threats: [{ id: 'infectious-jailbreak', config: {} }],
  metrics: ['infected-fraction'],
});

async function run(seed: number, defenses: PluginRef[]) {
  const r = recording();
  const output = await runMessageEngine({ scenario, seed, arm: 'x', defenses, registries: r.registries });
  return { ...r, output };
}

const resistant = (variants: Map<string, string | undefined>) => [...variants].filter(([, v]) => v !== undefined).map(([id]) => id);

describe('fleet facets at setup (defense diversity)', () => {
  it('gives the variant to round(fraction x benign agents) agents, the same ones for the same seed, and nothing else changes', async () => {
    const diversity = [{ id: 'diversity', config: { resistantFraction: 0.25, variant: 'model-b' } }];
    const a = await run(3, diversity);
    expect(resistant(a.variants)).toHaveLength(10);
    for (const [, v] of a.variants) expect([undefined, 'model-b']).toContain(v);
    const again = await run(3, diversity);
    expect(resistant(again.variants)).toEqual(resistant(a.variants));
    const other = await run(4, diversity);
    expect(resistant(other.variants)).not.toEqual(resistant(a.variants));
    // Without the defense nobody has a variant, and every agent's random stream is the same as with it.
    const plain = await run(3, []);
    expect(resistant(plain.variants)).toEqual([]);
    expect([...plain.draws]).toEqual([...a.draws]);
  });

  it('rejects variant shares that add up to more than all agents, naming the defense', async () => {
    const twice = [
      { id: 'diversity', config: { resistantFraction: 0.6 } },
      { id: 'diversity-b', config: { resistantFraction: 0.6, variant: 'model-c' } },
    ];
    // A failure at setup is the run's recorded outcome: status error, the code, and the reason.
    const { output } = await run(1, twice);
    expect(output.status).toBe('error');
    expect(output.error).toEqual({ code: 'CONFIG_INVALID', message: "MasecError: defenses 'diversity', 'diversity-b' give variants to 1.2 of the agents (more than all)", round: 0 });
    expect(output.events).toEqual([
      { type: 'run-end', round: 0, status: 'error', error: "MasecError: defenses 'diversity', 'diversity-b' give variants to 1.2 of the agents (more than all)", code: 'CONFIG_INVALID' },
    ]);
  });

  it('two shares that fit go to disjoint agents', async () => {
    const two = await run(2, [
      { id: 'diversity', config: { resistantFraction: 0.5, variant: 'model-b' } },
      { id: 'diversity-b', config: { resistantFraction: 0.25, variant: 'model-c' } },
    ]);
    const counts = new Map<string | undefined, number>();
    for (const [, v] of two.variants) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({ 'model-b': 20, 'model-c': 10, undefined: 10 });
  });
});
