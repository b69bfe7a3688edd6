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
 */
import { z } from 'zod';
import { type AgentId, type DefenseDefinition, block } from '@masec/spec';

export const EdgePruningConfigSchema = z.strictObject({
  afterFlags: z.number().int().min(1).default(1).describe('the flagged envelope that cuts its sender\u2019s edges (1 = the first)'),
  minScore: z.number().min(0).max(1).default(0.5).describe('flags below this score are ignored'),
  direction: z
    .enum(['both', 'out'])
    .default('both')
    .describe('both: a cut edge carries nothing either way; out: only what the flagged agent sends over it is blocked'),
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
  create(config) {
    const strikes = new Map<AgentId, number>();
    const pruned = new Set<AgentId>();
    return {
      id: 'edge-pruning',
      hooks: ['send'],
      async handle(envelope, ctx, next) {
        const { from, to } = envelope;
        if (!pruned.has(from) && ctx.flags.some((f) => f.score >= config.minScore)) {
          const count = (strikes.get(from) ?? 0) + 1;
          strikes.set(from, count);
          if (count >= config.afterFlags) pruned.add(from);
        }
        const cutBy = pruned.has(from) ? from : config.direction === 'both' && pruned.has(to) ? to : undefined;
        if (cutBy !== undefined && ctx.world.adjacent(from, to)) {
          return block('edge-pruning', 'EDGE_PRUNED', `edge ${from}\u2013${to} cut (${cutBy} was flagged)`);
        }
        return next(envelope);
      },
    };
  },
};
