/**
 * `channel-policy`: least-privilege communication. On `send`, an envelope passes only if
 *   1. its channel is allowed (`channels`; default: any),
 *   2. its sender may write to its recipient: the pair is adjacent in the contact topology
 *      (`allow: adjacent`, through `ctx.world.adjacent`) or listed in `pairs` (`*` matches any agent), and
 *   3. the sender is within its budgets for the current period (`period` clock units: a round in the lab):
 *      at most `maxFanOut` distinct recipients and at most `maxPerPeriod` envelopes (only envelopes that
 *      passed 1 and 2 use the budget).
 * An agent's final answer to its own user (channel `output`, to `user:<self>`) is always allowed.
 * Everything else is blocked. Cost: every benign message it blocks (`benign-blocked`), e.g. a benign agent
 * that writes to more recipients in a round than the fan-out cap allows.
 *
 * State: with a cap, each sender's budget of the current period (`channel-policy:budgets`, at most
 * `maxAgents` senders, forgotten `period` after their last send); without one, none.
 */
import { z } from 'zod';
import { type AgentId, type DefenseDefinition, type Envelope, type Verdict, type VerdictCode, block } from '@masec/spec';
import { CLOCK_UNIT_NOTE, DEFAULT_MAX_AGENTS, maxEntriesField, span } from '../state/bounds.js';

const party = z.string().min(1).describe('an agent id, `board`, or `*` for any');

export const ChannelPolicyConfigSchema = z.strictObject({
  allow: z
    .enum(['adjacent', 'listed'])
    .default('adjacent')
    .describe('adjacent: agents linked in the contact topology may write to each other (plus `pairs`); listed: only `pairs`'),
  pairs: z
    .array(z.strictObject({ from: party, to: party }))
    .default([])
    .describe('sender \u2192 recipient pairs allowed besides the topology, e.g. {from: "*", to: board}'),
  channels: z.array(z.string().min(1)).min(1).optional().describe('envelope channels allowed (e.g. [inbox]); default: any'),
  maxFanOut: z.number().int().min(1).optional().describe('most distinct recipients one sender may write to per period; default: no cap'),
  maxPerPeriod: z.number().int().min(1).optional().describe('most envelopes one sender may send per period; default: no cap'),
  period: z
    .number()
    .int()
    .min(1)
    .default(1)
    .describe(`length of the periods the caps count over, ${CLOCK_UNIT_NOTE} (1: per round in the lab; 60000: per minute in the shield)`),
  maxAgents: maxEntriesField('senders whose budgets are tracked', DEFAULT_MAX_AGENTS),
});
export type ChannelPolicyConfig = z.infer<typeof ChannelPolicyConfigSchema>;

/** What a sender used of its budget in one period. */
interface Budget {
  period: number;
  sent: number;
  /** Distinct recipients (only with a fan-out cap). */
  to: string[];
}

const deny = (code: VerdictCode, reason: string): Verdict => block('channel-policy', code, reason);

export const channelPolicy: DefenseDefinition<ChannelPolicyConfig> = {
  id: 'channel-policy',
  specVersion: 'v1',
  description: 'Least-privilege communication: only allowed sender\u2192recipient pairs and channels, with fan-out and rate caps per period',
  kind: 'environment',
  targets: ['disinformation', 'worm', 'sybil', 'privacy-leak'],
  hooks: ['send'],
  configSchema: ChannelPolicyConfigSchema,
  cost: {
    utility: 'benign messages outside the allow-list or over a cap are blocked: coordination the policy forbids is lost',
    rewritesContent: false,
  },
  create(config, services) {
    const listed = (from: AgentId, to: string): boolean =>
      config.pairs.some((p) => (p.from === '*' || p.from === from) && (p.to === '*' || p.to === to));
    const capped = config.maxFanOut !== undefined || config.maxPerPeriod !== undefined;
    // A budget written `period` ago belongs to an earlier period, so the TTL drops only spent budgets.
    const budgets = services.state.map<Budget>('channel-policy:budgets', { maxEntries: config.maxAgents, ttl: config.period });
    return {
      id: 'channel-policy',
      hooks: ['send'],
      async handle(envelope: Envelope, ctx, next) {
        const { from, to } = envelope;
        if (envelope.channel === 'output' && to === `user:${from}`) return next(envelope);
        if (config.channels !== undefined && !config.channels.includes(envelope.channel)) {
          return deny('CHANNEL_DENIED', `channel '${envelope.channel}' is not allowed`);
        }
        if (!listed(from, to) && !(config.allow === 'adjacent' && ctx.world.adjacent(from, to))) {
          return deny('CHANNEL_DENIED', `${from} \u2192 ${to} is not an allowed pair`);
        }
        if (!capped) return next(envelope);
        const period = Math.floor(ctx.now / config.period);
        const stored = budgets.get(from);
        const budget = stored !== undefined && stored.period === period ? stored : { period, sent: 0, to: [] };
        const when = config.period === 1 && ctx.clock.unit === 'round' ? 'this round' : `in this period (${span(config.period, ctx.clock.unit)})`;
        if (config.maxPerPeriod !== undefined && budget.sent >= config.maxPerPeriod) {
          return deny('RATE_LIMITED', `rate cap: ${from} already sent ${budget.sent} ${when}`);
        }
        const known = budget.to.includes(to);
        if (config.maxFanOut !== undefined && !known && budget.to.length >= config.maxFanOut) {
          return deny('FANOUT_EXCEEDED', `fan-out cap: ${from} already wrote to ${budget.to.length} recipients ${when}`);
        }
        // Recipients are kept only to enforce a fan-out cap, so at most maxFanOut of them.
        const recipients = config.maxFanOut === undefined || known ? budget.to : [...budget.to, to];
        budgets.set(from, { period, sent: budget.sent + 1, to: recipients });
        return next(envelope);
      },
    };
  },
};
