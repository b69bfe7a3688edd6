/**
 * `cross-agent-aggregation`: joins events that are each too weak to act on across agents and time. Every
 * envelope sent is filed under a key — its recipient, its sender, its edge, its subject, its conversation, or
 * one key for all — and two joins run over a sliding window of `window` clock units per key:
 *
 * - `similar` (swarms, brigading): near-identical content under one key. Counting distinct *senders* under
 *   the recipient, it sees many agents telling one target the same thing, each of them perhaps once; counting
 *   *envelopes* under the sender, it is the per-agent view (one agent repeating itself).
 * - `fragments` (decomposition): a catalogue of parts, each benign-looking alone and harmful together. It
 *   counts the distinct parts one key revealed within the window: under the sender, what one requester asked
 *   of every agent; under the edge, what one agent was asked (the per-agent view).
 *
 * A count n scores 1 − 2^(−n/atLeast) (½ at `atLeast`); an envelope scoring `threshold` or more is flagged
 * (COORDINATION_DETECTED, COMPOSITE_DETECTED) and, with `action: block`, refused with that code. The first
 * `atLeast − 1` members of a cluster pass; the rest are refused while it stays active. Replies (`inReplyTo`)
 * are neither counted nor refused. State is bounded (`maxKeys` buckets of at most 4 × `atLeast` entries for
 * `similar`, `maxKeys` keys for `fragments`) and forgotten a window after it was last written.
 *
 * Cost: benign envelopes that fall in a cluster (templated requests many agents send, a flash crowd) or reveal
 * enough parts of the catalogue (a benign project using the same dual-use steps) are flagged or refused.
 */
import { z } from 'zod';
import { type DefenseDefinition, type Envelope, type VerdictCode, block, envelopeText } from '@masec/spec';
import { NearDuplicateWindows, PartWindows } from './windows.js';

const KEYS = ['recipient', 'sender', 'edge', 'subject', 'context', 'all'] as const;
type KeyKind = (typeof KEYS)[number];

const SimilarSchema = z.strictObject({
  count: z
    .enum(['senders', 'envelopes'])
    .default('senders')
    .describe('senders: distinct agents sending near-identical content under a key (cross-agent); envelopes: near-identical envelopes (one agent repeating itself)'),
  atLeast: z.number().int().min(2).max(1000).default(10).describe('near-duplicates (senders or envelopes) under one key within the window at which the score reaches 0.5'),
  shingle: z.number().int().min(1).max(10).default(3).describe('words per shingle'),
  bands: z.number().int().min(1).max(64).default(8).describe('LSH bands of the MinHash signature (more: lower similarity still matches)'),
  rows: z.number().int().min(1).max(16).default(4).describe('signature values per band (more: higher similarity needed)'),
  minWords: z.number().int().min(1).max(1000).default(5).describe('shorter texts are not fingerprinted'),
});

const PartSchema = z.strictObject({
  name: z.string().min(1).max(200).describe('the part\u2019s name (flags cite it)'),
  terms: z.array(z.string().min(1).max(500)).min(1).max(100).describe('phrases that reveal the part, matched as whole words in any case'),
});

const FragmentsSchema = z.strictObject({
  parts: z.array(PartSchema).min(2).max(64).describe('the catalogue: parts each benign-looking alone, harmful together'),
  atLeast: z.number().int().min(2).max(64).default(3).describe('distinct parts revealed under one key within the window at which the score reaches 0.5'),
});

export const CrossAgentAggregationConfigSchema = z
  .strictObject({
    by: z
      .enum(KEYS)
      .default('recipient')
      .describe('the key envelopes are joined under: recipient, sender, edge (sender\u2192recipient), subject, context (conversation id) or all; envelopes without a subject or context are skipped under those'),
    window: z.number().positive().max(1e9).default(5).describe('how long an event counts, in the clock\u2019s unit (rounds in the lab, ms in the gateway)'),
    similar: SimilarSchema.optional().describe('join near-identical content (swarms)'),
    fragments: FragmentsSchema.optional().describe('join parts of a catalogue (decomposition)'),
    threshold: z.number().min(0).max(1).default(0.5).describe('score at or above which an envelope is flagged (0.5: a count of atLeast)'),
    action: z.enum(['flag', 'block']).default('block').describe('block: refuse the envelopes it flags; flag: only flag them (for a containment guard after it)'),
    maxKeys: z.number().int().min(1).max(10_000_000).default(100_000).describe('buckets (similar) and keys (fragments) kept, least recently used dropped past this'),
  })
  .refine((c) => c.similar !== undefined || c.fragments !== undefined, { message: 'set similar, fragments or both' })
  .refine((c) => !(c.similar?.count === 'senders' && (c.by === 'sender' || c.by === 'edge')), {
    message: 'counting distinct senders under one sender (or edge) always gives 1: use count: envelopes, or another key',
    path: ['similar', 'count'],
  })
  .refine((c) => c.fragments === undefined || c.fragments.atLeast <= c.fragments.parts.length, {
    message: 'fragments.atLeast is more than the catalogue has parts',
    path: ['fragments', 'atLeast'],
  });
export type CrossAgentAggregationConfig = z.infer<typeof CrossAgentAggregationConfigSchema>;

const ID = 'cross-agent-aggregation';

function keyOf(by: KeyKind, envelope: Envelope): string | undefined {
  switch (by) {
    case 'recipient':
      return envelope.to;
    case 'sender':
      return envelope.from;
    case 'edge':
      return `${envelope.from}\u2192${envelope.to}`;
    case 'subject':
      return envelope.subject;
    case 'context':
      return envelope.contextId;
    case 'all':
      return '*';
  }
}

const scoreOf = (n: number, atLeast: number): number => (n === 0 ? 0 : 1 - 2 ** (-n / atLeast));

interface Finding {
  score: number;
  code: VerdictCode;
  reason: string;
}

export const crossAgentAggregation: DefenseDefinition<CrossAgentAggregationConfig> = {
  id: ID,
  specVersion: 'v1',
  description: 'Joins weak signals across agents and time per key (recipient, sender, topic...): near-identical content from many senders, or parts of a harmful whole from one requester',
  kind: 'monitoring',
  targets: ['swarm', 'decomposition', 'sybil'],
  hooks: ['send'],
  configSchema: CrossAgentAggregationConfigSchema,
  cost: {
    utility: 'benign envelopes in a cluster (templated requests, a flash crowd) or revealing enough catalogue parts (a benign project with the same steps) are refused',
    rewritesContent: false,
  },
  // Threshold 0: every envelope it counts is flagged with its score, none refused (for `masec monitors`).
  scoreAll: (config) => ({ ...config, threshold: 0, action: 'flag' }),
  create(config, services) {
    const similar =
      config.similar === undefined
        ? undefined
        : new NearDuplicateWindows(services.state, `${ID}:similar`, { ...config.similar, keep: 4 * config.similar.atLeast, window: config.window, maxKeys: config.maxKeys });
    const fragments = config.fragments === undefined ? undefined : new PartWindows(services.state, `${ID}:fragments`, { parts: config.fragments.parts, window: config.window, maxKeys: config.maxKeys });
    const counted = config.similar?.count === 'envelopes' ? 'near-identical envelopes' : 'senders of near-identical content';

    return {
      id: ID,
      hooks: ['send'],
      async handle(envelope, ctx, next) {
        if (envelope.inReplyTo !== undefined) return next(envelope);
        const key = keyOf(config.by, envelope);
        if (key === undefined) return next(envelope);
        const text = envelopeText(envelope);
        const findings: Finding[] = [];
        if (similar !== undefined && config.similar !== undefined) {
          const n = similar.observe(key, envelope.from, text, ctx.now);
          findings.push({ score: scoreOf(n, config.similar.atLeast), code: 'COORDINATION_DETECTED', reason: `${n} ${counted} to ${config.by} ${key} within ${config.window}` });
        }
        if (fragments !== undefined && config.fragments !== undefined) {
          const parts = fragments.observe(key, text, ctx.now);
          findings.push({ score: scoreOf(parts.length, config.fragments.atLeast), code: 'COMPOSITE_DETECTED', reason: `${parts.length} parts (${parts.join(', ')}) from ${config.by} ${key} within ${config.window}` });
        }
        const worst = findings.reduce<Finding | undefined>((a, f) => (a === undefined || f.score > a.score ? f : a), undefined);
        if (worst === undefined || worst.score === 0 || worst.score < config.threshold) return next(envelope);
        ctx.flag(worst.score, worst.reason, worst.code);
        return config.action === 'block' ? block(ID, worst.code, worst.reason) : next(envelope);
      },
    };
  },
};
