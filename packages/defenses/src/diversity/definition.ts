/**
 * `diversity`: a share of the fleet runs another model (or policy variant), so that one payload does not fit
 * all. It acts once, at setup: its `fleet` facet tells the engine which variant to give to what fraction of
 * the benign agents (chosen at random from the run's own stream), before their policies are created; the
 * policies read `AgentView.variant`. It has no hook and never sees an envelope (ADR 0009).
 *
 * How well the payload works on the other model is a property of that model, not of the defense: at message
 * level the policy says it (`album-chat`'s `variantFactor`; an LLM policy would simply run the other model),
 * and the population engine, which has no models, takes it from `population.resistantFactor`.
 *
 * Cost: no message is blocked or changed. What it costs is operating a second model for part of the fleet,
 * and any capability gap between the two models — which the surrogates assume to be zero, so benign utility
 * is unchanged in simulation and must be measured with real models.
 */
import { z } from 'zod';
import type { DefenseDefinition } from '@masec/spec';

export const DiversityConfigSchema = z.strictObject({
  resistantFraction: z.number().min(0).max(1).default(0.5).describe('fraction of the benign agents that run the other variant'),
  variant: z
    .string()
    .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, 'a kebab-case name')
    .refine((v) => v !== 'default', 'must differ from the default variant')
    .default('resistant')
    .describe('name of the variant (the other model) those agents run'),
  population: z
    .strictObject({
      resistantFactor: z
        .number()
        .min(0)
        .max(1)
        .default(0.05)
        .describe('multiplier on transmission into agents of the other variant; 0.05 mirrors album-chat\u2019s variantFactor (an assumption)'),
    })
    .default({ resistantFactor: 0.05 })
    .describe('population engine: how poorly the payload transfers to the other variant'),
});
export type DiversityConfig = z.infer<typeof DiversityConfigSchema>;

export const diversity: DefenseDefinition<DiversityConfig> = {
  id: 'diversity',
  specVersion: 'v1',
  description: 'Runs another model or policy variant on a share of the agents, so that one payload does not fit all (set at setup)',
  kind: 'environment',
  targets: ['infectious-jailbreak'],
  hooks: [],
  configSchema: DiversityConfigSchema,
  cost: {
    utility: 'nothing blocked or rewritten; a second model to run for part of the fleet, and any capability gap between the models (zero in the surrogates)',
    rewritesContent: false,
  },
  fleet: { variants: (config) => (config.resistantFraction > 0 ? [{ variant: config.variant, fraction: config.resistantFraction }] : []) },
  population: { effect: (config) => ({ resistantFraction: config.resistantFraction, resistantFactor: config.population.resistantFactor }) },
  create() {
    return { id: 'diversity', hooks: [], handle: (envelope, _ctx, next) => next(envelope) };
  },
};
