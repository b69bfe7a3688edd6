/**
 * The event log encoded as it is written: each event becomes its canonical line, the digest is updated, and
 * every ~1 MiB of lines is gzipped into one member of a multi-member gzip stream. A run's log therefore never
 * exists uncompressed as a whole; `finish()` gives the same digest `encodeEventLog` computes over the whole log,
 * and a blob `decodeEventLog` reads (gunzip decodes concatenated members). `replay()` reads the events back one
 * member at a time, which is how metrics and judges read a log that was not kept in memory.
 */
import { createHash } from 'node:crypto';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import type { EventLogSink, MasecEvent } from '@masec/spec';
import { canonicalJson } from './event-codec.js';

/** Bytes of NDJSON per gzip member. */
const MEMBER_BYTES = 1 << 20;
const GZIP_LEVEL = 3;

export interface FinishedLog {
  /** sha256 of the canonical NDJSON, as `encodeEventLog` gives. */
  digest: string;
  gz: Uint8Array;
  count: number;
}

export class StreamingLogEncoder implements EventLogSink {
  readonly #hash = createHash('sha256');
  readonly #members: Buffer[] = [];
  #lines: string[] = [];
  #pending = 0;
  #count = 0;
  #finished = false;

  write(event: MasecEvent): void {
    if (this.#finished) throw new Error('event log already finished');
    const line = canonicalJson(event);
    this.#lines.push(line);
    this.#pending += line.length + 1;
    this.#count++;
    if (this.#pending >= MEMBER_BYTES) this.#flush();
  }

  #flush(): void {
    if (this.#lines.length === 0) return;
    const bytes = Buffer.from(`${this.#lines.join('\n')}\n`, 'utf8');
    this.#hash.update(bytes);
    this.#members.push(gzipSync(bytes, { level: GZIP_LEVEL, strategy: constants.Z_DEFAULT_STRATEGY }));
    this.#lines = [];
    this.#pending = 0;
  }

  *replay(): Iterable<MasecEvent> {
    this.#flush();
    const members = this.#members.length;
    for (let m = 0; m < members; m++) {
      const text = gunzipSync(this.#members[m] as Buffer).toString('utf8');
      let start = 0;
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        yield JSON.parse(text.slice(start, end)) as MasecEvent;
        start = end + 1;
      }
    }
  }

  /** Bytes the encoded log takes so far (compressed members). */
  get encodedBytes(): number {
    let total = 0;
    for (const member of this.#members) total += member.byteLength;
    return total;
  }

  finish(): FinishedLog {
    this.#flush();
    this.#finished = true;
    const gz = Buffer.concat(this.#members);
    return { digest: this.#hash.digest('hex'), gz: new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength), count: this.#count };
  }
}
