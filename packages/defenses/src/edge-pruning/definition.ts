/**
 * `edge-pruning`: a topological intervention. Once an agent has sent `afterFlags` envelopes flagged with a
 * score of at least `minScore` by guards earlier in the pipeline, every contact-graph edge it has is cut:
 * from then on the guard blocks envelopes between it and its topology neighbours (`ctx.world.adjacent`),
 * in both directions by default (an undirected edge carries nothing once cut) or only the flagged agent's
 * own (`direction: out`). The flagged envelope itself is blocked when it travels over a cut edge.
 *
 * Unlike `quarantine` it touches only topology edges: mail between agents that are not neighbours (to an
 * outside attacker, say) still passes, and with `direction: both` a pruned agent also stops *hearing* its
 * neighbours, which is what leaves its beliefs uncorrected. Place it after the monitors whose flags it acts on.
 * Cost: benign messages over cut edges (`benign-blocked`) and the edges cut (`edges-severed` on the message
 * engine, `edges-cut` on the population engine).
 *
 * State: strikes per sender (`edge-pruning:strikes`) and the pruned agents with the time they were pruned
 * (`edge-pruning:pruned`), each at most `maxAgents`. Every envelope from or to a pruned agent refreshes it,
 * so only a pruned agent that has been silent while `maxAgents` others were pruned can be forgotten.
 */
import { z } from 'zod';
import { type AgentId, type DefenseDefinition, block } from '@masec/spec';
import { DEFAULT_MAX_AGENTS, maxEntriesField } from '../state/bounds.js';

export const EdgePruningConfigSchema = z.strictObject({
  afterFlags: z.number().int().min(1).default(1).describe('the flagged envelope that cuts its sender\u2019s edges (1 = the first)'),
  minScore: z.number().min(0).max(1).default(0.5).describe('flags below this score are ignored'),
  direction: z
    .enum(['both', 'out'])
    .default('both')
    .describe('both: a cut edge carries nothing either way; out: only what the flagged agent sends over it is blocked'),
  maxAgents: maxEntriesField('agents with strikes, and pruned agents', DEFAULT_MAX_AGENTS),
});
export type EdgePruningConfig = z.infer<typeof EdgePruningConfigSchema>;

export const edgePruning: DefenseDefinition<EdgePruningConfig> = {
  id: 'edge-pruning',
  specVersion: 'v1',
  description: 'Cuts the contact-graph edges of agents whose messages monitors flag: no traffic between them and their neighbours',
  kind: 'containment',
  targets: ['worm', 'infectious-jailbreak', 'disinformation'],
  hooks: ['send'],
  configSchema: EdgePruningConfigSchema,
  cost: {
    utility: 'benign messages over cut edges, both ways by default: a pruned agent can neither warn nor be corrected by its neighbours',
    rewritesContent: false,
  },
  // At population level a flagged agent stops transmitting over its edges; detection comes from the monitors.
  population: { effect: () => ({ onFlag: 'prune-edges' }) },
  create(config, services) {
    const strikes = services.state.map<number>('edge-pruning:strikes', { maxEntries: config.maxAgents });
    const pruned = services.state.map<number>('edge-pruning:pruned', { maxEntries: config.maxAgents });
    // A read (not `has`) refreshes the agent, so that those still sending are the last to be forgotten.
    const isPruned = (agent: AgentId): boolean => pruned.get(agent) !== undefined;
    return {
      id: 'edge-pruning',
      hooks: ['send'],
      async handle(envelope, ctx, next) {
        const { from, to } = envelope;
        if (!isPruned(from) && ctx.flags.some((f) => f.score >= config.minScore)) {
          const count = (strikes.get(from) ?? 0) + 1;
          if (count >= config.afterFlags) {
            strikes.delete(from);
            pruned.set(from, ctx.now);
          } else strikes.set(from, count);
        }
        const cutBy = isPruned(from) ? from : config.direction === 'both' && isPruned(to) ? to : undefined;
        if (cutBy !== undefined && ctx.world.adjacent(from, to)) {
          return block('edge-pruning', 'EDGE_PRUNED', `edge ${from}\u2013${to} cut (${cutBy} was flagged)`);
        }
        return next(envelope);
      },
    };
  },
};
