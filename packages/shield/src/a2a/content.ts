/**
 * The content of A2A payloads, in both wire versions: where the parts are (a message's `parts`, a task's
 * status message and artifacts, a stream event's update) and how each part reads as an envelope part. Every
 * envelope part keeps a reference to the JSON object it came from, so that a guard's rewrite (spotlighting,
 * redaction) can be written back into the original document and nothing else in it changes.
 *
 * v1.0 parts are `{text}`, `{data}`, `{url, filename?, mediaType?}`, `{raw}` (proto JSON, no `kind`); v0.3
 * parts are `{kind: 'text', text}`, `{kind: 'data', data}`, `{kind: 'file', file: {uri | bytes, name?,
 * mimeType?}}`.
 */
import type { Metadata, Part } from '@masec/spec';

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One envelope part and the wire object it was read from. */
export interface PartSlot {
  part: Part;
  /** The wire part object (written back to when the part's text or data changes). */
  source: Json;
}

/** The content of one payload: its parts, and the object whose `metadata` carries labels. */
export interface Content {
  slots: PartSlot[];
  /** The object holding the payload's metadata (a message, a task, an event), where label carriage is read and written. */
  holder: Json | undefined;
}

const metadataOf = (node: Json): Metadata | undefined => (isObject(node.metadata) ? node.metadata : undefined);

function withMetadata<P extends Part>(part: P, node: Json): P {
  const metadata = metadataOf(node);
  return metadata === undefined ? part : { ...part, metadata };
}

/** One wire part as an envelope part, or undefined for a shape that is neither version's. */
export function readPart(node: unknown): PartSlot | undefined {
  if (!isObject(node)) return undefined;
  if (typeof node.text === 'string' && (node.kind === undefined || node.kind === 'text')) return { part: withMetadata({ kind: 'text', text: node.text }, node), source: node };
  if ('data' in node && (node.kind === undefined || node.kind === 'data')) {
    const data = isObject(node.data) ? node.data : { value: node.data };
    return { part: withMetadata({ kind: 'data', data }, node), source: node };
  }
  if (node.kind === 'file' && isObject(node.file)) {
    const f = node.file;
    const uri = typeof f.uri === 'string' ? f.uri : undefined;
    const bytes = typeof f.bytes === 'string' ? f.bytes : undefined;
    if (uri === undefined && bytes === undefined) return undefined;
    return {
      part: withMetadata({ kind: 'file', ...(uri === undefined ? {} : { uri }), ...(bytes === undefined ? {} : { bytes }), ...(typeof f.name === 'string' ? { name: f.name } : {}), ...(typeof f.mimeType === 'string' ? { mimeType: f.mimeType } : {}) }, node),
      source: node,
    };
  }
  if (node.kind === undefined && (typeof node.url === 'string' || typeof node.raw === 'string')) {
    const file: Part = {
      kind: 'file',
      ...(typeof node.url === 'string' ? { uri: node.url } : {}),
      ...(typeof node.raw === 'string' ? { bytes: node.raw } : {}),
      ...(typeof node.filename === 'string' && node.filename !== '' ? { name: node.filename } : {}),
      ...(typeof node.mediaType === 'string' && node.mediaType !== '' ? { mimeType: node.mediaType } : {}),
    };
    return { part: withMetadata(file, node), source: node };
  }
  return undefined;
}

export type PartsRead = { ok: true; slots: PartSlot[] } | { ok: false; message: string };

/** The parts of a `parts` array; an unreadable part is an error naming its index. */
export function readParts(parts: unknown, where: string): PartsRead {
  if (parts === undefined) return { ok: true, slots: [] };
  if (!Array.isArray(parts)) return { ok: false, message: `${where}.parts is not a list` };
  const slots: PartSlot[] = [];
  for (const [i, node] of parts.entries()) {
    const slot = readPart(node);
    if (slot === undefined) return { ok: false, message: `${where}.parts[${i}] is not a text, data or file part` };
    slots.push(slot);
  }
  return { ok: true, slots };
}

/** Parts of a task: its status message and its artifacts (history repeats what was already inspected). */
function taskParts(task: Json, where: string): PartsRead {
  const slots: PartSlot[] = [];
  const status = isObject(task.status) ? task.status : undefined;
  if (status !== undefined && isObject(status.message)) {
    const read = readParts(status.message.parts, `${where}.status.message`);
    if (!read.ok) return read;
    slots.push(...read.slots);
  }
  if (Array.isArray(task.artifacts)) {
    for (const [i, artifact] of task.artifacts.entries()) {
      if (!isObject(artifact)) return { ok: false, message: `${where}.artifacts[${i}] is not an object` };
      const read = readParts(artifact.parts, `${where}.artifacts[${i}]`);
      if (!read.ok) return read;
      slots.push(...read.slots);
    }
  }
  return { ok: true, slots };
}

export type ContentRead = { ok: true; content: Content } | { ok: false; message: string };

function done(read: PartsRead, holder: Json): ContentRead {
  return read.ok ? { ok: true, content: { slots: read.slots, holder } } : read;
}

/**
 * The content of a result or stream event, either version: v1.0 wraps it (`{message}`, `{task}`,
 * `{statusUpdate}`, `{artifactUpdate}`); v0.3 tags it (`kind: message | task | status-update |
 * artifact-update`). Anything else (a list of tasks, a push config, null) carries no content.
 */
export function resultContent(result: unknown): ContentRead {
  if (!isObject(result)) return { ok: true, content: { slots: [], holder: undefined } };
  if (isObject(result.message)) return done(readParts(result.message.parts, 'message'), result.message);
  if (isObject(result.task)) return done(taskParts(result.task, 'task'), result.task);
  if (isObject(result.statusUpdate)) {
    const status = isObject(result.statusUpdate.status) ? result.statusUpdate.status : undefined;
    return done(readParts(status !== undefined && isObject(status.message) ? status.message.parts : undefined, 'statusUpdate.status.message'), result.statusUpdate);
  }
  if (isObject(result.artifactUpdate)) {
    const artifact = isObject(result.artifactUpdate.artifact) ? result.artifactUpdate.artifact : undefined;
    return done(readParts(artifact?.parts, 'artifactUpdate.artifact'), result.artifactUpdate);
  }
  switch (result.kind) {
    case 'message':
      return done(readParts(result.parts, 'message'), result);
    case 'task':
      return done(taskParts(result, 'task'), result);
    case 'status-update': {
      const status = isObject(result.status) ? result.status : undefined;
      return done(readParts(status !== undefined && isObject(status.message) ? status.message.parts : undefined, 'status.message'), result);
    }
    case 'artifact-update':
      return done(readParts(isObject(result.artifact) ? result.artifact.parts : undefined, 'artifact'), result);
    default:
      // A v1.0 task returned bare (GetTask, CancelTask) has an id and a status.
      if (typeof result.id === 'string' && isObject(result.status)) return done(taskParts(result, 'task'), result);
      return { ok: true, content: { slots: [], holder: undefined } };
  }
}

/** Writes a rewritten part's text or data back into its wire object (files are never rewritten). */
export function writePart(slot: PartSlot, part: Part): void {
  if (part.kind === 'text' && typeof slot.source.text === 'string') slot.source.text = part.text;
  else if (part.kind === 'data' && 'data' in slot.source) slot.source.data = isObject(slot.source.data) ? part.data : (part.data.value ?? slot.source.data);
}
