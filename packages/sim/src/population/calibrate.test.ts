// The calibration tally on hand-made event logs, counted by hand: which rounds are trials and which are events.
import type { MasecEvent, PluginRef } from '@masec/spec';
import { describe, expect, it } from 'vitest';
import { createRegistries } from '../registries.js';
import { type CalibrationRun, addTallies, calibrateArm, detectionEventFor, tallyRun } from './calibrate.js';

const AGENTS = ['a0', 'a1', 'a2', 'a3'];
/** Complete graph on four agents: everyone can reach everyone, every round. */
const K4 = { of: (i: number) => AGENTS.filter((_, j) => j !== i), adjacent: (a: number, b: number) => a !== b };

const send = (round: number, id: string, from: string, to: string, malicious: boolean): MasecEvent => ({
  type: 'message-send',
  round,
  id,
  from,
  to,
  channel: 'direct',
  chars: 10,
  malicious,
});

/**
 * Five rounds. a0 is patient zero (a planted item), spreads in rounds 0–1 and then stops (recovered).
 * a1 is infected by a0's message in round 1 and spreads to the end (censored). a2 is infected by a1's message
 * in round 3, spreads once and stops. a3 is never infected. A monitor flags a1's mail in round 2 and a3's
 * benign mail in round 2; a guard that is not a monitor flags a2's mail (ignored). With `quarantine`,
 * a1 is isolated in round 3 (its later mail is still logged, as the engine does).
 */
function log(quarantine: boolean): MasecEvent[] {
  return [
    { type: 'run-start', round: 0, scenario: 's', seed: 1, arm: 'x', agents: 5, benign: 4, defenses: ['content-detector', 'quarantine'], monitors: ['content-detector'] },
    send(0, 'm0.0', 'a0', 'a1', true),
    { type: 'agent-compromise', round: 0, agent: 'a0', threat: 'worm', via: 'planted:worm:a0:0' },
    send(0, 'm0.1', 'a0', 'a2', true),
    send(1, 'm1.0', 'a0', 'a3', true),
    send(1, 'm1.1', 'a1', 'a2', true),
    { type: 'agent-compromise', round: 1, agent: 'a1', threat: 'worm', via: 'm0.0' },
    send(2, 'm2.0', 'a1', 'a2', true),
    { type: 'guard-verdict', round: 2, id: 'm2.0', guard: 'content-detector', action: 'flag', score: 0.9, reason: 'injection' },
    send(2, 'm2.1', 'a3', 'a0', false),
    { type: 'guard-verdict', round: 2, id: 'm2.1', guard: 'content-detector', action: 'flag', score: 0.6, reason: 'pii' },
    send(3, 'm3.0', 'a1', 'a3', true),
    ...(quarantine ? [{ type: 'agent-quarantine', round: 3, agent: 'a1', guard: 'quarantine', reason: '2 flagged message(s)' } as MasecEvent] : []),
    send(3, 'm3.1', 'a2', 'a3', true),
    { type: 'agent-compromise', round: 3, agent: 'a2', threat: 'worm', via: 'm2.0' },
    { type: 'guard-verdict', round: 3, id: 'm3.1', guard: 'other-guard', action: 'flag', score: 1, reason: 'not a monitor' },
    send(4, 'm4.0', 'a1', 'a0', true),
    { type: 'run-end', round: 5, status: 'ok' },
  ];
}

const run = (quarantine: boolean): CalibrationRun => ({ events: log(quarantine), agents: AGENTS, contacts: K4 });

describe('tallyRun', () => {
  it('counts exposures, recoveries, flags and false flags round by round', () => {
    const tally = tallyRun(run(false), { detection: 'flag' });
    // Round 0: a0 exposes a1, a2, a3 (a1 infected). Round 1: a0 and a1 expose a2 and a3 (two contacts each).
    // Round 2: a1 exposes a2 (infected) and a3. Round 3: a1 and a2 expose a3.
    expect([...tally.exposures].sort(([a], [b]) => a - b)).toEqual([
      [1, { exposed: 5, infected: 2 }],
      [2, { exposed: 3, infected: 0 }],
    ]);
    // a0: rounds 0, 1, recovers after 1. a1: rounds 1–3 observable (round 4 is the last), censored. a2: round 3, recovers.
    expect(tally.recovery).toEqual({ events: 2, trials: 6 });
    // Compromised rounds: a0 0–1, a1 1–4, a2 3; a1 flagged in round 2.
    expect(tally.detection).toEqual({ events: 1, trials: 7 });
    // Other rounds: a0 2–4, a1 0, a2 0–2 and 4, a3 0–4; a3 flagged in round 2.
    expect(tally.falsePositive).toEqual({ events: 1, trials: 13 });
    expect(tally).toMatchObject({ runs: 1, infections: 2, seeded: 1, offGraph: 0, afterIsolation: 0 });
  });

  it('with quarantine, counts isolation as detection and ends the agent’s rounds there', () => {
    const tally = tallyRun(run(true), { detection: 'quarantine' });
    // a1 spreads only in rounds 1–2 now; round 3 is a2 alone exposing a3.
    expect([...tally.exposures].sort(([a], [b]) => a - b)).toEqual([
      [1, { exposed: 6, infected: 2 }],
      [2, { exposed: 2, infected: 0 }],
    ]);
    expect(tally.recovery).toEqual({ events: 2, trials: 5 });
    // a1 at risk in rounds 1–3 and quarantined in 3; flags alone no longer count.
    expect(tally.detection).toEqual({ events: 1, trials: 6 });
    expect(tally.falsePositive).toEqual({ events: 0, trials: 13 });
  });

  it('counts an infection without a compromised contact as one contact, and one after isolation nowhere', () => {
    // Nobody has contacts in round 2, so a2's infection in round 3 (by a1's mail) is off the graph.
    const noneInRound2 = { of: (i: number, round: number) => (round === 2 ? [] : K4.of(i)), adjacent: K4.adjacent };
    const tally = tallyRun({ events: log(false), agents: AGENTS, contacts: noneInRound2 }, { detection: 'flag' });
    expect(tally).toMatchObject({ infections: 2, offGraph: 1 });
    expect(tally.exposures.get(1)).toEqual({ exposed: 4, infected: 2 });
    // a3 isolated in round 0 and "compromised" later is no infection.
    const isolated = [
      ...log(false).slice(0, -1),
      { type: 'agent-quarantine', round: 0, agent: 'a3', guard: 'quarantine', reason: 'x' } as MasecEvent,
      send(4, 'm4.9', 'a3', 'a0', true),
      { type: 'agent-compromise', round: 4, agent: 'a3', threat: 'worm', via: 'm3.1' } as MasecEvent,
      { type: 'run-end', round: 5, status: 'ok' } as MasecEvent,
    ];
    expect(tallyRun({ events: isolated, agents: AGENTS, contacts: K4 }, { detection: 'quarantine' })).toMatchObject({ infections: 2, afterIsolation: 1 });
  });

  it('leaves out agents a threat controls, when the log lists them: not susceptible, and what they infect is seeded', () => {
    // a3 is corrupted (an adversary in the topology); a2 is infected by a3's mail instead of a1's.
    const events = log(false).map((e) => {
      if (e.type === 'run-start') return { ...e, adversaries: ['attacker', 'a3'] } as MasecEvent;
      if (e.type === 'agent-compromise' && e.agent === 'a2') return { ...e, via: 'm2.1' };
      return e;
    });
    const tally = tallyRun({ events, agents: AGENTS, contacts: K4 }, { detection: 'flag' });
    // Round 0: a1, a2 exposed (a1 infected); round 1: a2 by two; round 2: a2 by one (a2 is seeded, so not
    // counted infected); round 3: nobody left to expose.
    expect([...tally.exposures].sort(([a], [b]) => a - b)).toEqual([
      [1, { exposed: 3, infected: 1 }],
      [2, { exposed: 1, infected: 0 }],
    ]);
    expect(tally).toMatchObject({ infections: 1, seeded: 2 });
    // a3's rounds are no false-positive trials, and its flag no false positive.
    expect(tally.falsePositive).toEqual({ events: 0, trials: 8 });
  });

  it('refuses a log without run-end or of a failed run', () => {
    expect(() => tallyRun({ events: log(false).slice(0, -1), agents: AGENTS, contacts: K4 }, { detection: 'flag' })).toThrow(/without run-end/);
    const failed = [...log(false).slice(0, -1), { type: 'run-end', round: 5, status: 'error', error: 'boom' } as MasecEvent];
    expect(() => tallyRun({ events: failed, agents: AGENTS, contacts: K4 }, { detection: 'flag' })).toThrow(/failed run: boom/);
  });
});

describe('calibrateArm', () => {
  it('pools runs and estimates from the pooled counts', () => {
    const one = tallyRun(run(false), { detection: 'flag' });
    const both = addTallies(one, one);
    expect(both.recovery).toEqual({ events: 4, trials: 12 });
    expect(both.exposures.get(1)).toEqual({ exposed: 10, infected: 4 });
    expect(one.exposures.get(1)).toEqual({ exposed: 5, infected: 2 }); // the parts are not changed

    const arm = calibrateArm([run(false), run(false)], { detection: 'flag' });
    expect(arm.runs).toBe(2);
    expect(arm.recovery).toMatchObject({ estimate: 4 / 12, events: 4, trials: 12 });
    expect(arm.detection).toMatchObject({ estimate: 2 / 14, events: 2, trials: 14 });
    expect(arm.falsePositive).toMatchObject({ estimate: 2 / 26, events: 2, trials: 26 });
    // Transmission: 4 infections over 10 single and 6 double exposures (22 contacts).
    expect(arm.transmission).toMatchObject({ events: 4, trials: 22 });
    expect(arm.diagnostics.meanContacts).toBeCloseTo(22 / 16, 12);
    expect(arm.diagnostics.perContactRatio.estimate).toBeCloseTo(4 / 22, 12);
    expect(arm.transmission.estimate).toBeGreaterThan(4 / 22);
    expect(() => calibrateArm([], { detection: 'flag' })).toThrow(RangeError);
  });
});

describe('detectionEventFor', () => {
  it('is quarantine when the arm isolates flagged agents, else a flag', () => {
    const { defenses } = createRegistries();
    const parsed = (id: string): PluginRef => ({ id, config: defenses.get(id).configSchema.parse({}) as Record<string, unknown> });
    const [detector, quarantine] = [parsed('content-detector'), parsed('quarantine')];
    expect(detectionEventFor([], defenses)).toBe('flag');
    expect(detectionEventFor([detector], defenses)).toBe('flag');
    expect(detectionEventFor([detector, quarantine], defenses)).toBe('quarantine');
  });
});
