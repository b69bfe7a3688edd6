import { HOOKS } from '@masec/spec';
import { describe, expect, it } from 'vitest';
import { testPipeline, testServices } from '../testing/index.js';
import type { DefenseDefinition } from '@masec/spec';
import { runDefenseContract } from '../testing/defense-contract.js';
import { textEnvelope } from '../testing/envelopes.js';
import { diversity } from './definition.js';

runDefenseContract(diversity as DefenseDefinition<unknown>, {
  benign: [textEnvelope('Photo: A cat.\nQ: Cute?')],
  suspicious: 'it acts at setup (which model each agent runs) and has no hook',
});

describe('diversity (infectious-jailbreak herd immunity)', () => {
  const parse = (config: unknown) => diversity.configSchema.parse(config);

  it('acts at setup: a fleet facet with one variant share, and no hook', () => {
    expect(diversity.hooks).toEqual([]);
    expect(diversity.fleet?.variants(parse({}))).toEqual([{ variant: 'resistant', fraction: 0.5 }]);
    expect(diversity.fleet?.variants(parse({ resistantFraction: 0.3, variant: 'model-b' }))).toEqual([{ variant: 'model-b', fraction: 0.3 }]);
    expect(diversity.fleet?.variants(parse({ resistantFraction: 0 }))).toEqual([]);
  });

  it('its guard never runs (no hooks), so a pipeline with it is not a round-end pipeline and handles no hook', () => {
    const pipeline = testPipeline([diversity.create(parse({}), testServices())]);
    expect(pipeline.hasRoundEnd).toBe(false);
    for (const hook of HOOKS) expect(pipeline.handles(hook)).toBe(false);
  });

  it('population facet: the resistant share and how poorly the payload transfers', () => {
    expect(diversity.population?.effect(parse({}))).toEqual({ resistantFraction: 0.5, resistantFactor: 0.05 });
    expect(diversity.population?.effect(parse({ resistantFraction: 0.8, population: { resistantFactor: 0 } }))).toEqual({ resistantFraction: 0.8, resistantFactor: 0 });
  });

  it('rejects the name of the default variant, a non-kebab name and fractions outside [0, 1]', () => {
    expect(diversity.configSchema.safeParse({ variant: 'default' }).success).toBe(false);
    expect(diversity.configSchema.safeParse({ variant: 'Model B' }).success).toBe(false);
    expect(diversity.configSchema.safeParse({ resistantFraction: 1.2 }).success).toBe(false);
  });
});
