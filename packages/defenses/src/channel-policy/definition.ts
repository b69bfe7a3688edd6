/**
 * `channel-policy`: least-privilege communication. On `send`, an envelope passes only if
 *   1. its channel is allowed (`channels`; default: any),
 *   2. its sender may write to its recipient: the pair is adjacent in the contact topology
 *      (`allow: adjacent`, through `ctx.world.adjacent`) or listed in `pairs` (`*` matches any agent), and
 *   3. the sender is within its per-round budgets: at most `maxFanOut` distinct recipients and at most
 *      `maxPerRound` envelopes (only envelopes that passed 1 and 2 use the budget).
 * An agent's final answer to its own user (channel `output`, to `user:<self>`) is always allowed.
 * Everything else is blocked. Cost: every benign message it blocks (`benign-blocked`), e.g. a benign agent
 * that writes to more recipients in a round than the fan-out cap allows.
 */
import { z } from 'zod';
import { type AgentId, type DefenseDefinition, type Envelope, type Verdict, type VerdictCode, block } from '@masec/spec';

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
  maxFanOut: z.number().int().min(1).optional().describe('most distinct recipients one sender may write to per round; default: no cap'),
  maxPerRound: z.number().int().min(1).optional().describe('most envelopes one sender may send per round; default: no cap'),
});
export type ChannelPolicyConfig = z.infer<typeof ChannelPolicyConfigSchema>;

const deny = (code: VerdictCode, reason: string): Verdict => block('channel-policy', code, reason);

export const channelPolicy: DefenseDefinition<ChannelPolicyConfig> = {
  id: 'channel-policy',
  specVersion: 'v1',
  description: 'Least-privilege communication: only allowed sender\u2192recipient pairs and channels, with per-round fan-out and rate caps',
  kind: 'environment',
  targets: ['disinformation', 'worm', 'sybil', 'privacy-leak'],
  hooks: ['send'],
  configSchema: ChannelPolicyConfigSchema,
  cost: {
    utility: 'benign messages outside the allow-list or over a cap are blocked: coordination the policy forbids is lost',
    rewritesContent: false,
  },
  create(config) {
    const listed = (from: AgentId, to: string): boolean =>
      config.pairs.some((p) => (p.from === '*' || p.from === from) && (p.to === '*' || p.to === to));
    let round = -1;
    const recipients = new Map<AgentId, Set<string>>();
    const sent = new Map<AgentId, number>();
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
        if (ctx.now !== round) {
          round = ctx.now;
          recipients.clear();
          sent.clear();
        }
        const count = sent.get(from) ?? 0;
        if (config.maxPerRound !== undefined && count >= config.maxPerRound) {
          return deny('RATE_LIMITED', `rate cap: ${from} already sent ${count} this round`);
        }
        const seen = recipients.get(from) ?? new Set<string>();
        if (config.maxFanOut !== undefined && !seen.has(to) && seen.size >= config.maxFanOut) {
          return deny('FANOUT_EXCEEDED', `fan-out cap: ${from} already wrote to ${seen.size} recipients this round`);
        }
        seen.add(to);
        recipients.set(from, seen);
        sent.set(from, count + 1);
        return next(envelope);
      },
    };
  },
};
