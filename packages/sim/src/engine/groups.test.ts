// Agent groups with their own policy and role (benign, adversary, neutral), and corrupted colluders that keep
// their own policy under a threat's wrapper (ADR 0017).
import { describe, expect, it } from 'vitest';
import { type AgentView, type PolicyDefinition, Registry } from '@masec/spec';
import { z } from 'zod';
import { parseScenario } from '../scenario/load.js';
import { createRegistries } from '../registries.js';
import { runMessageEngine } from '../run/run-scenario.js';
import { lab, ofType, once, scenario } from './test-helpers.js';

const groups = [
  { name: 'makers', count: 1, role: 'neutral', policy: { id: 'actor', config: {} } },
  { name: 'colluders', count: 1, role: 'adversary', policy: { id: 'actor', config: {} } },
];

describe('agent groups and roles', () => {
  it('groups take a0, a1, ... in order, with their role and name; the rest run agents.policy as benign agents', async () => {
    const seen = new Map<string, AgentView>();
    const look = (obs: { self: AgentView; round: number }) => {
      if (obs.round === 0) seen.set(obs.self.id, obs.self);
      return [];
    };
    const regs = lab({ a0: look, a1: look, a2: look, a3: look }, () => undefined);
    const s = scenario({ agents: { count: 4, records: 1, policy: { id: 'actor', config: {} }, groups } });
    const { events } = await runMessageEngine({ scenario: s, seed: 1, arm: 'x', defenses: [], registries: regs });
    expect([...seen.values()]).toEqual([
      { id: 'a0', index: 0, role: 'neutral', group: 'makers' },
      { id: 'a1', index: 1, role: 'adversary', group: 'colluders' },
      { id: 'a2', index: 2, role: 'benign' },
      { id: 'a3', index: 3, role: 'benign' },
    ]);
    expect(events[0]).toMatchObject({ type: 'run-start', agents: 4, benign: 2, adversaries: ['a1'], neutral: ['a0'] });
  });

  it('each group runs its own policy', async () => {
    const base = createRegistries();
    const named = (id: string): PolicyDefinition<Record<string, never>> => ({
      id,
      specVersion: 'v1',
      description: `reports '${id}'`,
      configSchema: z.strictObject({}),
      create: () => ({ specVersion: 'v1', act: (obs) => (obs.round === 0 ? [{ kind: 'state', key: 'policy', value: id }] : []) }),
    });
    const regs = { ...base, policies: new Registry<PolicyDefinition<unknown>>('policy', [named('red'), named('blue')] as PolicyDefinition<unknown>[]) };
    const s = scenario({
      threats: [],
      agents: { count: 3, records: 0, policy: { id: 'blue', config: {} }, groups: [{ name: 'reds', count: 2, policy: { id: 'red', config: {} } }] },
    });
    const { events } = await runMessageEngine({ scenario: s, seed: 1, arm: 'x', defenses: [], registries: regs });
    expect(ofType(events, 'agent-state').map((e) => [e.agent, e.value])).toEqual([
      ['a0', 'red'],
      ['a1', 'red'],
      ['a2', 'blue'],
    ]);
  });

  it('a neutral agent is no victim: its records reaching it are not exfiltration, and an attack it acts on compromises nobody', async () => {
    const regs = lab(
      {
        // a2 (benign) mails its record to the neutral market maker a0; a0 acts on an attack (cause named).
        a2: (obs) => (obs.round === 0 ? [{ kind: 'send', to: 'a0', text: `my number is ${obs.records[0]?.value}` }] : []),
        a0: once(0, [{ kind: 'send', to: 'a3', text: 'buy now', cause: 'planted' }]),
      },
      () => undefined,
    );
    const s = scenario({ agents: { count: 4, records: 1, policy: { id: 'actor', config: {} }, groups: [groups[0]] } });
    const { events } = await runMessageEngine({ scenario: s, seed: 1, arm: 'x', defenses: [], registries: regs });
    expect(ofType(events, 'secret-leak')).toEqual([]);
    expect(ofType(events, 'agent-compromise')).toEqual([]);
    expect(ofType(events, 'message-send').map((e) => [e.from, e.to, e.malicious])).toEqual([
      ['a0', 'a3', true],
      ['a2', 'a0', false],
    ]);
  });

  it('records reaching an agent of an adversary group are exfiltration', async () => {
    const regs = lab({ a2: (obs) => (obs.round === 0 ? [{ kind: 'send', to: 'a1', text: `code ${obs.records[0]?.value}` }] : []) }, () => undefined);
    const s = scenario({ agents: { count: 4, records: 1, policy: { id: 'actor', config: {} }, groups } });
    const { events } = await runMessageEngine({ scenario: s, seed: 1, arm: 'x', defenses: [], registries: regs });
    expect(ofType(events, 'secret-leak').map((e) => [e.owner, e.to, e.external])).toEqual([['a2', 'a1', true]]);
  });

  it('a threat corrupts a colluder with a wrapper around its own policy: it keeps its job and adds the attacker\u2019s', async () => {
    const regs = lab(
      // a2's own job: mail a3 every round.
      { a2: (obs) => [{ kind: 'send', to: 'a3', text: `status ${obs.round}` }] },
      (world) => {
        world.corrupt('a2', (own, agent) => ({
          specVersion: 'v1',
          act: async (obs) => [...(await own.act(obs)), ...(obs.round === 0 ? [{ kind: 'send' as const, to: 'a0', text: `psst from ${agent.id} (${agent.role})` }] : [])],
        }));
      },
    );
    const { events } = await runMessageEngine({ scenario: scenario({ agents: { count: 4, records: 0, policy: { id: 'actor', config: {} } } }), seed: 1, arm: 'x', defenses: [], registries: regs });
    expect(events[0]).toMatchObject({ benign: 3, adversaries: ['a2'] });
    expect(ofType(events, 'message-send').filter((e) => e.round === 0).map((e) => [e.from, e.to])).toEqual([
      ['a2', 'a3'],
      ['a2', 'a0'],
    ]);
    expect(ofType(events, 'message-send').find((e) => e.to === 'a0')?.chars).toBe('psst from a2 (adversary)'.length);
  });

  it('loading checks groups: distinct names, no more agents than agents.count, a policy for the rest, message engine only', () => {
    const parse = (agents: string, extra = '') =>
      parseScenario(`id: g\nrounds: 1\ntopology: { kind: ring }\nagents:\n${agents}\n${extra}`, { file: 'g.yaml', registries: createRegistries() });
    expect(() =>
      parse('  count: 4\n  groups:\n    - { name: x, count: 3, policy: { id: scripted } }\n    - { name: x, count: 2, policy: { id: scripted } }'),
    ).toThrow(/g\.yaml:7:5: agents\.groups: the groups hold 5 agents but agents\.count is 4\n {2}g\.yaml:8:15: agents\.groups\[1\]\.name: duplicate group name 'x' \(also used by agents\.groups\[0\]\)/);
    expect(() => parse('  count: 4\n  groups:\n    - { name: x, count: 3, policy: { id: scripted } }')).toThrow(/the message engine needs agents\.policy for the 1 agents outside groups/);
    expect(() => parse('  count: 3\n  groups:\n    - { name: x, count: 3, policy: { id: scripted } }')).not.toThrow();
    expect(() => parse('  count: 3\n  groups:\n    - { name: x, count: 3, policy: { id: nope } }')).toThrow(/agents\.groups\[0\]\.policy\.id: unknown policy 'nope'/);
    expect(() =>
      parse('  count: 3\n  groups:\n    - { name: x, count: 3, policy: { id: scripted } }', 'engine: population\npopulation: {}'),
    ).toThrow(/agent groups run on the message engine only/);
  });
});
