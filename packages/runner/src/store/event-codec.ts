/**
 * The event log's storage and digest format: canonical NDJSON (one event per line, object keys sorted at every
 * depth, `undefined` fields omitted, trailing newline), its sha256, and its gzip. Canonical so that the digest
 * is a function of the events' content only, never of the order their properties happened to be assigned in.
 */
import { createHash } from 'node:crypto';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { MasecError } from '@masec/spec';
import type { MasecEvent } from '@masec/spec';

export interface EncodedEventLog {
  /** Canonical NDJSON of the log ('' for an empty log). */
  ndjson: string;
  /** sha256 (lower-case hex) of the UTF-8 bytes of `ndjson`. */
  digest: string;
  /** `ndjson` gzipped at level 6; the same events always give the same bytes on a given zlib. */
  gz: Uint8Array;
}

/** Storage format tag of an encoded log, as kept next to the bytes. */
export const EVENT_LOG_FORMAT = 'ndjson+gzip';

const GZIP_LEVEL = 6;

/**
 * Canonical JSON of one value: like `JSON.stringify` (undefined/function/symbol properties omitted, the same in
 * arrays become `null`, non-finite numbers become `null`) but with object keys in code-unit order at every depth.
 */
export function canonicalJson(value: unknown): string {
  const out = canonicalValue(value, 0);
  if (out === undefined) throw new MasecError('STORE_ERROR', `cannot encode a ${typeof value} as JSON`);
  return out;
}

const MAX_DEPTH = 100;

function canonicalValue(value: unknown, depth: number): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      throw new MasecError('STORE_ERROR', 'cannot encode a bigint in an event log');
    case 'object':
      break;
  }
  if (value === null) return 'null';
  if (depth >= MAX_DEPTH) throw new MasecError('STORE_ERROR', `event nests deeper than ${MAX_DEPTH} levels (a cycle?)`);
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => canonicalValue(item, depth + 1) ?? 'null');
    return `[${items.join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const encoded = canonicalValue(record[key], depth + 1);
    if (encoded !== undefined) parts.push(`${JSON.stringify(key)}:${encoded}`);
  }
  return `{${parts.join(',')}}`;
}

/** Canonical NDJSON of a log: one canonical JSON object per line, each line ending in `\n`. */
export function canonicalNdjson(events: readonly MasecEvent[]): string {
  let out = '';
  for (const event of events) out += `${canonicalJson(event)}\n`;
  return out;
}

export function encodeEventLog(events: MasecEvent[]): EncodedEventLog {
  const ndjson = canonicalNdjson(events);
  const bytes = Buffer.from(ndjson, 'utf8');
  const digest = createHash('sha256').update(bytes).digest('hex');
  const zipped = gzipSync(bytes, { level: GZIP_LEVEL, strategy: constants.Z_DEFAULT_STRATEGY });
  const gz = new Uint8Array(zipped.buffer, zipped.byteOffset, zipped.byteLength);
  return { ndjson, digest, gz };
}

/** Inverse of `encodeEventLog(...).gz`. Throws `STORE_ERROR` on bytes that are not a gzipped NDJSON event log. */
export function decodeEventLog(gz: Uint8Array): MasecEvent[] {
  let text: string;
  try {
    text = gunzipSync(gz).toString('utf8');
  } catch (cause) {
    throw new MasecError('STORE_ERROR', `event log is not valid gzip: ${(cause as Error).message}`, { cause });
  }
  const events: MasecEvent[] = [];
  if (text === '') return events;
  if (!text.endsWith('\n')) throw new MasecError('STORE_ERROR', 'event log is truncated (no trailing newline)');
  const lines = text.split('\n');
  lines.pop();
  for (const [index, line] of lines.entries()) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (cause) {
      throw new MasecError('STORE_ERROR', `event log line ${index + 1} is not JSON: ${(cause as Error).message}`, { cause });
    }
    if (!isEventLike(parsed)) {
      throw new MasecError('STORE_ERROR', `event log line ${index + 1} is not an event (needs string 'type' and number 'round')`);
    }
    events.push(parsed);
  }
  return events;
}

function isEventLike(value: unknown): value is MasecEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return typeof record['type'] === 'string' && typeof record['round'] === 'number';
}
