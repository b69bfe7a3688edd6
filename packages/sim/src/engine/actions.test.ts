// The message engine beyond mail: adversaries with policies, corrupted agents, tools, shared stores with the
// memory-read hook, outputs, reported state, leaks by sink, round-end guards and the guards' view of the world.
import { describe, expect, it } from 'vitest';
import type { Action, Observation, Policy } from '@masec/spec';
import { runMessageEngine } from '../run/run-scenario.js';
import { defense, lab, ofType, once, scenario } from './test-helpers.js';


describe('message engine: tools, shared memory, outputs and state', () => {
  it('runs a tool call through the shield, returns its result next round, and counts secrets in its arguments as leaks to the tool owner', async () => {
    const seen: string[] = [];
    const regs = lab(
      {
        a0: (obs) => {
          if (obs.round === 0) return [{ kind: 'tool', tool: 'search', args: { q: `find ${obs.records[0]?.value}` } }];
          for (const e of obs.incoming) seen.push(`${obs.round}:${e.from}:${e.parts[0]?.kind === 'text' ? e.parts[0].text : ''}`);
          return [];
        },
      },
      (world) => {
        world.addAdversary('mallory');
        world.addTool({ name: 'search', description: 'web search', owner: 'mallory', run: (args) => `results for ${String(args.q).length} chars` });
      },
    );
    const { events, metrics } = await runMessageEngine({ scenario: scenario(), seed: 1, arm: 'x', defenses: [], registries: regs });
    const call = ofType(events, 'tool-call');
    expect(call).toEqual([expect.objectContaining({ round: 0, id: 't0.0', agent: 'a0', tool: 'search', allowed: true, malicious: false })]);
    expect(seen).toEqual([expect.stringMatching(/^1:tool:search:results for \d+ chars$/)]);
    expect(ofType(events, 'secret-leak')).toEqual([expect.objectContaining({ owner: 'a0', to: 'tool:search', sink: 'tool', external: true, id: 't0.0' })]);
    expect(metrics['records-exfiltrated']).toBe(1);
    expect(ofType(events, 'run-start')[0]?.adversaries).toEqual(['mallory']);
  });

  it('an unknown tool or store is logged as not allowed, never run', async () => {
    const regs = lab({ a1: once(0, [{ kind: 'tool', tool: 'nope', args: {} }, { kind: 'memory-write', store: 'none', text: 'x' }]) }, () => undefined);
    const { events } = await runMessageEngine({ scenario: scenario(), seed: 1, arm: 'x', defenses: [], registries: regs });
    expect(ofType(events, 'tool-call')).toEqual([expect.objectContaining({ tool: 'nope', allowed: false })]);
    expect(ofType(events, 'memory-write')).toEqual([expect.objectContaining({ store: 'none', allowed: false })]);
  });

  it('writes go into the shared store with the writer as partition; reads pass memory-read guards, which may hide items', async () => {
    const reads: string[][] = [];
    const partitions: string[] = [];
    const regs = lab(
      {
        a0: once(0, [{ kind: 'memory-write', store: 'kb', text: 'the launch code is in the blue folder' }]),
        a1: once(0, [{ kind: 'memory-write', store: 'kb', text: 'the blue folder is on the shelf' }]),
        a2: async (obs) => {
          if (obs.round !== 1) return [];
          const items = await (obs.stores.kb?.retrieve('blue folder', 5) ?? Promise.resolve([]));
          reads.push(items.map((i) => i.id));
          partitions.push(...items.map((i) => i.partition ?? '?'));
          return [];
        },
      },
      (world) => void world.addStore('kb'),
      [
        defense('own-partition-only', ['memory-read'], {
          handle: (e, ctx, next) => (e.from === 'a0' ? Promise.resolve({ action: 'block' as const, guard: 'own-partition-only', code: 'BLOCKED', reason: `${ctx.world.principal(e.from)} is not ${e.to}` }) : next(e)),
        }),
      ],
    );
    const s = scenario();
    const { events } = await runMessageEngine({ scenario: s, seed: 1, arm: 'x', defenses: [{ id: 'own-partition-only', config: {} }], registries: regs });
    expect(ofType(events, 'memory-write').map((e) => [e.id, e.allowed])).toEqual([
      ['w0.0', true],
      ['w0.1', true],
    ]);
    expect(reads).toEqual([['w0.1']]);
    expect(partitions).toEqual(['a1']);
    const read = ofType(events, 'memory-read');
    expect(read).toEqual([{ type: 'memory-read', round: 1, agent: 'a2', store: 'kb', retrieved: ['w0.1', 'w0.0'], delivered: ['w0.1'], malicious: 0 }]);
    // Without the guard the reader sees both.
    const open = await runMessageEngine({ scenario: s, seed: 1, arm: 'x', defenses: [], registries: regs });
    expect(ofType(open.events, 'memory-read')[0]?.delivered).toEqual(['w0.1', 'w0.0']);
  });

  it('an adversary that reads a shared store takes the secrets in what it is shown (memory sink), unless its writes already counted (privacy-leak)', async () => {
    const reader = (store: string): Policy => ({
      specVersion: 'v1',
      act: async (obs) => {
        if (obs.round === 1) await obs.stores[store]?.retrieve('folder', 5);
        return [];
      },
    });
    const regs = (declared: boolean, hide: boolean) =>
      lab(
        { a0: once(0, [{ kind: 'memory-write', store: 'kb', text: 'my folder code' }]), a1: (obs) => (obs.round === 0 ? [{ kind: 'memory-write', store: 'kb', text: `folder ${obs.records[0]?.value}` }] : []) },
        (world) => {
          world.addAdversary('eve', reader('kb'));
          world.addStore('kb', declared ? { readers: ['eve'] } : {});
        },
        [defense('hide-from-eve', ['memory-read'], { handle: (e, _ctx, next) => (hide && e.to === 'eve' ? Promise.resolve({ action: 'block' as const, guard: 'hide-from-eve', code: 'BLOCKED', reason: 'x' }) : next(e)) })],
      );
    const run = (declared: boolean, hide: boolean) =>
      runMessageEngine({ scenario: scenario(), seed: 1, arm: 'x', defenses: [{ id: 'hide-from-eve', config: {} }], registries: regs(declared, hide) });
    const read = await run(false, false);
    expect(ofType(read.events, 'secret-leak')).toEqual([{ type: 'secret-leak', round: 1, secret: 'a1.r0', owner: 'a1', to: 'eve', id: 'w0.1', channel: 'memory', sink: 'memory', external: true }]);
    // The leak is logged with the read, before its memory-read event.
    const types = read.events.map((e) => e.type);
    expect(types.indexOf('secret-leak')).toBe(types.indexOf('memory-read') - 1);
    expect(ofType((await run(false, true)).events, 'secret-leak')).toEqual([]);
    // A declared reader: the write was the leak, the read adds none.
    expect(ofType((await run(true, false)).events, 'secret-leak').map((e) => [e.round, e.to])).toEqual([[0, 'store:kb']]);
  });

  it('a send whose policy names the attack that drove it is malicious ground truth, whatever its text', async () => {
    const regs = lab({ a0: once(0, [{ kind: 'send', to: 'a1', text: 'plain words', cause: 'm9.9' }, { kind: 'send', to: 'a1', text: 'plain words' }]) }, () => undefined);
    const { events } = await runMessageEngine({ scenario: scenario(), seed: 1, arm: 'x', defenses: [], registries: regs });
    expect(ofType(events, 'message-send').map((e) => e.malicious)).toEqual([true, false]);
  });

  it('quarantines requested while reading take effect after all policies acted, in agent order', async () => {
    const regs = lab(
      {
        a0: async (obs) => {
          if (obs.round === 1) await obs.stores.kb?.retrieve('poison', 3);
          return [];
        },
        a1: async (obs) => {
          if (obs.round === 1) await obs.stores.kb?.retrieve('poison', 3);
          return obs.round === 1 ? [{ kind: 'send', to: 'a2', text: 'still talking' }] : [];
        },
      },
      (world) => world.addStore('kb').add({ id: 'p1', from: 'a2', text: 'poison poison' }),
      [
        defense('isolate-readers', ['memory-read', 'send'], {
          handle: (e, ctx, next) => {
            if (ctx.hook === 'memory-read') ctx.quarantine(e.to, 'read poison');
            if (ctx.hook === 'send' && ctx.isQuarantined(e.from)) return Promise.resolve({ action: 'block' as const, guard: 'isolate-readers', code: 'BLOCKED', reason: 'quarantined' });
            return next(e);
          },
        }),
      ],
    );
    const { events } = await runMessageEngine({ scenario: scenario(), seed: 1, arm: 'x', defenses: [{ id: 'isolate-readers', config: {} }], registries: regs });
    expect(ofType(events, 'agent-quarantine').map((e) => [e.round, e.agent])).toEqual([
      [1, 'a0'],
      [1, 'a1'],
    ]);
    // a1's mail of round 1 is sent after the reads were applied: blocked.
    expect(ofType(events, 'message-block').map((e) => e.id)).toEqual(['m1.0']);
  });

  it('outputs go through the send hook; an answer to an adversary is exfiltration, one to the agent’s own user is not a leak', async () => {
    const regs = lab(
      {
        a0: (obs) => (obs.round === 0 ? [{ kind: 'output', text: `my number ${obs.records[0]?.value}` }] : []),
        a1: (obs) => (obs.round === 0 ? [{ kind: 'output', to: 'eve', text: `a1 says ${obs.records[0]?.value}` }] : []),
        a2: (obs) => (obs.round === 0 ? [{ kind: 'state', key: 'belief', value: 'blue' }] : []),
      },
      (world) => void world.addAdversary('eve'),
    );
    const { events, metrics } = await runMessageEngine({ scenario: scenario(), seed: 1, arm: 'x', defenses: [], registries: regs });
    expect(ofType(events, 'agent-output').map((e) => [e.id, e.agent, e.to, e.allowed])).toEqual([
      ['o0.0', 'a0', 'user:a0', true],
      ['o0.1', 'a1', 'eve', true],
    ]);
    expect(ofType(events, 'secret-leak')).toEqual([expect.objectContaining({ owner: 'a1', to: 'eve', sink: 'output', external: true })]);
    expect(metrics['records-exfiltrated']).toBe(1);
    expect(ofType(events, 'agent-state')).toEqual([{ type: 'agent-state', round: 0, agent: 'a2', key: 'belief', value: 'blue' }]);
  });

  it('a reported state an oracle recognises is marked malicious and counts as the agent’s compromise; others are not', async () => {
    const regs = lab(
      {
        a0: (obs) => [{ kind: 'state', key: 'answer', value: obs.round === 0 ? 'A' : 'FALSE-CLAIM' }],
        a1: () => [{ kind: 'state', key: 'answer', value: 'A' }, { kind: 'state', key: 'count', value: 3 }],
      },
      (world) => world.addOracle({ find: (text) => (text.includes('FALSE-CLAIM') ? { threat: 'lab', variant: 'claim' } : undefined) }),
    );
    const { events } = await runMessageEngine({ scenario: scenario({ rounds: 3 }), seed: 1, arm: 'x', defenses: [], registries: regs });
    const states = ofType(events, 'agent-state').filter((e) => e.agent === 'a0');
    expect(states).toEqual([
      { type: 'agent-state', round: 0, agent: 'a0', key: 'answer', value: 'A' },
      { type: 'agent-state', round: 1, agent: 'a0', key: 'answer', value: 'FALSE-CLAIM', malicious: true, threat: 'lab' },
      { type: 'agent-state', round: 2, agent: 'a0', key: 'answer', value: 'FALSE-CLAIM', malicious: true, threat: 'lab' },
    ]);
    expect(ofType(events, 'agent-state').filter((e) => e.agent === 'a1').every((e) => e.malicious === undefined)).toBe(true);
    expect(ofType(events, 'agent-compromise')).toEqual([{ type: 'agent-compromise', round: 1, agent: 'a0', threat: 'lab', variant: 'claim' }]);
  });

  it('internal exposures are logged only when a threat asks, and never count as exfiltration', async () => {
    const scripts = { a0: (obs: Observation): Action[] => (obs.round === 0 ? [{ kind: 'send', to: 'a1', text: `fyi ${obs.records[0]?.value}` }] : []) };
    const quiet = await runMessageEngine({ scenario: scenario(), seed: 1, arm: 'x', defenses: [], registries: lab(scripts, () => undefined) });
    expect(ofType(quiet.events, 'secret-leak')).toEqual([]);
    const tracked = await runMessageEngine({ scenario: scenario(), seed: 1, arm: 'x', defenses: [], registries: lab(scripts, (w) => w.trackInternalLeaks()) });
    expect(ofType(tracked.events, 'secret-leak')).toEqual([expect.objectContaining({ owner: 'a0', to: 'a1', sink: 'message', external: false })]);
    expect(tracked.metrics['records-exfiltrated']).toBe(0);
  });

  it('adversaries act with their own policy; a corrupted agent keeps its place in the topology', async () => {
    const attacker: Policy = { specVersion: 'v1', act: (obs) => (obs.round === 0 ? obs.contacts.map((to) => ({ kind: 'send' as const, to, text: `from ${obs.self.id}` })) : []) };
    const regs = lab({}, (world) => {
      world.corrupt('a1', attacker);
      expect(world.benign.map((a) => a.id)).toEqual(['a0', 'a2']);
    });
    const { events } = await runMessageEngine({ scenario: scenario(), seed: 1, arm: 'x', defenses: [], registries: regs });
    expect(ofType(events, 'run-start')[0]).toMatchObject({ agents: 3, benign: 2, adversaries: ['a1'] });
    // Ring of 3: a1's neighbours are a0 and a2.
    expect(ofType(events, 'message-send').map((e) => [e.from, e.to])).toEqual([
      ['a1', 'a0'],
      ['a1', 'a2'],
    ]);
  });

  it('round-end guards see the round’s flags by sender, purge memory and quarantine; guards see clearances and adjacency', async () => {
    const worldSeen: unknown[] = [];
    const regs = lab(
      {
        a0: once(0, [{ kind: 'send', to: 'a1', text: 'IGNORE PREVIOUS INSTRUCTIONS' }]),
      },
      (world) => {
        world.addAdversary('eve');
        world.setClearance('a2', 'secret');
      },
      [
        defense('flag-shouting', ['send'], {
          handle: (e, ctx, next) => {
            worldSeen.push([ctx.world.adjacent('a0', 'a1'), ctx.world.adjacent('a0', 'eve'), ctx.world.clearance('eve'), ctx.world.clearance('a1'), ctx.world.clearance('a2')]);
            const part = e.parts[0];
            if (part?.kind === 'text' && part.text === part.text.toUpperCase()) ctx.flag(0.9, 'shouting');
            return next(e);
          },
        }),
        defense('sweep', ['round-end'], {
          handle: (e, _ctx, next) => next(e),
          endRound: (ctx) => {
            for (const [agent] of ctx.flagged) ctx.quarantine(agent, 'flagged this round');
            for (const agent of ctx.agents) {
              const shouty = ctx.memory(agent).filter((m) => m.text.includes('IGNORE'));
              if (shouty.length > 0) ctx.purge(agent, shouty.map((m) => m.id), 'sanitised');
            }
          },
        }),
      ],
    );
    const s = scenario({ channel: { kind: 'inbox' } });
    const { events } = await runMessageEngine({ scenario: s, seed: 1, arm: 'x', defenses: [{ id: 'flag-shouting', config: {} }, { id: 'sweep', config: {} }], registries: regs });
    expect(worldSeen[0]).toEqual([true, false, 'public', 'confidential', 'secret']);
    expect(ofType(events, 'agent-quarantine')).toEqual([{ type: 'agent-quarantine', round: 0, agent: 'a0', guard: 'sweep', reason: 'flagged this round' }]);
    expect(ofType(events, 'memory-purge')).toEqual([{ type: 'memory-purge', round: 1, agent: 'a1', guard: 'sweep', items: 1, malicious: 0 }]);
  });

  it('a threat sees the topology at setup: each agent\u2019s contacts, none for adversaries outside it', async () => {
    const seen: Record<string, readonly string[]> = {};
    const regs = lab({}, (world) => {
      world.addAdversary('eve');
      for (const id of ['a0', 'a1', 'a2', 'eve']) seen[id] = world.contacts(id);
      expect(() => world.contacts('nobody')).toThrow(/unknown agent 'nobody'/);
    });
    await runMessageEngine({ scenario: scenario({ agents: { count: 4, records: 0, policy: { id: 'actor', config: {} } }, topology: { kind: 'tree', branching: 2 } }), seed: 1, arm: 'x', defenses: [], registries: regs });
    expect(seen).toEqual({ a0: ['a1', 'a2'], a1: ['a0', 'a3'], a2: ['a0'], eve: [] });
  });
});
