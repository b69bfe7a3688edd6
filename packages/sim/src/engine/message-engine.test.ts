import { describe, expect, it } from 'vitest';
import { type MasecEvent, type PolicyDefinition, Registry, type Scenario, ScenarioSchema } from '@masec/spec';
import { z } from 'zod';
import { createRegistries } from '../registries.js';
import { runMessageEngine } from '../run/run-scenario.js';

function scenario(overrides: Record<string, unknown>): Scenario {
  return ScenarioSchema.parse({
    id: 'test',
    rounds: 4,
    agents: { count: 4, records: 1, policy: { id: 'scripted', config: {} } },
    topology: { kind: 'complete' },
    ...overrides,
  });
}

const registries = createRegistries();
const run = (s: Scenario, seed = 1) => runMessageEngine({ scenario: s, seed, arm: 'default', defenses: s.defenses, registries });
/** The records the engine gives an agent for this scenario and seed (they depend only on both). */
async function recordsOf(s: Scenario, agent: string) {
  const seen: { id: string; value: string }[] = [];
  const spy: PolicyDefinition<Record<string, never>> = {
    id: 'spy',
    specVersion: 'v1',
    description: 'captures its own records and does nothing',
    configSchema: z.strictObject({}),
    create: (_c, ctx) => ({
      specVersion: 'v1',
      act: (obs) => {
        if (ctx.agent.id === agent && obs.round === 0) seen.push(...obs.records);
        return [];
      },
    }),
  };
  const regs = { ...registries, policies: new Registry<PolicyDefinition<unknown>>('policy', [spy as PolicyDefinition<unknown>]) };
  await runMessageEngine({ scenario: { ...s, agents: { ...s.agents, policy: { id: 'spy', config: {} } } }, seed: 1, arm: 'x', defenses: [], registries: regs });
  return seen;
}

const ofType = <T extends MasecEvent['type']>(events: MasecEvent[], type: T) => events.filter((e) => e.type === type) as Extract<MasecEvent, { type: T }>[];

describe('message engine', () => {
  it('delivers a message sent in round r at the start of round r+1 and logs it', async () => {
    const s = scenario({ agents: { count: 3, records: 0, policy: { id: 'scripted', config: { steps: [{ round: 0, agent: 'a0', to: 'a1', text: 'hello', task: true }] } } } });
    const { events } = await run(s);
    expect(ofType(events, 'message-send')).toEqual([
      { type: 'message-send', round: 0, id: 'm0.0', from: 'a0', to: 'a1', channel: 'inbox', chars: 5, task: true, malicious: false },
    ]);
    expect(ofType(events, 'message-deliver')).toEqual([{ type: 'message-deliver', round: 1, id: 'm0.0', to: 'a1' }]);
    expect(events[0]).toMatchObject({ type: 'run-start', agents: 3, benign: 3, defenses: [] });
    expect(events.at(-1)).toEqual({ type: 'run-end', round: 4, status: 'ok' });
    expect(ofType(events, 'round-end').map((e) => [e.sent, e.delivered])).toEqual([
      [1, 0],
      [0, 1],
      [0, 0],
      [0, 0],
    ]);
  });

  it('blocks sends to unknown recipients with a reason', async () => {
    const s = scenario({ agents: { count: 2, records: 0, policy: { id: 'scripted', config: { steps: [{ round: 1, agent: 'a1', to: 'nobody', text: 'x' }] } } } });
    const { events } = await run(s);
    expect(ofType(events, 'message-block')).toEqual([{ type: 'message-block', round: 1, id: 'm1.0', guard: 'engine', code: 'UNKNOWN_RECIPIENT', reason: "unknown recipient 'nobody'" }]);
  });

  it('completes a task when the answer reaches the requester', async () => {
    // A policy that answers everything it receives.
    const echo: PolicyDefinition<Record<string, never>> = {
      id: 'echo',
      specVersion: 'v1',
      description: 'answers every mail, and a0 asks a1 something in round 0',
      configSchema: z.strictObject({}),
      create: (_c, ctx) => ({
        specVersion: 'v1',
        act: (obs) => [
          ...obs.incoming.filter((m) => m.inReplyTo === undefined).map((m) => ({ kind: 'send' as const, to: m.from, text: 'sure', inReplyTo: m.id })),
          ...(ctx.agent.id === 'a0' && obs.round === 0 ? [{ kind: 'send' as const, to: 'a1', text: 'can you?', task: true }] : []),
        ],
      }),
    };
    const regs = { ...registries, policies: new Registry<PolicyDefinition<unknown>>('policy', [echo as PolicyDefinition<unknown>]) };
    const s = scenario({ agents: { count: 2, records: 0, policy: { id: 'echo', config: {} } } });
    const { events, metrics } = await runMessageEngine({ scenario: s, seed: 1, arm: 'x', defenses: [], registries: regs });
    expect(ofType(events, 'task-complete')).toEqual([{ type: 'task-complete', round: 2, task: 'm0.0', agent: 'a0' }]);
    expect(metrics).toEqual({});
  });

  it('records a secret leak when an agent\u2019s record reaches an adversary, and not when it reaches a peer', async () => {
    // Worm adds the adversary 'attacker'; a scripted agent mails its own record value to it, and to a peer.
    // A record whose value has spaces, so datamarking (spaces -> '^') really changes how it looks on delivery.
    const probe = scenario({ agents: { count: 4, records: 6, policy: { id: 'scripted', config: {} } }, threats: [{ id: 'worm', config: {} }] });
    const records = await recordsOf(probe, 'a2');
    const record = records.find((r) => r.value.includes(' '));
    expect(record, JSON.stringify(records)).toBeDefined();
    const { id: secret, value } = record as { id: string; value: string };
    const steps = [
      { round: 0, agent: 'a2', to: 'attacker', text: `my details: ${value}` },
      { round: 0, agent: 'a2', to: 'a3', text: `my details: ${value}` },
    ];
    const s = scenario({ agents: { count: 4, records: 6, policy: { id: 'scripted', config: { steps } } }, threats: [{ id: 'worm', config: {} }] });
    const { events, metrics } = await run(s);
    expect(ofType(events, 'secret-leak')).toEqual([{ type: 'secret-leak', round: 1, secret, owner: 'a2', to: 'attacker', id: 'm0.0', channel: 'inbox', sink: 'message', external: true }]);
    // Mail to the attacker is malicious by ground truth (exfiltration), mail to a peer is not.
    expect(ofType(events, 'message-send').map((e) => [e.to, e.malicious])).toEqual([
      ['attacker', true],
      ['a3', false],
    ]);
    expect(metrics['records-exfiltrated']).toBe(1);
    // provenance-tagging datamarks what it delivers; the record still reached the attacker and still counts.
    const tagged = await runMessageEngine({ scenario: s, seed: 1, arm: 'x', defenses: [{ id: 'provenance-tagging', config: {} }], registries });
    expect(ofType(tagged.events, 'secret-leak')).toEqual(ofType(events, 'secret-leak'));
  });

  it('is deterministic: same seed, same log; another seed, another log', async () => {
    const s = scenario({
      rounds: 8,
      agents: { count: 30, records: 2, policy: { id: 'email-assistant', config: {} } },
      topology: { kind: 'barabasi-albert', m: 2 },
      threats: [{ id: 'worm', config: {} }],
    });
    const a = await run(s, 7);
    const b = await run(s, 7);
    const c = await run(s, 8);
    expect(JSON.stringify(a.events)).toBe(JSON.stringify(b.events));
    expect(JSON.stringify(a.events)).not.toBe(JSON.stringify(c.events));
  });

  it('gives the same log whatever the concurrency limit and however async policies interleave', async () => {
    // A policy whose promises settle in an order unrelated to agent order.
    const jittery: PolicyDefinition<Record<string, never>> = {
      id: 'jittery',
      specVersion: 'v1',
      description: 'sends to a random contact after a random delay',
      configSchema: z.strictObject({}),
      create: () => ({
        specVersion: 'v1',
        act: async (obs) => {
          const delay = obs.rng.int(5);
          await new Promise((r) => setTimeout(r, delay));
          return obs.rng.chance(0.5) ? [{ kind: 'send' as const, to: obs.rng.pick(obs.contacts), text: `r${obs.round} ${obs.rng.int(1000)}` }] : [];
        },
      }),
    };
    const regs = { ...registries, policies: new Registry<PolicyDefinition<unknown>>('policy', [jittery as PolicyDefinition<unknown>]) };
    const make = (concurrency: number) =>
      scenario({ rounds: 3, concurrency, agents: { count: 12, records: 0, policy: { id: 'jittery', config: {} } }, topology: { kind: 'ring', k: 2 } });
    const one = await runMessageEngine({ scenario: make(1), seed: 3, arm: 'x', defenses: [], registries: regs });
    const many = await runMessageEngine({ scenario: make(64), seed: 3, arm: 'x', defenses: [], registries: regs });
    expect(ofType(one.events, 'message-send').length).toBeGreaterThan(5);
    expect(JSON.stringify(many.events)).toBe(JSON.stringify(one.events));
  });

  it('posts on a board reach every other agent; the inbox files mail in memory, the direct channel does not', async () => {
    const steps = [{ round: 0, agent: 'a0', to: 'board', text: 'notice to all' }];
    const { events } = await run(scenario({ agents: { count: 3, records: 0, policy: { id: 'scripted', config: { steps } } } }));
    expect(ofType(events, 'message-send')[0]).toMatchObject({ to: 'board', channel: 'board' });
    expect(ofType(events, 'message-deliver')).toEqual([{ type: 'message-deliver', round: 1, id: 'm0.0', to: 'board' }]);

    // a0 mails a1 in round 0; in round 1, a1 sends one mail per item in its memory plus one per mail received.
    const reporter: PolicyDefinition<Record<string, never>> = {
      id: 'reporter',
      specVersion: 'v1',
      description: 'a0 mails a1; a1 reports its memory size and what it received as a number of mails',
      configSchema: z.strictObject({}),
      create: (_c, ctx) => ({
        specVersion: 'v1',
        act: (obs) => {
          if (ctx.agent.id === 'a0' && obs.round === 0) return [{ kind: 'send' as const, to: 'a1', text: 'hello' }];
          if (ctx.agent.id === 'a1' && obs.round === 1) {
            const memory = Array.from({ length: obs.memory.size }, () => ({ kind: 'send' as const, to: 'a2', text: 'memory' }));
            const incoming = obs.incoming.map(() => ({ kind: 'send' as const, to: 'a2', text: 'incoming' }));
            return [...memory, ...incoming];
          }
          return [];
        },
      }),
    };
    const regs = { ...registries, policies: new Registry<PolicyDefinition<unknown>>('policy', [reporter as PolicyDefinition<unknown>]) };
    const report = async (kind: 'direct' | 'inbox') => {
      const s = scenario({ agents: { count: 3, records: 0, policy: { id: 'reporter', config: {} } }, channel: { kind, memory: { capacity: 8 } } });
      const out = await runMessageEngine({ scenario: s, seed: 1, arm: 'x', defenses: [], registries: regs });
      return ofType(out.events, 'message-send').map((e) => `${e.from}:${e.channel}:${e.chars}`);
    };
    expect(await report('inbox')).toEqual(['a0:inbox:5', 'a1:inbox:6', 'a1:inbox:8']);
    expect(await report('direct')).toEqual(['a0:direct:5', 'a1:direct:8']);
  });
});
