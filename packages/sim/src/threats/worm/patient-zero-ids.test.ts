// threat: worm — explicit patient zeros (`patientZeroIds`) and `seedAgents`, which `masec blast-radius` uses.
import { describe, expect, it } from 'vitest';
import { testServices } from '@masec/defenses/testing';
import { type Scenario, ScenarioSchema, isMasecError } from '@masec/spec';
import { createRegistries } from '../../registries.js';
import { runMessageEngine } from '../../run/run-scenario.js';
import { fakeWorld } from '../../engine/test-helpers.js';
import { parseScenario } from '../../scenario/load.js';
import { worm } from './definition.js';

const registries = createRegistries();

function scenario(wormConfig: Record<string, unknown>, count = 30): Scenario {
  return ScenarioSchema.parse({
    id: 'worm-pz',
    rounds: 12,
    agents: { count, records: 2, policy: { id: 'email-assistant', config: { compliance: 0.9, susceptibility: 1 } } },
    topology: { kind: 'barabasi-albert', m: 2 },
    threats: [{ id: 'worm', config: wormConfig }],
  });
}

const benign = Array.from({ length: 6 }, (_, i) => ({ id: `a${i}`, index: i, role: 'benign' as const }));

describe('threat: worm — patientZeroIds', () => {
  it('plants the payload in exactly the named agents, in order, without drawing from the world stream', () => {
    const planted: string[] = [];
    const instance = worm.create(worm.configSchema.parse({ patientZeroIds: ['a4', 'a1'] }), testServices());
    // fakeWorld's rng throws on every call: a draw would fail the test.
    instance.setup(
      fakeWorld(benign, {
        addAdversary: (id) => ({ id, index: 6, role: 'adversary' }),
        plantMemory: (agent) => void planted.push(agent),
        addOracle: () => undefined,
      }),
    );
    expect(planted).toEqual(['a4', 'a1']);
  });

  it('refuses an id that is not a benign agent of the run', () => {
    const instance = worm.create(worm.configSchema.parse({ patientZeroIds: ['a9'] }), testServices());
    const world = fakeWorld(benign, { addAdversary: (id) => ({ id, index: 6, role: 'adversary' }), addOracle: () => undefined });
    expect(() => instance.setup(world)).toThrow("worm.patientZeroIds: 'a9' is not a benign agent of this run");
  });

  it('a run seeded at a7 starts from a7: the first compromise is a7 acting on its planted item', async () => {
    const s = scenario({ patientZeroIds: ['a7'] });
    const out = await runMessageEngine({ scenario: s, seed: 5, arm: 'x', defenses: [], registries });
    const first = out.events.find((e) => e.type === 'agent-compromise');
    expect(first).toMatchObject({ agent: 'a7', via: expect.stringMatching(/^planted:worm:a7:/) });
    // The same seed with another patient zero starts elsewhere.
    const other = await runMessageEngine({ scenario: scenario({ patientZeroIds: ['a3'] }), seed: 5, arm: 'x', defenses: [], registries });
    expect(other.events.find((e) => e.type === 'agent-compromise')).toMatchObject({ agent: 'a3' });
  });

  it('seedAgents replaces the count and any earlier ids with the given agents', () => {
    const config = worm.configSchema.parse({ patientZeros: 3, variant: 'polite' });
    const seeded = worm.seedAgents?.(config, ['a2']);
    expect(seeded).toEqual({ attacker: 'attacker', variant: 'polite', variants: config.variants, entry: 'memory', patientZeroIds: ['a2'] });
    expect(worm.checkScenario?.(seeded!, scenario({}))).toEqual([]);
  });
});

describe('threat: worm — patientZeroIds checks at load', () => {
  const text = (config: string) => `id: pz
rounds: 5
agents: { count: 10, policy: { id: email-assistant } }
topology: { kind: ring }
threats:
  - id: worm
    config: ${config}
`;
  const issues = (config: string) => {
    try {
      parseScenario(text(config), { file: 'pz.yaml', registries });
    } catch (error) {
      if (isMasecError(error)) return error.issues.map((i) => `${i.path}: ${i.message}`);
      throw error;
    }
    return [];
  };

  it('accepts agents that exist, and the count when it matches', () => {
    expect(issues('{ patientZeroIds: [a0, a9] }')).toEqual([]);
    expect(issues('{ patientZeroIds: [a0, a9], patientZeros: 2 }')).toEqual([]);
  });

  it('names the bad entry: out of range, listed twice, malformed, or a count that disagrees', () => {
    expect(issues('{ patientZeroIds: [a10] }')).toEqual(["threats[0].config.patientZeroIds[0]: no agent 'a10': agents are a0 to a9"]);
    expect(issues('{ patientZeroIds: [a1, a1] }')).toEqual(["threats[0].config.patientZeroIds[1]: 'a1' is listed twice"]);
    expect(issues('{ patientZeroIds: [bob] }')).toEqual(["threats[0].config.patientZeroIds[0]: must be a benign agent id: a0, a1, ... (agent i of agents.count) (got 'bob')"]);
    expect(issues('{ patientZeroIds: [a1], patientZeros: 3 }')).toEqual([
      'threats[0].config.patientZeros: 3 patient zeros but patientZeroIds names 1; leave patientZeros out',
    ]);
  });
});
