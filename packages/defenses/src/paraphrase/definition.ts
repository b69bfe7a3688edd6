/**
 * `paraphrase`: rewrites every message before it leaves its sender, to shrink covert channels. The rule
 * paraphraser (`@masec/stego`) normalises characters and spacing, maps synonyms to one word, and replaces
 * words the reference model finds less likely than `threshold` with its likeliest word. Capacity falls as the
 * threshold rises, and so does what the messages say (the measured utility cost). The paraphraser backed by a
 * language model is the separate defense `llm-paraphrase` (it needs the `models` service; ADR 0092).
 */
import { z } from 'zod';
import type { DefenseDefinition, Part } from '@masec/spec';
import { type Paraphraser, RuleParaphraser, coverModel } from '@masec/stego';
import { REFERENCE_MODELS } from '../steganalysis/definition.js';

export const ParaphraseConfigSchema = z.strictObject({
  paraphraser: z.enum(['rules']).default('rules').describe('rules: rule-based canonicalisation (the model-backed paraphraser is the defense llm-paraphrase)'),
  normalize: z.boolean().default(true).describe('Unicode NFKC, invisible characters removed, white space collapsed'),
  synonyms: z.boolean().default(true).describe('each word of a synonym pair becomes its common word'),
  threshold: z.number().min(0).max(1).default(0.05).describe('words the reference model finds less likely than this become its likeliest word (0: never)'),
  model: z.enum(REFERENCE_MODELS).default('cover-trigram').describe('reference language model'),
});
export type ParaphraseConfig = z.infer<typeof ParaphraseConfigSchema>;

export function paraphraserOf(config: ParaphraseConfig): Paraphraser {
  return new RuleParaphraser(coverModel(), { normalize: config.normalize, synonyms: config.synonyms, threshold: config.threshold });
}

export const paraphrase: DefenseDefinition<ParaphraseConfig> = {
  id: 'paraphrase',
  specVersion: 'v1',
  description: 'Rewrites messages (normalised characters, canonical synonyms, unlikely words replaced) to shrink covert channels',
  kind: 'protocol',
  targets: ['secret-collusion'],
  hooks: ['send'],
  configSchema: ParaphraseConfigSchema,
  cost: { utility: 'what the rewritten words said: facts and details the reference model finds unlikely are replaced', rewritesContent: true },
  create(config) {
    const paraphraser = paraphraserOf(config);
    return {
      id: 'paraphrase',
      hooks: ['send'],
      async handle(envelope, ctx, next) {
        let changed = false;
        const parts: Part[] = [];
        for (const part of envelope.parts) {
          if (part.kind !== 'text') {
            parts.push(part);
            continue;
          }
          const text = await paraphraser.paraphrase(part.text);
          changed ||= text !== part.text;
          parts.push({ ...part, text });
        }
        if (!changed) return next(envelope);
        ctx.noteTransform(`paraphrased (${paraphraser.id}, threshold ${config.threshold})`);
        return next({ ...envelope, parts });
      },
    };
  },
};
