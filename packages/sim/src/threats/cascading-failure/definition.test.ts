import { describe, expect, it } from 'vitest';
import { testServices } from '@masec/defenses/testing';
import { type InstructionOracle, type MasecEvent, type Scenario, ScenarioSchema } from '@masec/spec';
import { createRegistries } from '../../registries.js';
import { runMessageEngine } from '../../run/run-scenario.js';
import { fakeWorld } from '../../engine/test-helpers.js';
import type { InjectedMessage } from '@masec/spec';
import { parseScenario } from '../../scenario/load.js';
import { BURST_PATH, cascadingFailure } from './definition.js';

const registries = createRegistries();

function scenario(overrides: Record<string, unknown> = {}, threat: Record<string, unknown> = {}): Scenario {
  return ScenarioSchema.parse({
    id: 'cascade-test',
    rounds: 24,
    agents: { count: 40, records: 0, policy: { id: 'service', config: {} } },
    topology: { kind: 'tree', branching: 3 },
    channel: { kind: 'direct' },
    threats: [{ id: 'cascading-failure', config: { burst: 30, start: 2, duration: 6, ...threat } }],
    ...overrides,
  });
}

const run = (s: Scenario, seed: number, defenses = s.defenses) => runMessageEngine({ scenario: s, seed, arm: 'x', defenses, registries });
const ofType = <T extends MasecEvent['type']>(events: MasecEvent[], type: T) => events.filter((e) => e.type === type) as Extract<MasecEvent, { type: T }>[];

describe('threat: cascading-failure', () => {
  it('injects the burst in the faulty agent’s name at each of its providers, for `duration` rounds, and recognises it', () => {
    const injected: InjectedMessage[] = [];
    let oracle: InstructionOracle | undefined;
    const agents = Array.from({ length: 6 }, (_, i) => ({ id: `a${i}`, index: i, role: 'benign' as const }));
    // a5 depends on a1 and a2 (lower index); a0 has no provider and cannot be chosen.
    const contacts: Record<string, string[]> = { a0: ['a1', 'a2'], a1: ['a0', 'a5'], a2: ['a0', 'a5'], a3: [], a4: [], a5: ['a1', 'a2'] };
    const picked: string[][] = [];
    cascadingFailure.create(cascadingFailure.configSchema.parse({ burst: 2, start: 3, duration: 2 }), testServices()).setup(
      fakeWorld(agents, {
        rng: { next: () => 0, int: () => 0, chance: () => false, pick: <T>(xs: readonly T[]) => (picked.push(xs.map((x) => (x as { id: string }).id)), xs[xs.length - 1] as T), fork: () => { throw new Error('unused'); } },
        contacts: (agent) => contacts[agent] ?? [],
        inject: (m) => void injected.push(m),
        addOracle: (o) => (oracle = o),
      }),
    );
    expect(picked).toEqual([['a1', 'a2', 'a5']]);
    const text = (to: string) => `GET /api/${to}${BURST_PATH}`;
    expect(injected).toEqual(
      [3, 4].flatMap((round) => ['a1', 'a2'].flatMap((to) => [0, 1].map(() => ({ round, from: 'a5', to, text: text(to) })))),
    );
    expect(oracle?.find(text('a1'))).toEqual({ threat: 'cascading-failure', variant: 'burst' });
    expect(oracle?.find('GET /api/a1')).toBeUndefined();
  });

  it('without defenses the burst crashes its target and the failure spreads along dependencies and outlives the burst', async () => {
    const out = await run(scenario(), 1);
    const peakDown = out.metrics['peak-down'] as number;
    expect(peakDown).toBeGreaterThan(0);
    expect(out.metrics['peak-impaired'] as number).toBeGreaterThan(peakDown);
    expect(out.metrics['down-at-end'] as number).toBeGreaterThan(0);
    expect(out.metrics['recovery-time']).toBeNull();
    expect(out.metrics['requests-failed'] as number).toBeGreaterThan(100);
    // The burst is malicious ground truth and makes its sender the one compromised agent.
    const burst = ofType(out.events, 'message-send').filter((e) => e.malicious);
    expect(burst.length).toBe(30 * 6);
    expect(new Set(ofType(out.events, 'agent-compromise').map((e) => e.agent)).size).toBe(1);
    const impaired = (out.metrics['peak-impaired'] as number) * 40;
    expect(out.judges['cascading-failure']).toMatchObject({ success: true, score: impaired / 40, summary: expect.stringMatching(new RegExp(`^peak ${Math.round(impaired)}/40 agents down or degraded`)) });
  });

  it('the circuit-breaker defense stops the crash and lets the network recover', async () => {
    const s = scenario();
    const guarded = await run(s, 1, [{ id: 'circuit-breaker', config: {} }]);
    expect(guarded.metrics['peak-down']).toBe(0);
    expect(guarded.metrics['down-at-end']).toBe(0);
    expect(guarded.metrics['recovery-time']).toEqual(expect.any(Number));
    expect(guarded.metrics['benign-blocked'] as number).toBeGreaterThan(0);
    const blocks = ofType(guarded.events, 'message-block');
    expect(blocks.every((b) => b.guard === 'circuit-breaker')).toBe(true);
  });

  it('is deterministic: same seed, same event log', async () => {
    const s = scenario({ rounds: 12 });
    const [a, b] = [await run(s, 5), await run(s, 5)];
    expect(JSON.stringify(a.events)).toBe(JSON.stringify(b.events));
  });

  it('nothing fails without the fault: no burst, every service stays up and every task but the last rounds’ completes', async () => {
    const out = await run(scenario({}, { start: 30 }), 1);
    expect(ofType(out.events, 'agent-state')).toEqual([]);
    expect(out.metrics['peak-impaired']).toBe(0);
    expect(out.judges['cascading-failure']?.success).toBe(false);
  });

  it('checks the scenario at load: the service policy, a fixed graph, enough agents, a start within the run', () => {
    const yaml = `id: bad
rounds: 5
agents: { count: 3, policy: { id: stochastic } }
topology: { kind: random-pairing }
threats: [{ id: cascading-failure, config: { faults: 3, start: 9 } }]`;
    let message = '';
    try {
      parseScenario(yaml, { file: 'bad.yaml', registries });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/invalid scenario \(4 problems\)/);
    expect(message).toContain("threats[0].config: cascading-failure needs agents.policy 'service' or 'llm' with role service (the agents it measures report their health), got 'stochastic'");
    expect(message).toContain('threats[0].config: cascading-failure needs a fixed dependency graph; random-pairing topology has none');
    expect(message).toContain('threats[0].config.faults: 3 faulty agents but only 3 agents');
    expect(message).toContain('threats[0].config.start: the burst starts at round 9 but the run has 5 rounds');
  });
});
