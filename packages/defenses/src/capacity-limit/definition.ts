/**
 * `capacity-limit`: caps on how much a sender can say, which cap what it can hide: a message keeps its first
 * `maxWords` words, only words among the reference model's `vocabulary` commonest survive, and a sender may
 * send `rate.messages` messages per `rate.window` (in clock units: rounds in the engines, milliseconds in the
 * gateway); a message over the rate is blocked (`RATE_LIMITED`). Each cap is off when absent. State: each
 * sender's recent send times, in `services.state` (bounded).
 */
import { z } from 'zod';
import { type DefenseDefinition, type Part, block } from '@masec/spec';
import { coverModel } from '@masec/stego';
import { REFERENCE_MODELS } from '../steganalysis/definition.js';

/** Senders whose recent send times are kept. */
export const CAPACITY_MAX_SENDERS = 10_000;

export const CapacityLimitConfigSchema = z.strictObject({
  maxWords: z.number().int().min(1).optional().describe('a message keeps its first maxWords words (white-space separated)'),
  vocabulary: z.number().int().min(1).optional().describe('only the reference model\u2019s commonest words survive; other words are dropped'),
  rate: z
    .strictObject({
      messages: z.number().int().min(1).describe('messages a sender may send per window'),
      window: z.number().positive().describe('window length in clock units (rounds, or ms in the gateway)'),
    })
    .optional()
    .describe('per-sender message rate; over it a message is blocked'),
  model: z.enum(REFERENCE_MODELS).default('cover-trigram').describe('reference language model of `vocabulary`'),
});
export type CapacityLimitConfig = z.infer<typeof CapacityLimitConfigSchema>;

const WORD = /^[\p{P}\p{S}]*([\p{L}\p{N}']+)[\p{P}\p{S}]*$/u;

export function limitText(text: string, config: Pick<CapacityLimitConfig, 'maxWords' | 'vocabulary'>, allowed: ReadonlySet<string> | undefined): string {
  let pieces = text.split(/\s+/u).filter((p) => p !== '');
  if (allowed !== undefined) pieces = pieces.filter((p) => allowed.has((WORD.exec(p)?.[1] ?? p).toLowerCase()));
  if (config.maxWords !== undefined) pieces = pieces.slice(0, config.maxWords);
  const out = pieces.join(' ');
  return out === text.trim() && !/\s{2,}/u.test(text) ? text : out;
}

export const capacityLimit: DefenseDefinition<CapacityLimitConfig> = {
  id: 'capacity-limit',
  specVersion: 'v1',
  description: 'Caps message length, vocabulary and per-sender rate, and so the bits a covert channel can carry',
  kind: 'protocol',
  targets: ['secret-collusion'],
  hooks: ['send'],
  configSchema: CapacityLimitConfigSchema,
  cost: { utility: 'words cut from long messages, uncommon words dropped, and messages over the rate blocked', rewritesContent: true },
  create(config, services) {
    const allowed = config.vocabulary === undefined ? undefined : new Set(coverModel().commonWords(config.vocabulary));
    const sent = services.state.map<number[]>('capacity-limit:sent', { maxEntries: CAPACITY_MAX_SENDERS, ...(config.rate === undefined ? {} : { ttl: config.rate.window }) });
    return {
      id: 'capacity-limit',
      hooks: ['send'],
      async handle(envelope, ctx, next) {
        const rate = config.rate;
        if (rate !== undefined) {
          const recent = (sent.get(envelope.from) ?? []).filter((t) => t > ctx.now - rate.window);
          if (recent.length >= rate.messages) {
            sent.set(envelope.from, recent);
            return block('capacity-limit', 'RATE_LIMITED', `${recent.length} messages in the last ${rate.window} clock units`);
          }
          sent.set(envelope.from, [...recent, ctx.now]);
        }
        if (config.maxWords === undefined && allowed === undefined) return next(envelope);
        let changed = false;
        const parts: Part[] = envelope.parts.map((part) => {
          if (part.kind !== 'text') return part;
          const text = limitText(part.text, config, allowed);
          changed ||= text !== part.text;
          return { ...part, text };
        });
        if (!changed) return next(envelope);
        ctx.noteTransform('capacity limited');
        return next({ ...envelope, parts });
      },
    };
  },
};
