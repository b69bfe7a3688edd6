import { z } from 'zod';

/** Agent ids are short kebab/alnum strings, e.g. `a17`, `attacker`, `mail-bot-3`. */
export const AgentIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/).describe('agent id');
export type AgentId = z.infer<typeof AgentIdSchema>;

export const ORIGIN_KINDS = ['user', 'agent', 'tool', 'memory', 'external'] as const;
export const OriginSchema = z
  .object({
    kind: z.enum(ORIGIN_KINDS).describe('what produced the content'),
    id: z.string().describe('who produced it: an agent id, tool name, memory store...'),
  })
  .strict();
export type Origin = z.infer<typeof OriginSchema>;

/** How untrusted text was marked before an agent reads it (spotlighting). */
export const MarkingSchema = z.enum(['none', 'delimit', 'datamark']);
export type Marking = z.infer<typeof MarkingSchema>;

export const TextPartSchema = z
  .object({
    kind: z.literal('text'),
    text: z.string(),
    origin: OriginSchema.optional().describe('origin of this part, set by provenance tagging'),
    marking: MarkingSchema.optional().describe('spotlighting applied to this part'),
    ref: z.string().optional().describe('id of the stored item this part carries (memory reads)'),
  })
  .strict();
export const DataPartSchema = z
  .object({
    kind: z.literal('data'),
    data: z.record(z.string(), z.unknown()),
    origin: OriginSchema.optional(),
  })
  .strict();
export const PartSchema = z.discriminatedUnion('kind', [TextPartSchema, DataPartSchema]);
export type TextPart = z.infer<typeof TextPartSchema>;
export type DataPart = z.infer<typeof DataPartSchema>;
export type Part = z.infer<typeof PartSchema>;

/** Confidentiality levels, ordered from least to most sensitive. */
export const CONFIDENTIALITY = ['public', 'internal', 'confidential', 'secret'] as const;
export const ConfidentialitySchema = z.enum(CONFIDENTIALITY);
export type Confidentiality = z.infer<typeof ConfidentialitySchema>;
export const INTEGRITY = ['untrusted', 'trusted'] as const;
export const IntegritySchema = z.enum(INTEGRITY);
export type Integrity = z.infer<typeof IntegritySchema>;

export const LabelsSchema = z
  .object({
    confidentiality: ConfidentialitySchema.describe('how sensitive the content is'),
    integrity: IntegritySchema.describe('whether the content may drive privileged actions'),
    tags: z.array(z.string()).optional().describe('free-form taint tags, e.g. secret ids'),
  })
  .strict();
export type Labels = z.infer<typeof LabelsSchema>;

export const ProvenanceSchema = z
  .object({
    origin: OriginSchema.describe('where the message content first came from'),
    hops: z.array(AgentIdSchema).describe('agents the content passed through, in order'),
  })
  .strict();
export type Provenance = z.infer<typeof ProvenanceSchema>;

export const SignatureSchema = z
  .object({
    alg: z.literal('Ed25519'),
    keyId: z.string(),
    nonce: z.string(),
    value: z.string().describe('base64url signature over the canonical envelope'),
  })
  .strict();
export type Signature = z.infer<typeof SignatureSchema>;

/** One message in transit: the unit every defense sees, in simulation and in the gateway alike. */
export const EnvelopeSchema = z
  .object({
    id: z.string(),
    from: AgentIdSchema,
    to: z.string().describe('recipient agent id, or `board` for the shared board'),
    channel: z.string().describe('channel kind the envelope travels on: direct, inbox, board'),
    subject: z.string().optional(),
    inReplyTo: z.string().optional().describe('id of the envelope this one answers'),
    parts: z.array(PartSchema).min(1),
    labels: LabelsSchema,
    provenance: ProvenanceSchema,
    signature: SignatureSchema.optional(),
    time: z.number().describe('simulated round, or wall time in ms in the gateway'),
  })
  .strict();
export type Envelope = z.infer<typeof EnvelopeSchema>;

/** All text of an envelope, parts joined by blank lines. */
export function envelopeText(envelope: Pick<Envelope, 'parts'>): string {
  let out = '';
  for (const part of envelope.parts) {
    const chunk = part.kind === 'text' ? part.text : JSON.stringify(part.data);
    out = out === '' ? chunk : `${out}\n\n${chunk}`;
  }
  return out;
}

export const DEFAULT_LABELS: Labels = Object.freeze({ confidentiality: 'internal', integrity: 'untrusted' }) as Labels;
