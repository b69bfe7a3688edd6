import { describe, expect, it } from 'vitest';
import type { MasecEvent } from '@masec/spec';
import { decodeEventLog, encodeEventLog } from './event-codec.js';
import { StreamingLogEncoder } from './log-encoder.js';

/** A log long enough to span several gzip members (~1 MiB of NDJSON each). */
function longLog(rounds: number): MasecEvent[] {
  const events: MasecEvent[] = [{ type: 'run-start', round: 0, scenario: 's', seed: 1, arm: 'x', agents: 2, benign: 2, defenses: [], monitors: [] }];
  for (let round = 0; round < rounds; round++) {
    events.push({ type: 'environment-step', round, environment: 'market', moves: 2, state: { p0: 1 + (round % 15) / 10, p1: 1.7 }, outcomes: { a0: round % 3, a1: 0.25 } });
    events.push({ type: 'round-end', round, sent: 0, delivered: 0, blocked: 0 });
  }
  events.push({ type: 'run-end', round: rounds, status: 'ok' });
  return events;
}

describe('streaming log encoder', () => {
  it('gives the digest of the whole log and a blob that decodes to it, across several gzip members', () => {
    const events = longLog(20_000);
    const encoder = new StreamingLogEncoder();
    for (const event of events) encoder.write(event);
    const finished = encoder.finish();
    const whole = encodeEventLog(events);
    expect(whole.bytes.byteLength).toBeGreaterThan(2 * (1 << 20));
    expect(finished.digest).toBe(whole.digest);
    expect(finished.count).toBe(events.length);
    expect(decodeEventLog(finished.gz)).toEqual(events);
  });

  it('replays what it was given so far, in order, as often as asked, while writing goes on', () => {
    const events = longLog(12_000);
    const encoder = new StreamingLogEncoder();
    const half = Math.floor(events.length / 2);
    for (const event of events.slice(0, half)) encoder.write(event);
    expect([...encoder.replay()]).toEqual(events.slice(0, half));
    for (const event of events.slice(half)) encoder.write(event);
    expect([...encoder.replay()]).toEqual(events);
    expect([...encoder.replay()]).toEqual(events);
    expect(encoder.finish().digest).toBe(encodeEventLog(events).digest);
    expect(() => encoder.write(events[0] as MasecEvent)).toThrow('event log already finished');
  });

  it('an empty log has the empty digest', () => {
    expect(new StreamingLogEncoder().finish()).toMatchObject({ digest: encodeEventLog([]).digest, count: 0 });
  });
});
