/**
 * `stochastic`: benign chatter with no memory and no susceptibility — sends a corpus mail to a random
 * contact with probability `sendRate` and answers new mail with probability `replyRate`. A baseline
 * population for traffic, false-positive and throughput measurements.
 */
import { z } from 'zod';
import type { Action, PolicyDefinition } from '@masec/spec';
import { answer, maybeNewMail } from '../mail.js';
import { displayName } from '../../world-data/names.js';

export const StochasticConfigSchema = z.strictObject({
  sendRate: z.number().min(0).max(1).default(0.3).describe('probability of a new mail each round'),
  replyRate: z.number().min(0).max(1).default(0.8).describe('probability of answering a new mail'),
});
export type StochasticConfig = z.infer<typeof StochasticConfigSchema>;

export const stochastic: PolicyDefinition<StochasticConfig> = {
  id: 'stochastic',
  specVersion: 'v1',
  description: 'Benign random mail traffic from a shipped corpus; never obeys instructions',
  configSchema: StochasticConfigSchema,
  create(config, context) {
    const self = context.agent.id;
    const selfName = displayName(self);
    return {
      specVersion: 'v1',
      act(obs) {
        const actions: Action[] = [];
        const rng = obs.rng;
        for (const mail of obs.incoming) {
          if (mail.inReplyTo !== undefined || !rng.chance(config.replyRate)) continue;
          actions.push(answer(obs, mail, selfName).action);
        }
        const mail = maybeNewMail(obs, config.sendRate, selfName);
        if (mail !== undefined) actions.push(mail);
        return actions;
      },
    };
  },
};
