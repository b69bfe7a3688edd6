/**
 * `service`: a surrogate for a networked service (an agent that serves requests and depends on others), the
 * agent model of the `cascading-failure` threat.
 *
 * Each service depends on its lower-index neighbours (providers) and serves its higher-index ones
 * (dependants); see `protocol.ts`. Every round it:
 *  1. reads the replies to the calls it made two rounds ago: an `error` reply is retried with probability
 *     `retryRate`, up to `maxRetries` times (the retry storm: retries add load upstream); a call with no
 *     reply (blocked on the way) counts as failed and is not retried. A provider is *unavailable* to it
 *     while at least `unavailableAt` of its calls to it whose outcome it learnt in this round and the
 *     previous one failed;
 *  2. counts its load (calls received this round). Its capacity is `headroom` × the load its dependants
 *     normally send (`demand` × dependants), at least `minCapacity`. Overloaded for `crashAfter` rounds in a
 *     row, it crashes; crashed, it recovers after `recoverAfter` rounds in a row within capacity;
 *  3. answers every call: a crashed service fails them all (`down`), one whose providers are unavailable
 *     (all of them needed, or any one, per `dependencies`) fails them all (`dependency`), otherwise it
 *     serves up to capacity in random order and fails the rest (`overloaded`);
 *  4. unless crashed, sends `demand` calls to each provider (the fractional part is a probability);
 *  5. reports `health` as agent state when it changes: `down` (crashed), `degraded` (running but failing
 *     calls: overloaded, or a provider unavailable), `up`; and `failed`, the calls it failed this round,
 *     when any.
 */
import { z } from 'zod';
import type { PolicyDefinition } from '@masec/spec';
import { ServiceAgent } from './service.js';

const probability = z.number().min(0).max(1);

export const ServiceConfigSchema = z.strictObject({
  demand: z.number().min(0).max(100).default(1).describe('calls per round a service sends to each provider (fractional part: a probability)'),
  headroom: z.number().min(0.1).max(100).default(1.5).describe('capacity as a multiple of the normal load from the dependants'),
  minCapacity: z.number().int().min(1).default(2).describe('smallest capacity (calls served per round) of any service'),
  retryRate: probability.default(0.9).describe('probability that a caller retries a call that came back with an error'),
  maxRetries: z.number().int().min(0).max(20).default(3).describe('retries per request at most'),
  crashAfter: z.number().int().min(1).default(3).describe('rounds in a row over capacity after which a service crashes'),
  recoverAfter: z.number().int().min(1).default(2).describe('rounds in a row within capacity after which a crashed service is back'),
  unavailableAt: z.number().gt(0).max(1).default(0.75).describe('fraction of its calls to a provider that failed over the last two rounds at which a caller counts the provider as unavailable'),
  dependencies: z
    .enum(['all', 'any'])
    .default('all')
    .describe('all: a service needs every provider to serve; any: one available provider is enough (failover)'),
});
export type ServiceConfig = z.infer<typeof ServiceConfigSchema>;

export const service: PolicyDefinition<ServiceConfig> = {
  id: 'service',
  specVersion: 'v1',
  description: 'Networked-service surrogate: serves calls up to a capacity, calls its providers, retries errors, crashes under sustained overload, reports its health',
  configSchema: ServiceConfigSchema,
  create(config, context) {
    const agent = new ServiceAgent(config, context.agent.id);
    return { specVersion: 'v1', act: (obs) => agent.act(obs) };
  },
};
