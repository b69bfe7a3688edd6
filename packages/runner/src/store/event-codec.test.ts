import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { MasecEvent } from '@masec/spec';
import { canonicalJson, canonicalNdjson, decodeEventLog, encodeEventLog } from './event-codec.js';

/** A fixed small log. Its digest is pinned below: a change to canonicalisation must change this test too. */
const FIXED_LOG: MasecEvent[] = [
  { type: 'run-start', round: 0, scenario: 'worm-email', seed: 7, arm: 'none', agents: 4, benign: 3, defenses: ['datamark', 'quarantine'], monitors: [] },
  { type: 'message-send', round: 1, id: 'm1', from: 'agent-0', to: 'agent-1', channel: 'inbox', chars: 42, malicious: true, threat: 'prompt-worm' },
  { type: 'guard-verdict', round: 1, id: 'm1', guard: 'datamark', action: 'flag', score: 0.5, reason: 'spotlit: "quoted" \u00e9' },
  { type: 'message-deliver', round: 1, id: 'm1', to: 'agent-1' },
  { type: 'agent-compromise', round: 1, agent: 'agent-1', threat: 'prompt-worm', via: 'm1' },
  { type: 'round-end', round: 1, sent: 1, delivered: 1, blocked: 0 },
  { type: 'run-end', round: 1, status: 'ok' },
];
const FIXED_DIGEST = 'b9fa5898dcd936105de3f97af825f721f38e9abf6d290b9ab60bf7500528bdb0';

const text = (encoded: { bytes: Uint8Array }): string => Buffer.from(encoded.bytes).toString('utf8');

describe('encodeEventLog', () => {
  it('writes one canonical line per event with sorted keys and a trailing newline', () => {
    const ndjson = Buffer.from(encodeEventLog(FIXED_LOG.slice(0, 2)).bytes).toString('utf8');
    expect(ndjson).toBe(canonicalNdjson(FIXED_LOG.slice(0, 2)));
    expect(ndjson).toBe(
      '{"agents":4,"arm":"none","benign":3,"defenses":["datamark","quarantine"],"monitors":[],"round":0,"scenario":"worm-email","seed":7,"type":"run-start"}\n' +
        '{"channel":"inbox","chars":42,"from":"agent-0","id":"m1","malicious":true,"round":1,"threat":"prompt-worm","to":"agent-1","type":"message-send"}\n',
    );
  });

  it('does not depend on property insertion order, at any depth', () => {
    const a = { type: 'run-end', round: 3, status: 'ok', extra: { z: 1, a: [{ y: 2, b: 3 }] } } as unknown as MasecEvent;
    const b = { extra: { a: [{ b: 3, y: 2 }], z: 1 }, status: 'ok', round: 3, type: 'run-end' } as unknown as MasecEvent;
    const ea = encodeEventLog([a]);
    const eb = encodeEventLog([b]);
    expect(text(ea)).toBe('{"extra":{"a":[{"b":3,"y":2}],"z":1},"round":3,"status":"ok","type":"run-end"}\n');
    expect(text(eb)).toBe(text(ea));
    expect(eb.digest).toBe(ea.digest);
    expect(Buffer.from(eb.gz).equals(Buffer.from(ea.gz))).toBe(true);
  });

  it('omits undefined fields, so an explicit undefined digests like an absent field', () => {
    const withUndefined: MasecEvent = { type: 'message-send', round: 1, id: 'x', from: 'agent-0', to: 'agent-1', channel: 'inbox', chars: 1, malicious: false, inReplyTo: undefined, task: undefined };
    const without: MasecEvent = { type: 'message-send', round: 1, id: 'x', from: 'agent-0', to: 'agent-1', channel: 'inbox', chars: 1, malicious: false };
    expect(text(encodeEventLog([withUndefined]))).toBe(text(encodeEventLog([without])));
    expect(text(encodeEventLog([withUndefined]))).not.toContain('inReplyTo');
  });

  it('digests the NDJSON bytes with sha256 and gzips them deterministically', () => {
    const first = encodeEventLog(FIXED_LOG);
    const second = encodeEventLog(structuredClone(FIXED_LOG));
    expect(first.digest).toBe(createHash('sha256').update(first.bytes).digest('hex'));
    expect(first.digest).toBe(FIXED_DIGEST);
    expect(second.digest).toBe(FIXED_DIGEST);
    expect(Buffer.from(second.gz).equals(Buffer.from(first.gz))).toBe(true);
    expect(Buffer.from(first.gz).equals(gzipSync(first.bytes, { level: 3 }))).toBe(true);
  });

  it('encodes an empty log as the empty string', () => {
    const { bytes, digest, gz } = encodeEventLog([]);
    expect(bytes.byteLength).toBe(0);
    expect(digest).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(decodeEventLog(gz)).toEqual([]);
  });

  it('follows JSON.stringify for non-finite numbers and holes in arrays', () => {
    expect(canonicalJson({ b: Number.NaN, a: [undefined, Infinity, 1] })).toBe('{"a":[null,null,1],"b":null}');
  });
});

describe('decodeEventLog', () => {
  it('round-trips a log', () => {
    const events = [...FIXED_LOG, { type: 'run-end', round: 2, status: 'error', error: 'line1\nline2' } as MasecEvent];
    const back = decodeEventLog(encodeEventLog(events).gz);
    expect(back).toStrictEqual(events);
    expect(encodeEventLog(back).digest).toBe(encodeEventLog(events).digest);
  });

  it('rejects bytes that are not a gzipped event log with STORE_ERROR', () => {
    expect(() => decodeEventLog(new Uint8Array([1, 2, 3]))).toThrow(expect.objectContaining({ code: 'STORE_ERROR' }));
    expect(() => decodeEventLog(gzipSync('{"type":"run-end"'))).toThrow(expect.objectContaining({ code: 'STORE_ERROR' }));
    expect(() => decodeEventLog(gzipSync('[1]\n'))).toThrow(expect.objectContaining({ code: 'STORE_ERROR' }));
    expect(() => decodeEventLog(gzipSync('not json\n'))).toThrow(expect.objectContaining({ code: 'STORE_ERROR' }));
  });
});
