/**
 * `content-detector`: deterministic detectors over message text — prompt-injection phrasing, invisible /
 * bidi / tag Unicode, and personal data. Runs on `send`, so a flag is attributed to the sender (which is
 * what `quarantine` acts on), and on `memory-read`, where it scans each record an agent retrieved from a
 * shared store (a flag is attributed to the record's writer; with `action: block` the record is hidden from
 * the reader). It can also scan where tool poisoning arrives: `tool-list` (the definitions of the tools
 * offered to an agent: an instruction hidden in a description, the MCP "tool poisoning" attack; a block
 * withholds the tool) and `tool-result` (what a tool returned). On those two hooks it reads every string in
 * the envelope's data parts (names, descriptions, parameter descriptions), not their JSON.
 *
 * `hooks` picks where it scans (default: `send` and `memory-read`); its guard listens on those hooks only.
 * By default it only flags; `action: block` also drops the envelope. Its false positives on benign traffic
 * are real: benign text that reads like an instruction gets flagged. It keeps no state.
 */
import { z } from 'zod';
import { type DefenseDefinition, type Envelope, type Hook, block, envelopeText } from '@masec/spec';
import { scanText } from './patterns.js';

/** The hooks the detector can scan on. */
const SCANNED_HOOKS = ['send', 'memory-read', 'tool-list', 'tool-result'] as const satisfies readonly Hook[];

/** Where it scans unless configured: messages and shared-store records. */
const DEFAULT_HOOKS: readonly (typeof SCANNED_HOOKS)[number][] = ['send', 'memory-read'];

/** Hooks on which tool definitions and results arrive, often as structured data. */
const TOOL_HOOKS: ReadonlySet<Hook> = new Set(['tool-list', 'tool-result']);

/** Deepest nesting of data parts it reads (a JSON Schema of parameters is a few levels deep). */
const MAX_DEPTH = 16;

/** Every string in a value, in document order (object values and array items; not keys). */
function stringsOf(value: unknown, out: string[], depth = 0): string[] {
  if (typeof value === 'string') out.push(value);
  else if (depth < MAX_DEPTH && Array.isArray(value)) for (const item of value) stringsOf(item, out, depth + 1);
  else if (depth < MAX_DEPTH && value !== null && typeof value === 'object') for (const item of Object.values(value)) stringsOf(item, out, depth + 1);
  return out;
}

/** A tool definition's or result's text: text and resource parts as they are, data parts as their strings. */
export function toolText(envelope: Pick<Envelope, 'parts'>): string {
  const chunks: string[] = [];
  for (const part of envelope.parts) {
    if (part.kind === 'data') stringsOf(part.data, chunks);
    else if (part.kind === 'text') chunks.push(part.text);
    else if (part.kind === 'resource' && part.text !== undefined) chunks.push(part.text);
  }
  return chunks.join('\n\n');
}

export const ContentDetectorConfigSchema = z.strictObject({
  threshold: z.number().min(0).max(1).default(0.5).describe('score at or above which an envelope is flagged'),
  action: z.enum(['flag', 'block']).default('flag').describe('flag only, or also block flagged envelopes'),
  injection: z.boolean().default(true).describe('look for prompt-injection phrasing'),
  invisible: z.boolean().default(true).describe('look for zero-width, bidi-control and tag characters'),
  pii: z.boolean().default(true).describe('look for bulk personal data (emails, phone numbers, IBANs)'),
  hooks: z
    .array(z.enum(SCANNED_HOOKS))
    .min(1)
    .default([...DEFAULT_HOOKS])
    .describe(
      'where it scans: send (outgoing messages and outputs), memory-read (records retrieved from shared stores), tool-list (tool definitions offered to agents), tool-result (what tools return)',
    ),
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
  targets: ['worm', 'privacy-leak', 'tool-poisoning', 'memory-poisoning'],
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
      // Only the configured hooks, so that an engine does not run (and log) passes it would not scan.
      hooks: SCANNED_HOOKS.filter((h) => scanned.has(h)),
      async handle(envelope, ctx, next) {
        if (!scanned.has(ctx.hook)) return next(envelope);
        const text = TOOL_HOOKS.has(ctx.hook) ? toolText(envelope) : envelopeText(envelope);
        const { score, reasons, strongest } = scanText(text, options);
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
