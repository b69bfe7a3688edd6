// Metrics of the coordination threats sybil and stealth, on hand-written logs.
import { describe, expect, it } from 'vitest';
import type { EventLogView, MasecEvent } from '@masec/spec';
import { SYBIL_METRICS } from './sybil.js';
import { STEALTH_METRICS } from './stealth.js';

const start = (adversaries: string[], monitors: string[] = []): MasecEvent =>
  ({ type: 'run-start', round: 0, scenario: 's', seed: 1, arm: 'x', agents: 4, benign: 2, defenses: monitors, monitors, adversaries }) as MasecEvent;
const view = (events: MasecEvent[], rounds: number): EventLogView => ({ events, rounds, agents: 4, benign: 2 });
const metric = (list: typeof SYBIL_METRICS, id: string) => list.find((m) => m.id === id) as (typeof SYBIL_METRICS)[number];

describe('stealth metrics (stealth)', () => {
  const send = (id: string, round: number, from = 'x0', malicious = true): MasecEvent =>
    ({ type: 'message-send', round, id, from, to: 'a0', channel: 'inbox', chars: 10, malicious, threat: malicious ? 'stealth' : undefined }) as MasecEvent;
  const log = view(
    [
      start(['x0', 'x1'], ['content-detector']),
      send('m0.0', 0),
      send('m0.1', 0, 'x1'),
      send('m0.2', 0, 'a1', false), // benign mail is not a probe
      { type: 'message-block', round: 0, id: 'm0.0', guard: 'content-detector', code: 'INJECTION_DETECTED', reason: 'r' },
      send('m2.0', 2),
      send('m2.1', 2, 'x1'),
      { type: 'guard-verdict', round: 2, id: 'm2.0', guard: 'provenance-tagging', action: 'flag', reason: 'not a monitor' },
      send('m4.0', 4),
      send('m4.1', 4, 'x1'),
      { type: 'guard-verdict', round: 4, id: 'm4.1', guard: 'content-detector', action: 'flag', score: 0.7, reason: 'r' },
    ],
    6,
  );
  const value = (id: string) => metric(STEALTH_METRICS, id).reduce(log);

  it('counts a probe as caught when blocked or flagged by a monitor, per iteration', () => {
    expect(value('evasion-rate')).toBeCloseTo(4 / 6);
    expect(value('first-evasion')).toBe(0.5);
    expect(value('final-evasion')).toBe(0.5); // the last quarter of 3 iterations: the last one
    expect(value('iterations-to-evade')).toBe(2);
    expect(metric(STEALTH_METRICS, 'evasion-rate').series?.(log)).toEqual([0.5, 0.5, 1, 1, 0.5, 0.5]);
  });

  it('is undefined without probes', () => {
    expect(metric(STEALTH_METRICS, 'evasion-rate').reduce(view([start(['x0'])], 4))).toBeNull();
    expect(metric(STEALTH_METRICS, 'iterations-to-evade').reduce(view([start(['x0'])], 4))).toBeNull();
  });
});

describe('sybil metrics (sybil)', () => {
  const ballot = (round: number, contested: boolean, captured: boolean, honest: number, sybil: number): MasecEvent =>
    ({ type: 'environment-step', round, environment: 'ballot', moves: 0, state: { contested, captured, 'honest-members': honest, 'sybil-members': sybil, sybils: 4 } }) as MasecEvent;
  const join = (agent: string, round: number, allowed: boolean): MasecEvent =>
    ({ type: 'tool-call', round, id: `t${round}${agent}`, agent, tool: 'join', chars: 0, malicious: false, allowed }) as MasecEvent;
  const log = view(
    [
      start(['s0', 's1', 's2', 's3']),
      join('a0', 0, true),
      join('a1', 0, false),
      join('s0', 1, true),
      { type: 'agent-state', round: 0, agent: 'a0', key: 'identity-work', value: 300 },
      { type: 'agent-state', round: 0, agent: 'a1', key: 'identity-work', value: 100 },
      ballot(0, false, false, 1, 0),
      join('a1', 3, true),
      ballot(1, true, true, 2, 1),
      ballot(2, true, false, 2, 1),
      ballot(3, true, true, 2, 2),
    ],
    4,
  );
  const value = (id: string) => metric(SYBIL_METRICS, id).reduce(log);

  it('reads outcome control from contested decisions, membership from the last, costs from joins and reports', () => {
    expect(value('outcome-control')).toBeCloseTo(2 / 3);
    expect(metric(SYBIL_METRICS, 'outcome-control').series?.(log)).toEqual([0, 1, 0, 1]);
    expect(value('sybil-member-share')).toBe(0.5);
    expect(value('sybils-admitted')).toBe(0.5);
    expect(value('honest-admitted')).toBe(1);
    expect(value('admission-delay')).toBe(1.5); // a0 at once, a1 three rounds after its first attempt
    expect(value('identity-work')).toBe(200);
  });
});
