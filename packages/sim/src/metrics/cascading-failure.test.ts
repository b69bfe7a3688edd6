// Metrics of the cascading-failure threat, reduced from agent-state health reports.
import { describe, expect, it } from 'vitest';
import type { EventLogView, MasecEvent } from '@masec/spec';
import { agentRoundsDown, downAtEnd, healthTimeline, peakDown, peakImpaired, recoveryTime, requestsFailed } from './cascading-failure.js';
import { BUILTIN_METRICS } from './definitions.js';

const start: MasecEvent = { type: 'run-start', round: 0, scenario: 's', seed: 1, arm: 'a', agents: 5, benign: 4, defenses: [], monitors: [], adversaries: ['a4'] };
const health = (round: number, agent: string, value: string): MasecEvent => ({ type: 'agent-state', round, agent, key: 'health', value });
const failed = (round: number, agent: string, value: number): MasecEvent => ({ type: 'agent-state', round, agent, key: 'failed', value });
const log = (events: MasecEvent[], rounds = 6): EventLogView => ({ events: [start, ...events], rounds, agents: 5, benign: 4 });

describe('cascading-failure metrics', () => {
  // a0 degraded in round 1, down in rounds 2–3, up from 4; a1 down in round 2, degraded in 3, up from 4;
  // a4 is the corrupted agent: its reports do not count.
  const recovered = log([
    health(1, 'a0', 'degraded'),
    failed(1, 'a0', 3),
    health(1, 'a4', 'down'),
    failed(1, 'a4', 100),
    health(2, 'a0', 'down'),
    health(2, 'a1', 'down'),
    failed(2, 'a1', 5),
    health(3, 'a1', 'degraded'),
    health(4, 'a0', 'up'),
    health(4, 'a1', 'up'),
  ]);

  it('rebuilds who is down and impaired at the end of each round from health changes', () => {
    expect(healthTimeline(recovered)).toEqual({ down: [0, 0, 2, 1, 0, 0], impaired: [0, 1, 2, 2, 0, 0], failed: 8 });
    expect(peakDown.series?.(recovered)).toEqual([0, 0, 0.5, 0.25, 0, 0]);
  });

  it('reduces to peak fractions, agent-rounds down, down at the end, time to recover and requests failed', () => {
    expect(peakDown.reduce(recovered)).toBe(0.5);
    expect(peakImpaired.reduce(recovered)).toBe(0.5);
    expect(agentRoundsDown.reduce(recovered)).toBe(3);
    expect(downAtEnd.reduce(recovered)).toBe(0);
    // Peak of the impaired count first reached in round 2; everyone up again in round 4.
    expect(recoveryTime.reduce(recovered)).toBe(2);
    expect(requestsFailed.reduce(recovered)).toBe(8);
  });

  it('leaves time to recover undefined when nothing failed or the system never recovered', () => {
    expect(recoveryTime.reduce(log([]))).toBeNull();
    const stuck = log([health(1, 'a0', 'down'), health(2, 'a1', 'degraded')]);
    expect(recoveryTime.reduce(stuck)).toBeNull();
    expect(downAtEnd.reduce(stuck)).toBe(0.25);
    expect(peakImpaired.reduce(stuck)).toBe(0.5);
    expect(peakDown.reduce(log([]))).toBe(0);
  });

  it('are built-in metrics', () => {
    const ids = BUILTIN_METRICS.map((m) => m.id);
    for (const id of ['peak-down', 'peak-impaired', 'agent-rounds-down', 'down-at-end', 'recovery-time', 'requests-failed']) expect(ids).toContain(id);
  });
});
