// Threat swarm: many members, each under per-agent thresholds, jointly overwhelm one target.
import { describe, expect, it } from 'vitest';
import { type MasecEvent, type Scenario, ScenarioSchema } from '@masec/spec';
import { createRegistries } from '../../registries.js';
import { runMessageEngine } from '../../run/run-scenario.js';
import { swarm } from './definition.js';

const registries = createRegistries();

function scenario(threat: Record<string, unknown> = {}, defenses: unknown[] = []): Scenario {
  return ScenarioSchema.parse({
    id: 'swarm-test',
    rounds: 8,
    agents: { count: 6, records: 0, policy: { id: 'stochastic', config: { sendRate: 0, replyRate: 0 } } },
    topology: { kind: 'star' },
    channel: { kind: 'direct' },
    threats: [{ id: 'swarm', config: { capacity: 4, members: 8, start: 1, ...threat } }],
    defenses,
  });
}

const run = (s: Scenario, seed = 1) => runMessageEngine({ scenario: s, seed, arm: 'x', defenses: s.defenses, registries });
const sends = (events: MasecEvent[]) => events.filter((e): e is Extract<MasecEvent, { type: 'message-send' }> => e.type === 'message-send');

describe('threat: swarm', () => {
  it('each member sends the target one near-identical complaint a round from `start`, all recognised as the swarm\u2019s', async () => {
    const out = await run(scenario());
    const swarmSends = sends(out.events).filter((e) => e.from.startsWith('swarm-'));
    expect(swarmSends.length).toBe(8 * 7); // rounds 1..7
    expect(new Set(swarmSends.map((e) => e.to))).toEqual(new Set(['a0']));
    expect(swarmSends.every((e) => e.malicious && e.threat === 'swarm')).toBe(true);
    for (let r = 1; r < 8; r++) expect(new Set(swarmSends.filter((e) => e.round === r).map((e) => e.from)).size).toBe(8);
    // 8 arrive a round against a capacity of 4: the whole capacity is taken in every round they arrive in (2..7).
    expect(out.metrics['swarm-damage']).toBe(1);
    expect(out.metrics['swarm-share']).toBe(1); // the leaves send nothing: all the target gets is the swarm's
    expect(out.judges['swarm']).toMatchObject({ success: true, score: 1 });
    expect(out.judges['swarm']?.summary).toBe("the swarm took 100% of a0's capacity of 4 a round; 48/48 of its messages delivered; no benign mail to the target served");
  });

  it('damage is the swarm\u2019s share of capacity: 2 members against a capacity of 4 take half', async () => {
    const out = await run(scenario({ members: 2 }));
    expect(out.metrics['swarm-damage']).toBe(0.5);
    expect(out.judges['swarm']).toMatchObject({ success: true, score: 0.5 });
    const fewer = await run(scenario({ members: 1 }));
    expect(fewer.judges['swarm']).toMatchObject({ success: false, score: 0.25 });
  });

  it('swarm-share is the swarm\u2019s part of what the target received; target-benign-served shares the capacity', async () => {
    const s = ScenarioSchema.parse({ ...scenario(), agents: { count: 6, records: 0, policy: { id: 'stochastic', config: { sendRate: 1, replyRate: 0 } } } });
    const out = await run(s);
    // 5 leaves mail a0 every round (sends of rounds 0-6 arrive); 8 members from round 1 (arrive in rounds 2-7).
    expect(out.metrics['swarm-share']).toBe(48 / 83);
    // Round 1: 5 benign for 4 slots; rounds 2-7: 13 arrive for 4 slots, so each benign one gets 4/13.
    expect(out.metrics['target-benign-served']).toBeCloseTo((4 + 6 * 5 * (4 / 13)) / 35, 12);
  });

  it('with every: 2 members alternate rounds, and attackRounds ends the attack', async () => {
    const out = await run(scenario({ every: 2, attackRounds: 3 }));
    const swarmSends = sends(out.events).filter((e) => e.from.startsWith('swarm-'));
    expect([...new Set(swarmSends.map((e) => e.round))]).toEqual([1, 2, 3]);
    for (const r of [1, 2, 3]) expect(swarmSends.filter((e) => e.round === r).length).toBe(4);
  });

  it('timing first puts the swarm ahead of every agent in a round; timing last after them', async () => {
    const chatty = (timing: string) => ScenarioSchema.parse({ ...scenario({ timing }), agents: { count: 6, records: 0, policy: { id: 'stochastic', config: { sendRate: 1, replyRate: 0 } } } });
    const order = async (timing: string) => sends((await run(chatty(timing))).events).filter((e) => e.round === 3).map((e) => e.from.startsWith('swarm-'));
    const first = await order('first');
    expect(first.indexOf(false)).toBe(8);
    const last = await order('last');
    expect(last.indexOf(true)).toBe(last.filter((s) => !s).length);
  });

  it('a per-sender rate limit the members stay under changes nothing; a group budget on them cuts the damage', async () => {
    const perAgent = await run(scenario({}, [{ id: 'rate-limit', config: { perAgent: { burst: 3, rate: 1 } } }]));
    expect(perAgent.metrics['swarm-damage']).toBe(1);
    expect(perAgent.metrics['swarm-refused']).toBe(0);
    const group = await run(scenario({}, [{ id: 'rate-limit', config: { joint: [{ by: 'group', burst: 1, rate: 1 }], groups: [{ name: 'swarm', members: ['swarm-*'] }] } }]));
    expect(group.metrics['swarm-damage']).toBe(0.25);
    expect(group.metrics['swarm-refused']).toBe(42 / 48); // one of 8 a round gets through, rounds 1..6 counted
  });

  it('with wording varied each member words it its own way, and every message is still recognised as the swarm\u2019s', async () => {
    const texts = (await run(scenario({ wording: 'varied' }))).events;
    const round2 = sends(texts).filter((e) => e.from.startsWith('swarm-') && e.round === 2);
    expect(round2.length).toBe(8);
    expect(round2.every((e) => e.malicious && e.threat === 'swarm' && e.variant === 'varied')).toBe(true);
    const { swarmComplaint } = await import('../../vocabulary/swarm.js');
    const words = (t: string) => new Set(t.toLowerCase().split(/\W+/));
    const a = words(swarmComplaint(0, 2, 'varied'));
    const b = words(swarmComplaint(1, 2, 'varied'));
    const shared = [...a].filter((w) => b.has(w)).length;
    expect(shared / (a.size + b.size - shared)).toBeLessThan(0.3);
    expect(swarmComplaint(0, 2)).toMatch(/^Order \d+ arrived broken/);
  });

  it('is refused at load when the target is not an agent or the swarm would start after the end', () => {
    const s = scenario();
    expect(swarm.checkScenario?.(swarm.configSchema.parse({ target: 'a9' }), s)).toEqual([{ path: ['target'], message: "'a9' is not one of the 6 agents a0..a5" }]);
    expect(swarm.checkScenario?.(swarm.configSchema.parse({ start: 8 }), s)).toEqual([{ path: ['start'], message: 'the swarm would start after the last round (7)' }]);
  });
});
