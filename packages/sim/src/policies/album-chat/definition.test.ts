// The album-chat surrogate of infectious-jailbreak: who asks, what a carrier shares, when it is jailbroken,
// how a diversity variant resists, and the carrier state it reports.
import { describe, expect, it } from 'vitest';
import { OBSERVATION_DEFAULTS, testServices } from '../test-helpers.js';
import type { Action, AgentView, Envelope, InstructionOracle, Observation } from '@masec/spec';
import { LexicalMemory } from '../../memory/lexical-memory.js';
import { createRng } from '../../random/rng.js';
import { fakeWorld } from '../../engine/test-helpers.js';
import { infectiousJailbreak } from '../../threats/infectious-jailbreak/definition.js';
import { JAILBROKEN_OUTPUT, adversarialItem } from '../../threats/infectious-jailbreak/items.js';
import { type AlbumChatConfig, albumChat, asksInPair } from './definition.js';

const ITEM = adversarialItem('suffix');

/** The oracle infectious-jailbreak registers (captured from its setup). */
function jailbreakOracle(): InstructionOracle {
  let oracle: InstructionOracle | undefined;
  const agents: AgentView[] = [{ id: 'a0', index: 0, role: 'benign' }];
  infectiousJailbreak.create(infectiousJailbreak.configSchema.parse({}), testServices()).setup(
    fakeWorld(agents, { rng: createRng(1), plantMemory: () => undefined, addOracle: (o) => (oracle = o) }),
  );
  if (oracle === undefined) throw new Error('no oracle registered');
  return oracle;
}
const oracle = jailbreakOracle();

function agent(id: string, config: Partial<AlbumChatConfig> = {}, variant?: string) {
  const view: AgentView = { id, index: Number(id.slice(1)), role: 'benign', ...(variant === undefined ? {} : { variant }) };
  return albumChat.create(albumChat.configSchema.parse(config), { agent: view, instructions: oracle, rng: createRng(7) }, testServices());
}

function question(text: string, from = 'a9', id = 'm0.0'): Envelope {
  return { id, from, to: 'a1', channel: 'inbox', parts: [{ kind: 'text', text }], labels: { confidentiality: 'internal', integrity: 'trusted' }, provenance: { origin: { kind: 'agent', id: from }, hops: [from] }, time: 0 };
}

function observe(self: string, opts: { album?: string[]; partner?: string; round?: number; incoming?: Envelope[]; seed?: number }): Observation {
  const memory = new LexicalMemory(16);
  (opts.album ?? []).forEach((text, i) => memory.add({ id: `item${i}`, from: 'x', text, marking: 'none', round: 0 }));
  return {
    self: { id: self, index: 0, role: 'benign' },
    round: opts.round ?? 0,
    contacts: opts.partner === undefined ? [] : [opts.partner],
    incoming: opts.incoming ?? [],
    memory,
    records: [],
    stores: {},
    rng: createRng(opts.seed ?? 3),
    ...OBSERVATION_DEFAULTS,
  };
}

/** A round in which `self` is the questioner of its pair with `partner`. */
function askingRound(self: string, partner: string): number {
  for (let r = 0; r < 100; r++) if (asksInPair(self, partner, r)) return r;
  throw new Error('never asks');
}

const sends = (actions: Action[]) => actions.filter((a) => a.kind === 'send');
const outputs = (actions: Action[]) => actions.filter((a) => a.kind === 'output');

describe('album-chat (infectious-jailbreak surrogate)', () => {
  it('in every pair exactly one partner asks, and each is questioner in about half the rounds', () => {
    let first = 0;
    for (let r = 0; r < 400; r++) {
      expect(asksInPair('a3', 'a17', r)).not.toBe(asksInPair('a17', 'a3', r));
      if (asksInPair('a3', 'a17', r)) first++;
    }
    expect(first).toBeGreaterThan(160);
    expect(first).toBeLessThan(240);
  });

  it('a carrier questioner that retrieves the item and is jailbroken shares it with a harmful question, citing the album item', async () => {
    const round = askingRound('a1', 'a2');
    const actions = await agent('a1', { retrieval: 1, jailbreak: 1 }).act(observe('a1', { album: ['Photo: A cat.', ITEM], partner: 'a2', round }));
    expect(actions[0]).toEqual({ kind: 'state', key: 'carrier', value: true });
    expect(sends(actions)).toEqual([{ kind: 'send', to: 'a2', text: `${ITEM}\nQ: ${JAILBROKEN_OUTPUT}`, cause: 'item1' }]);
  });

  it('a carrier that is not jailbroken (jailbreak 0) asks about a benign photo instead', async () => {
    const round = askingRound('a1', 'a2');
    for (let seed = 0; seed < 20; seed++) {
      const actions = await agent('a1', { retrieval: 1, jailbreak: 0 }).act(observe('a1', { album: ['Photo: A cat.', ITEM], partner: 'a2', round, seed }));
      const [send] = sends(actions);
      expect(send).toMatchObject({ kind: 'send', to: 'a2' });
      expect(oracle.find((send as { text: string }).text)).toBeUndefined();
      expect(send).not.toHaveProperty('cause');
    }
  });

  it('the answerer of the pair does not ask; it answers the question it received, jailbroken when the question carried the item', async () => {
    const round = askingRound('a2', 'a1'); // a1 answers this round
    const incoming = [question(`${ITEM}\nQ: hello`, 'a5', 'm3.1'), question('Photo: A dog.\nQ: Cute?', 'a6', 'm3.2')];
    const actions = await agent('a1', { jailbreak: 1 }).act(observe('a1', { partner: 'a2', round, incoming }));
    expect(sends(actions)).toEqual([]);
    expect(outputs(actions)[0]).toEqual({ kind: 'output', to: 'a5', text: JAILBROKEN_OUTPUT, cause: 'm3.1' });
    const benign = outputs(actions)[1] as { to: string; text: string };
    expect(benign.to).toBe('a6');
    expect(oracle.find(benign.text)).toBeUndefined();
  });

  it('answers from its own questions (outputs) are not answered back', async () => {
    const answer: Envelope = { ...question(JAILBROKEN_OUTPUT), channel: 'output' };
    const actions = await agent('a1', { jailbreak: 1 }).act(observe('a1', { incoming: [answer] }));
    expect(actions).toEqual([]);
  });

  it('an agent of another variant (diversity) is jailbroken with probability jailbreak x variantFactor', async () => {
    const round = askingRound('a1', 'a2');
    let shared = 0;
    let resistantShared = 0;
    for (let seed = 0; seed < 400; seed++) {
      const obs = () => observe('a1', { album: [ITEM], partner: 'a2', round, seed });
      if (oracle.find((sends(await agent('a1', { retrieval: 1, jailbreak: 0.8 }).act(obs()))[0] as { text: string }).text)) shared++;
      const resistant = agent('a1', { retrieval: 1, jailbreak: 0.8, variantFactor: 0.25 }, 'resistant');
      if (oracle.find((sends(await resistant.act(obs()))[0] as { text: string }).text)) resistantShared++;
    }
    expect(shared / 400).toBeGreaterThan(0.72);
    expect(shared / 400).toBeLessThan(0.88);
    expect(resistantShared / 400).toBeGreaterThan(0.13);
    expect(resistantShared / 400).toBeLessThan(0.27);
    // The default variant is not resisted.
    const named = agent('a1', { retrieval: 1, jailbreak: 1, variantFactor: 0 }, 'default');
    expect(sends(await named.act(observe('a1', { album: [ITEM], partner: 'a2', round })))[0]).toMatchObject({ cause: 'item0' });
  });

  it('reports carrier state only when it changes', async () => {
    const policy = agent('a1');
    const states = async (album: string[]) => (await policy.act(observe('a1', { album }))).filter((a) => a.kind === 'state');
    expect(await states(['Photo: A cat.'])).toEqual([]);
    expect(await states([ITEM])).toEqual([{ kind: 'state', key: 'carrier', value: true }]);
    expect(await states([ITEM, 'Photo: A cat.'])).toEqual([]);
    expect(await states(['Photo: A cat.'])).toEqual([{ kind: 'state', key: 'carrier', value: false }]);
  });

  it('with an empty album it shares a new photo of its own', async () => {
    const round = askingRound('a1', 'a2');
    const [send] = sends(await agent('a1').act(observe('a1', { partner: 'a2', round })));
    expect((send as { text: string }).text).toMatch(/^Photo: .+\nQ: .+\?$/);
  });
});
