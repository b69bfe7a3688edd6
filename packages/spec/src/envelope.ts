/**
 * The envelope: one message in transit, the unit every guard sees in the engines and in the gateway alike.
 * It represents A2A and MCP traffic without loss: a kind (message, task, tool call and result, tool list,
 * agent card) and protocol method, text, data, file and resource parts, conversation and task ids, and an
 * opaque metadata bag that guards may read and that survives a round trip.
 */
import { z } from 'zod';
import { AgentIdSchema } from './identity.js';

export { AgentIdSchema } from './identity.js';
export type { AgentId } from './identity.js';

/** What an envelope carries. Absent means `message`. */
export const ENVELOPE_KINDS = ['message', 'task', 'tool-call', 'tool-result', 'tool-list', 'card'] as const;
export const EnvelopeKindSchema = z.enum(ENVELOPE_KINDS);
export type EnvelopeKind = z.infer<typeof EnvelopeKindSchema>;

/** An opaque bag of protocol metadata (A2A `metadata`, MCP `_meta`): kept as it came, readable by guards. */
export const MetadataSchema = z.record(z.string(), z.unknown()).describe('protocol metadata, passed through unchanged');
export type Metadata = z.infer<typeof MetadataSchema>;

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
    metadata: MetadataSchema.optional(),
  })
  .strict();
export const DataPartSchema = z
  .object({
    kind: z.literal('data'),
    data: z.record(z.string(), z.unknown()),
    origin: OriginSchema.optional(),
    metadata: MetadataSchema.optional(),
  })
  .strict();
/** A file, by reference (`uri`) or inline (`bytes`, base64). */
export const FilePartSchema = z
  .object({
    kind: z.literal('file'),
    name: z.string().optional(),
    mimeType: z.string().optional(),
    uri: z.string().optional().describe('where the file is'),
    bytes: z.string().optional().describe('the file itself, base64'),
    origin: OriginSchema.optional(),
    metadata: MetadataSchema.optional(),
  })
  .strict()
  .refine((part) => part.uri !== undefined || part.bytes !== undefined, { message: 'a file part needs uri or bytes' });
/** An MCP resource (or an A2A part naming one): its URI and, when embedded, its text or blob. */
export const ResourcePartSchema = z
  .object({
    kind: z.literal('resource'),
    uri: z.string().min(1),
    mimeType: z.string().optional(),
    text: z.string().optional().describe('the resource content when it is text'),
    blob: z.string().optional().describe('the resource content when it is binary, base64'),
    origin: OriginSchema.optional(),
    metadata: MetadataSchema.optional(),
  })
  .strict();
export const PartSchema = z.union([TextPartSchema, DataPartSchema, FilePartSchema, ResourcePartSchema]);
export type TextPart = z.infer<typeof TextPartSchema>;
export type DataPart = z.infer<typeof DataPartSchema>;
export type FilePart = z.infer<typeof FilePartSchema>;
export type ResourcePart = z.infer<typeof ResourcePartSchema>;
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
    kind: EnvelopeKindSchema.optional().describe('what the envelope carries (absent: message)'),
    method: z.string().optional().describe('the protocol method, e.g. SendMessage, tools/call'),
    from: AgentIdSchema,
    to: z.string().describe('recipient: an agent id, `board`, `tool:<name>`, `store:<name>` or `user:<agent>`'),
    channel: z.string().describe('what the envelope travels on: direct, inbox, board, tool, memory, output, a2a, mcp'),
    contextId: z.string().optional().describe('the conversation it belongs to (A2A contextId, MCP session)'),
    taskId: z.string().optional().describe('the task it belongs to (A2A taskId, MCP task)'),
    subject: z.string().optional(),
    inReplyTo: z.string().optional().describe('id of the envelope this one answers'),
    parts: z.array(PartSchema).min(1),
    labels: LabelsSchema,
    provenance: ProvenanceSchema,
    signature: SignatureSchema.optional(),
    metadata: MetadataSchema.optional(),
    time: z.number().describe('when it was created, in the clock\u2019s unit: the round in the engines, milliseconds in the gateway'),
  })
  .strict();
export type Envelope = z.infer<typeof EnvelopeSchema>;

/** What an envelope carries (`message` when it does not say). */
export function envelopeKind(envelope: Pick<Envelope, 'kind'>): EnvelopeKind {
  return envelope.kind ?? 'message';
}

/** The text a reader (or a detector) sees in a part: text, data as JSON, a resource's text; files have none. */
export function partText(part: Part): string {
  switch (part.kind) {
    case 'text':
      return part.text;
    case 'data':
      return JSON.stringify(part.data);
    case 'resource':
      return part.text ?? '';
    case 'file':
      return '';
  }
}

/** All text of an envelope, parts joined by blank lines (file parts have none and are skipped). */
export function envelopeText(envelope: Pick<Envelope, 'parts'>): string {
  let out = '';
  for (const part of envelope.parts) {
    if (part.kind === 'file') continue;
    const chunk = partText(part);
    out = out === '' ? chunk : `${out}\n\n${chunk}`;
  }
  return out;
}

export const DEFAULT_LABELS: Labels = Object.freeze({ confidentiality: 'internal', integrity: 'untrusted' }) as Labels;
