/**
 * `rate-limit`: token buckets per sender and per edge (sender → recipient), in the clock's unit: rounds in
 * the lab, milliseconds behind the shield, where the sender is the caller's verified identity (so agents
 * behind one address get a bucket each, and one agent cannot escape its budget by changing address). A
 * bucket holds at most `burst` envelopes and refills at `rate` envelopes per `per` time units; an envelope
 * that finds its bucket empty is blocked with RATE_LIMITED (every bucket it needs must have a token; one that
 * is refused takes none). Buckets live in bounded guard state (`maxKeys` per kind, least recently used dropped;
 * a bucket untouched long enough to be full again is forgotten, which is the same as keeping it). Replies
 * (envelopes with `inReplyTo`: an agent's answer behind the gateway) are not counted: the request paid.
 *
 * Joint budgets (`joint`) are buckets that many senders share, against swarms whose members each stay under
 * their own budget: one per recipient (everything sent to one target, whoever sends it), one per principal
 * (the agents acting for one tenant), or one per named group of senders (`groups`: ids, or prefixes ending
 * in `*`). A sender in no listed group has no group budget; `only` narrows a joint budget to some keys.
 *
 * Cost: benign envelopes over the budget are refused (bursty but legitimate senders pay first; under a joint
 * budget, every sender to a swarmed target pays in proportion to what it sends).
 */
import { z } from 'zod';
import { type DefenseDefinition, type Envelope, type GuardWorld, block } from '@masec/spec';
import { type Bucket, type BucketConfig, BucketSchema, Buckets } from './buckets.js';

export type { BucketConfig } from './buckets.js';

const JOINT_KEYS = ['recipient', 'principal', 'group'] as const;

const JointBudgetSchema = BucketSchema.extend({
  by: z
    .enum(JOINT_KEYS)
    .describe('who shares the bucket: every sender to one recipient, the agents of one principal, or the members of one group'),
  only: z
    .array(z.string().min(1))
    .min(1)
    .max(10_000)
    .optional()
    .describe('the recipients, principals or group names that have this budget (default: every one)'),
});
export type JointBudget = z.infer<typeof JointBudgetSchema>;

const GroupSchema = z.strictObject({
  name: z.string().min(1).max(200).describe('the group\u2019s name (what `only` lists and refusals cite)'),
  members: z
    .array(z.string().min(1))
    .min(1)
    .max(100_000)
    .describe('sender ids, or id prefixes ending in `*` (did:web:tenant.example:*)'),
});

export const RateLimitConfigSchema = z
  .strictObject({
    perAgent: BucketSchema.optional().describe('one bucket per sender'),
    perEdge: BucketSchema.optional().describe('one bucket per sender \u2192 recipient edge'),
    joint: z.array(JointBudgetSchema).min(1).max(16).optional().describe('buckets shared by many senders (against swarms): per recipient, principal or group'),
    groups: z.array(GroupSchema).max(1000).optional().describe('named groups of senders for joint budgets `by: group` (a sender counts in the first group that lists it)'),
    maxKeys: z.number().int().min(1).max(10_000_000).default(100_000).describe('buckets kept per kind (least recently used dropped past this)'),
  })
  .refine((c) => c.perAgent !== undefined || c.perEdge !== undefined || c.joint !== undefined, { message: 'set perAgent, perEdge or joint (or several)' })
  .refine((c) => !(c.joint ?? []).some((j) => j.by === 'group') || (c.groups ?? []).length > 0, {
    message: 'a joint budget by group needs `groups`',
    path: ['groups'],
  });
export type RateLimitConfig = z.infer<typeof RateLimitConfigSchema>;

type Group = z.infer<typeof GroupSchema>;

/** The group a sender belongs to: the first listed whose members name it, or a prefix of it. */
function groupResolver(groups: readonly Group[]): (sender: string) => string | undefined {
  const compiled = groups.map((g) => ({
    name: g.name,
    ids: new Set(g.members.filter((m) => !m.endsWith('*'))),
    prefixes: g.members.filter((m) => m.endsWith('*')).map((m) => m.slice(0, -1)),
  }));
  return (sender) => compiled.find((g) => g.ids.has(sender) || g.prefixes.some((p) => sender.startsWith(p)))?.name;
}

/** A bucket an envelope needs, with its level now. */
interface Need {
  buckets: Buckets;
  key: string;
  level: number;
  refusal: string;
}

const every = (b: BucketConfig): string => `${b.rate} per ${b.per}`;

export const rateLimit: DefenseDefinition<RateLimitConfig> = {
  id: 'rate-limit',
  specVersion: 'v1',
  description: 'Token-bucket budgets per sender, per edge and shared by many senders (per recipient, principal or group), in clock units; over budget is refused (RATE_LIMITED)',
  kind: 'protocol',
  targets: ['worm', 'sybil', 'cascading-failure', 'swarm'],
  hooks: ['send'],
  configSchema: RateLimitConfigSchema,
  cost: { utility: 'benign envelopes over a sender\u2019s, an edge\u2019s or a shared budget are refused', rewritesContent: false },
  create(config, services) {
    const bucketsFor = (name: string, bucket: BucketConfig): Buckets => new Buckets(services.state.map<Bucket>(name, { maxEntries: config.maxKeys, ttl: Buckets.ttlOf(bucket) }), bucket);
    const agents = config.perAgent === undefined ? undefined : bucketsFor('rate-limit:agent', config.perAgent);
    const edges = config.perEdge === undefined ? undefined : bucketsFor('rate-limit:edge', config.perEdge);
    const groupOf = groupResolver(config.groups ?? []);
    const joint = (config.joint ?? []).map((budget, i) => ({ budget, buckets: bucketsFor(`rate-limit:joint:${i}`, budget), only: budget.only === undefined ? undefined : new Set(budget.only) }));
    const jointKey = (budget: JointBudget, envelope: Envelope, world: GuardWorld): string | undefined => {
      if (budget.by === 'recipient') return envelope.to;
      if (budget.by === 'principal') return world.principal(envelope.from);
      return groupOf(envelope.from);
    };

    return {
      id: 'rate-limit',
      hooks: ['send'],
      async handle(envelope, ctx, next) {
        if (envelope.inReplyTo !== undefined) return next(envelope);
        const needs: Need[] = [];
        if (agents !== undefined) needs.push({ buckets: agents, key: envelope.from, level: 0, refusal: `${envelope.from} is over its budget of ${every(agents.config)}` });
        const edge = `${envelope.from}\u2192${envelope.to}`;
        if (edges !== undefined) needs.push({ buckets: edges, key: edge, level: 0, refusal: `${edge} is over its budget of ${every(edges.config)}` });
        for (const { budget, buckets, only } of joint) {
          const key = jointKey(budget, envelope, ctx.world);
          if (key === undefined || (only !== undefined && !only.has(key))) continue;
          needs.push({ buckets, key, level: 0, refusal: `${budget.by} ${key} is over its shared budget of ${every(budget)}` });
        }
        for (const need of needs) {
          need.level = need.buckets.level(need.key, ctx.now);
          if (need.level < 1) return block('rate-limit', 'RATE_LIMITED', need.refusal);
        }
        for (const need of needs) need.buckets.take(need.key, ctx.now, need.level);
        return next(envelope);
      },
    };
  },
};
