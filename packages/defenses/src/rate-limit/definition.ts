/**
 * `rate-limit`: token buckets per sender and per edge (sender → recipient), in the clock's unit: rounds in
 * the lab, milliseconds behind the shield, where the sender is the caller's verified identity (so agents
 * behind one address get a bucket each, and one agent cannot escape its budget by changing address). A
 * bucket holds at most `burst` envelopes and refills at `rate` envelopes per `per` time units; an envelope
 * that finds its bucket empty is blocked with RATE_LIMITED (both buckets must have a token; one that is
 * refused takes none). Buckets live in bounded guard state (`maxKeys` per kind, least recently used dropped;
 * a bucket untouched long enough to be full again is forgotten, which is the same as keeping it). Replies
 * (envelopes with `inReplyTo`: an agent's answer behind the gateway) are not counted: the request paid.
 * Cost: benign envelopes over the budget are refused (bursty but legitimate senders pay first).
 */
import { z } from 'zod';
import { type DefenseDefinition, type StateMap, block } from '@masec/spec';

const BucketSchema = z.strictObject({
  burst: z.number().int().min(1).max(1_000_000).describe('most envelopes in a burst (the bucket\u2019s size)'),
  rate: z.number().positive().max(1_000_000).describe('envelopes the bucket regains per `per` time units'),
  per: z.number().positive().max(1e12).default(1).describe('the refill period, in the clock\u2019s unit (rounds in the lab, ms in the gateway)'),
});
export type BucketConfig = z.infer<typeof BucketSchema>;

export const RateLimitConfigSchema = z
  .strictObject({
    perAgent: BucketSchema.optional().describe('one bucket per sender'),
    perEdge: BucketSchema.optional().describe('one bucket per sender \u2192 recipient edge'),
    maxKeys: z.number().int().min(1).max(10_000_000).default(100_000).describe('buckets kept per kind (least recently used dropped past this)'),
  })
  .refine((c) => c.perAgent !== undefined || c.perEdge !== undefined, { message: 'set perAgent, perEdge or both' });
export type RateLimitConfig = z.infer<typeof RateLimitConfigSchema>;

interface Bucket {
  tokens: number;
  at: number;
}

/** A bucket set over bounded state: `take` refills by elapsed time, then reports whether a token is there. */
class Buckets {
  readonly #map: StateMap<Bucket>;
  readonly #config: BucketConfig;

  constructor(map: StateMap<Bucket>, config: BucketConfig) {
    this.#map = map;
    this.#config = config;
  }

  /** The bucket's tokens now (refilled), without taking one. */
  level(key: string, now: number): number {
    const bucket = this.#map.get(key);
    if (bucket === undefined) return this.#config.burst;
    const elapsed = Math.max(0, now - bucket.at);
    return Math.min(this.#config.burst, bucket.tokens + (elapsed * this.#config.rate) / this.#config.per);
  }

  take(key: string, now: number, level: number): void {
    this.#map.set(key, { tokens: level - 1, at: now });
  }
}

export const rateLimit: DefenseDefinition<RateLimitConfig> = {
  id: 'rate-limit',
  specVersion: 'v1',
  description: 'Token-bucket budgets per sender and per edge, in clock units; over budget is refused (RATE_LIMITED)',
  kind: 'protocol',
  targets: ['worm', 'sybil', 'cascading-failure'],
  hooks: ['send'],
  configSchema: RateLimitConfigSchema,
  cost: { utility: 'benign envelopes over a sender\u2019s or an edge\u2019s budget are refused', rewritesContent: false },
  create(config, services) {
    // A bucket left alone for burst/rate periods is full again: forgetting it then changes nothing.
    const ttlOf = (b: BucketConfig): number => (b.burst / b.rate) * b.per + b.per;
    const agents = config.perAgent === undefined ? undefined : new Buckets(services.state.map<Bucket>('rate-limit:agent', { maxEntries: config.maxKeys, ttl: ttlOf(config.perAgent) }), config.perAgent);
    const edges = config.perEdge === undefined ? undefined : new Buckets(services.state.map<Bucket>('rate-limit:edge', { maxEntries: config.maxKeys, ttl: ttlOf(config.perEdge) }), config.perEdge);
    return {
      id: 'rate-limit',
      hooks: ['send'],
      async handle(envelope, ctx, next) {
        if (envelope.inReplyTo !== undefined) return next(envelope);
        const edge = `${envelope.from}\u2192${envelope.to}`;
        const agentLevel = agents?.level(envelope.from, ctx.now);
        const edgeLevel = edges?.level(edge, ctx.now);
        if (agentLevel !== undefined && agentLevel < 1) return block('rate-limit', 'RATE_LIMITED', `${envelope.from} is over its budget of ${config.perAgent?.rate} per ${config.perAgent?.per}`);
        if (edgeLevel !== undefined && edgeLevel < 1) return block('rate-limit', 'RATE_LIMITED', `${edge} is over its budget of ${config.perEdge?.rate} per ${config.perEdge?.per}`);
        if (agentLevel !== undefined) agents?.take(envelope.from, ctx.now, agentLevel);
        if (edgeLevel !== undefined) edges?.take(edge, ctx.now, edgeLevel);
        return next(envelope);
      },
    };
  },
};
