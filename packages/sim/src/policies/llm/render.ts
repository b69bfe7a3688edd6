/**
 * How the `llm` policy shows an agent what it observes: each message and stored item as a block of text with
 * a header of what is known about where it came from — its sender, the integrity and confidentiality labels,
 * the origin and marking a provenance defense put on each part — followed by the text exactly as it arrived
 * (datamarked or delimited when a defense spotlighted it, plain otherwise). Nothing is added that the shield
 * did not set, so a defense's effect is measured on the model, not assumed.
 */
import type { Envelope, Labels, Marking, MemoryItem, Part } from '@masec/spec';

function labelText(labels: Labels | undefined): string[] {
  if (labels === undefined) return [];
  const out = [`integrity: ${labels.integrity}`, `confidentiality: ${labels.confidentiality}`];
  if (labels.tags !== undefined && labels.tags.length > 0) out.push(`tags: ${labels.tags.join(' ')}`);
  return out;
}

function markingText(marking: Marking | undefined): string[] {
  return marking === undefined || marking === 'none' ? [] : [`marking: ${marking}`];
}

function partText(part: Part): string {
  switch (part.kind) {
    case 'text':
      return part.text;
    case 'data':
      return JSON.stringify(part.data);
    case 'file':
      return `[file ${part.name ?? part.uri ?? 'attached'}]`;
    case 'resource':
      return part.text ?? `[resource ${part.uri}]`;
  }
}

/** A delivered envelope: `[message <id> | from <sender> | subject | labels | origin and marking of its parts]`, then its text. */
export function renderEnvelope(envelope: Envelope): string {
  const header = [`message ${envelope.id}`, `from ${envelope.from}`];
  if (envelope.subject !== undefined) header.push(`subject: ${envelope.subject}`);
  header.push(...labelText(envelope.labels));
  const origins = new Set<string>();
  const markings = new Set<string>();
  for (const part of envelope.parts) {
    if (part.origin !== undefined) origins.add(`${part.origin.kind} ${part.origin.id}`);
    if (part.kind === 'text' && part.marking !== undefined && part.marking !== 'none') markings.add(part.marking);
  }
  if (origins.size > 0) header.push(`origin: ${[...origins].join(', ')}`);
  if (markings.size > 0) header.push(`marking: ${[...markings].join(', ')}`);
  return `[${header.join(' | ')}]\n\n${envelope.parts.map(partText).join('\n')}`;
}

/** A stored item (inbox memory, a shared store's record): `[<kind> <id> | from <writer> | round | labels | marking]`, then its text. */
export function renderItem(item: MemoryItem, kind = 'stored message'): string {
  const header = [`${kind} ${item.id}`, `from ${item.from}`, `round ${item.round}`, ...labelText(item.labels), ...markingText(item.marking)];
  return `[${header.join(' | ')}]\n\n${item.text}`;
}

/** Whether any of the items or envelopes arrived spotlighted (so the prompt explains the marking). */
export function anyMarked(items: readonly MemoryItem[], envelopes: readonly Envelope[]): boolean {
  if (items.some((i) => i.marking !== 'none')) return true;
  return envelopes.some((e) => e.parts.some((p) => p.kind === 'text' && p.marking !== undefined && p.marking !== 'none'));
}
