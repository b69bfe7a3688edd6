/** A run's transcript as stored: its entries as NDJSON, gzipped (one blob per run, like the event log). */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { TranscriptEntry } from '@masec/models';

export const TRANSCRIPT_FORMAT = 'ndjson-gzip-v1';

export function encodeTranscript(entries: readonly TranscriptEntry[]): Uint8Array {
  return gzipSync(Buffer.from(entries.map((e) => `${JSON.stringify(e)}\n`).join(''), 'utf8'));
}

export function decodeTranscript(gz: Uint8Array): TranscriptEntry[] {
  const text = gunzipSync(gz).toString('utf8');
  return text === '' ? [] : text.trimEnd().split('\n').map((line) => JSON.parse(line) as TranscriptEntry);
}
