/**
 * How taint labels and provenance travel across hops: in the A2A `metadata` of a message, task or event
 * (MCP `_meta` uses the same key and value), under the extension URI below. The value is
 * `{labels: {confidentiality, integrity, tags?}, origin?: {kind, id}, hops?: [agent ids]}`. A gateway reads
 * it on the way in (absent: the route's default labels) and writes it back only when a guard changed the
 * labels, so traffic no guard touched leaves byte for byte as it came (ADR 0042).
 */
import { z } from 'zod';
import { AgentIdSchema, DEFAULT_LABELS, type Labels, LabelsSchema, type Origin, OriginSchema } from '@masec/spec';

/** The extension URI, and the metadata key the carriage sits under. */
export const LABELS_EXTENSION = 'https://masec.dev/ext/labels/v1';

export const LabelCarriageSchema = z.strictObject({
  labels: LabelsSchema,
  origin: OriginSchema.optional(),
  hops: z.array(AgentIdSchema).max(256).optional(),
});
export type LabelCarriage = z.infer<typeof LabelCarriageSchema>;

export type CarriageRead = { ok: true; carriage: LabelCarriage | undefined } | { ok: false; message: string };

/** The carriage in a metadata bag, if any; a malformed one is an error (never silently dropped). */
export function readCarriage(metadata: unknown): CarriageRead {
  if (typeof metadata !== 'object' || metadata === null || !(LABELS_EXTENSION in metadata)) return { ok: true, carriage: undefined };
  const parsed = LabelCarriageSchema.safeParse((metadata as Record<string, unknown>)[LABELS_EXTENSION]);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `metadata['${LABELS_EXTENSION}']${issue === undefined ? '' : `.${issue.path.join('.')}`}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, carriage: parsed.data };
}

/** The carriage to write for `labels`, keeping what was carried before and appending `hop`. */
export function nextCarriage(previous: LabelCarriage | undefined, labels: Labels, origin: Origin, hop: string): LabelCarriage {
  const hops = [...(previous?.hops ?? [])];
  if (hops[hops.length - 1] !== hop) hops.push(hop);
  return { labels, origin: previous?.origin ?? origin, hops: hops.slice(-256) };
}

export function labelsOf(carriage: LabelCarriage | undefined, fallback: Labels | undefined): Labels {
  return carriage?.labels ?? fallback ?? DEFAULT_LABELS;
}

export function sameLabels(a: Labels, b: Labels): boolean {
  return a.confidentiality === b.confidentiality && a.integrity === b.integrity && (a.tags ?? []).join('\u0000') === (b.tags ?? []).join('\u0000');
}
