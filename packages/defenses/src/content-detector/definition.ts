/**
 * `content-detector`: deterministic detectors over message text — prompt-injection phrasing, invisible /
 * bidi / tag Unicode, and personal data. Runs on `send`, so a flag is attributed to the sender (which is
 * what `quarantine` acts on), and on `memory-read`, where it scans each record an agent retrieved from a
 * shared store (a flag is attributed to the record's writer; with `action: block` the record is hidden from
 * the reader). `hooks` picks which of the two it scans on. By default it only flags; `action: block` also
 * drops the envelope. Its false positives on benign traffic are real: benign text that reads like an
 * instruction gets flagged.
 */
import { z } from 'zod';
import { type DefenseDefinition, type Hook, block, envelopeText } from '@masec/spec';
import { scanText } from './patterns.js';

/** The hooks the detector can scan on. */
const SCANNED_HOOKS = ['send', 'memory-read'] as const satisfies readonly Hook[];

export const ContentDetectorConfigSchema = z.strictObject({
  threshold: z.number().min(0).max(1).default(0.5).describe('score at or above which an envelope is flagged'),
  action: z.enum(['flag', 'block']).default('flag').describe('flag only, or also block flagged envelopes'),
  injection: z.boolean().default(true).describe('look for prompt-injection phrasing'),
  invisible: z.boolean().default(true).describe('look for zero-width, bidi-control and tag characters'),
  pii: z.boolean().default(true).describe('look for bulk personal data (emails, phone numbers, IBANs)'),
  hooks: z
    .array(z.enum(SCANNED_HOOKS))
    .min(1)
    .default([...SCANNED_HOOKS])
    .describe('where it scans: send (outgoing messages and outputs), memory-read (records retrieved from shared stores)'),
  population: z
    .strictObject({
      detection: z.number().min(0).max(1).default(0.5).describe('per-round probability that a compromised agent is flagged'),
      falsePositive: z
        .number()
        .min(0)
        .max(1)
        .default(0.001)
        .describe('per-round probability that an agent that is not compromised is flagged'),
    })
    .default({ detection: 0.5, falsePositive: 0.001 })
    .describe('population engine: detection and false-positive rates per agent and round (measure them with `masec calibrate`)'),
});
export type ContentDetectorConfig = z.infer<typeof ContentDetectorConfigSchema>;

export const contentDetector: DefenseDefinition<ContentDetectorConfig> = {
  id: 'content-detector',
  specVersion: 'v1',
  description: 'Flags (or blocks) messages with injection phrasing, invisible Unicode or bulk personal data',
  kind: 'monitoring',
  targets: ['worm', 'privacy-leak', 'tool-poisoning', 'memory-poisoning', 'stealth'],
  hooks: [...SCANNED_HOOKS],
  configSchema: ContentDetectorConfigSchema,
  cost: {
    utility: 'benign messages it flags feed quarantine; with action=block they are dropped',
    rewritesContent: false,
  },
  population: { effect: (config) => ({ detection: config.population.detection, falsePositive: config.population.falsePositive }) },
  // The smallest positive threshold: every envelope with a rule match is flagged with its score.
  scoreAll: (config) => ({ ...config, threshold: Number.MIN_VALUE, action: 'flag' }),
  create(config) {
    const options = { injection: config.injection, invisible: config.invisible, pii: config.pii };
    const scanned = new Set<Hook>(config.hooks);
    return {
      id: 'content-detector',
      hooks: [...SCANNED_HOOKS],
      async handle(envelope, ctx, next) {
        if (!scanned.has(ctx.hook)) return next(envelope);
        const { score, reasons, strongest } = scanText(envelopeText(envelope), options);
        if (score >= config.threshold) {
          const reason = reasons.join(', ');
          const code = strongest === 'pii' ? 'SECRET_DETECTED' : 'INJECTION_DETECTED';
          ctx.flag(score, reason, code);
          if (config.action === 'block') return block('content-detector', code, reason);
        }
        return next(envelope);
      },
    };
  },
};
