import { describe, expect, it } from 'vitest';
import type { EventLogSink, MasecEvent } from '@masec/spec';
import { EventLog } from './event-log.js';

/** A sink that keeps what it is given (standing in for the runner's encoder). */
function memorySink(): EventLogSink & { written: MasecEvent[] } {
  const written: MasecEvent[] = [];
  return { written, write: (e) => void written.push(e), replay: () => written.slice() };
}

const end: MasecEvent = { type: 'run-end', round: 1, status: 'ok' };
const round: MasecEvent = { type: 'round-end', round: 0, sent: 0, delivered: 0, blocked: 0 };

describe('event log', () => {
  it('without a sink keeps every event in memory', () => {
    const log = new EventLog();
    expect(log.push(round, end)).toBe(2);
    expect([log.keeps, log.length, log.kept(), [...log.events()], log.last()]).toEqual([true, 2, [round, end], [round, end], end]);
  });

  it('with a sink and keep=false writes every event there, keeps none, and reads them back on every iteration', () => {
    const sink = memorySink();
    const log = new EventLog(sink, false);
    log.push(round);
    log.push(end);
    expect(sink.written).toEqual([round, end]);
    expect([log.keeps, log.kept(), log.length, log.last()]).toEqual([false, [], 2, end]);
    const events = log.events();
    expect([...events]).toEqual([round, end]);
    expect([...events]).toEqual([round, end]);
  });

  it('with a sink and keep=true does both', () => {
    const sink = memorySink();
    const log = new EventLog(sink, true);
    log.push(round, end);
    expect([sink.written, log.kept()]).toEqual([
      [round, end],
      [round, end],
    ]);
  });
});
