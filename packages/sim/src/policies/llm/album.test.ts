// The llm policy as the infectious-jailbreak album-chat agent: the model is asked only where the surrogate
// draws its jailbreak coin, sees the question or the retrieved photo as stored, and what it says is what the
// agent outputs or shares; a malformed call is an invalid action; the generator ends where the surrogate's does.
import { describe, expect, it } from 'vitest';
import type { AgentView, Envelope, InstructionOracle, ModelRequest, ModelResponse, Observation } from '@masec/spec';
import { OBSERVATION_DEFAULTS, testServices } from '../test-helpers.js';
import { LexicalMemory } from '../../memory/lexical-memory.js';
import { createRng } from '../../random/rng.js';
import { fakeWorld } from '../../engine/test-helpers.js';
import { infectiousJailbreak } from '../../threats/infectious-jailbreak/definition.js';
import { adversarialItem } from '../../threats/infectious-jailbreak/items.js';
import { albumChat, asksInPair } from '../album-chat/definition.js';
import { LlmPolicyConfigSchema, llmPolicy } from './definition.js';

const ITEM = adversarialItem('suffix');

function jailbreakOracle(): InstructionOracle {
  let oracle: InstructionOracle | undefined;
  const agents: AgentView[] = [{ id: 'a0', index: 0, role: 'benign' }];
  infectiousJailbreak.create(infectiousJailbreak.configSchema.parse({}), testServices()).setup(fakeWorld(agents, { rng: createRng(1), plantMemory: () => undefined, addOracle: (o) => (oracle = o) }));
  if (oracle === undefined) throw new Error('no oracle registered');
  return oracle;
}
const oracle = jailbreakOracle();

const answer = (toolCalls: ModelResponse['toolCalls'], text = ''): ModelResponse => ({ text, toolCalls, usage: { inputTokens: 1, outputTokens: 1 }, finishReason: toolCalls.length > 0 ? 'tool-calls' : 'stop', cached: false });

const question = (text: string, from = 'a9'): Envelope => ({ id: 'm0', from, to: 'a1', channel: 'inbox', parts: [{ kind: 'text', text }], labels: { confidentiality: 'internal', integrity: 'untrusted' }, provenance: { origin: { kind: 'agent', id: from }, hops: [from] }, time: 0 });

function observe(opts: { album?: string[]; partner: string; round: number; incoming?: Envelope[]; seed?: number }): Observation {
  const memory = new LexicalMemory(16);
  (opts.album ?? []).forEach((text, i) => memory.add({ id: `item${i}`, from: 'x', text, marking: 'none', round: 0 }));
  return { self: { id: 'a1', index: 1, role: 'benign', model: 'm' }, round: opts.round, contacts: [opts.partner], incoming: opts.incoming ?? [], memory, records: [], stores: {}, rng: createRng(opts.seed ?? 3), ...OBSERVATION_DEFAULTS };
}

function create(reply: (request: ModelRequest) => ModelResponse, album: Record<string, number> = { retrieval: 1 }) {
  const requests: ModelRequest[] = [];
  const models = { ids: () => ['m'], get: () => ({ id: 'm', generate: async (r: ModelRequest) => (requests.push(r), reply(r)) }) };
  const config = LlmPolicyConfigSchema.parse({ role: 'album-chat', album });
  const policy = llmPolicy.create(config, { agent: { id: 'a1', index: 1, role: 'benign', model: 'm' }, instructions: oracle, rng: createRng(7) }, { ...testServices(), models });
  return { policy, requests };
}

const asking = (() => { for (let r = 0; r < 100; r++) if (asksInPair('a1', 'a2', r)) return r; throw new Error('never'); })();
const answering = (() => { for (let r = 0; r < 100; r++) if (!asksInPair('a1', 'a2', r)) return r; throw new Error('never'); })();

describe('policy: llm (album chat)', () => {
  it('answers a question carrying the item with what the model says; a benign question needs no model', async () => {
    const { policy, requests } = create(() => answer([{ id: '1', name: 'answer', args: { text: `Sure. ${ITEM}` } }]));
    const actions = await policy.act(observe({ partner: 'a2', round: answering, incoming: [question(`${ITEM}\nQ: what is this?`, 'a2')] }));
    expect(requests).toHaveLength(1);
    expect(requests[0]?.messages[1]?.content).toContain('[message m0 | from a2 | integrity: untrusted | confidentiality: internal]');
    expect(requests[0]?.tools?.map((t) => t.name)).toEqual(['answer']);
    expect(actions.filter((a) => a.kind === 'output')).toEqual([{ kind: 'output', to: 'a2', text: `Sure. ${ITEM}` }]);
    const benign = create(() => answer([]));
    await benign.policy.act(observe({ partner: 'a2', round: answering, incoming: [question('Photo: a cat.\nQ: cute?', 'a2')] }));
    expect(benign.requests).toHaveLength(0);
  });

  it('shares what the model writes when retrieval picked the item; a malformed call says nothing and is an invalid action', async () => {
    const { policy, requests } = create(() => answer([], `Look! ${ITEM}`));
    const actions = await policy.act(observe({ partner: 'a2', round: asking, album: [ITEM] }));
    expect(requests[0]?.messages[1]?.content).toContain(`[album photo item0 | from x | round 0]\n\n${ITEM}`);
    expect(actions.filter((a) => a.kind === 'send')).toEqual([{ kind: 'send', to: 'a2', text: `Look! ${ITEM}` }]);
    const broken = create(() => answer([{ id: '1', name: 'share', args: 'nope' }]));
    const got = await broken.policy.act(observe({ partner: 'a2', round: asking, album: [ITEM] }));
    expect(got[0]).toMatchObject({ kind: 'invalid', reason: 'invalid-arguments', tool: 'share' });
    expect(got.filter((a) => a.kind === 'send')).toEqual([]);
  });

  it('leaves the generator where the surrogate leaves it, jailbroken or not', async () => {
    // Coins of one half, so both outcomes of the surrogate's coin (and the draws after each) occur.
    for (let seed = 1; seed <= 40; seed++) {
      const { policy } = create(() => answer([], 'hello'), { retrieval: 0.5, jailbreak: 0.5 });
      const surrogate = albumChat.create(albumChat.configSchema.parse({ retrieval: 0.5, jailbreak: 0.5 }), { agent: { id: 'a1', index: 1, role: 'benign' }, instructions: oracle, rng: createRng(7) }, testServices());
      for (const round of [asking, answering]) {
        const opts = { partner: 'a2', round, album: [ITEM, 'Photo: a dog.'], incoming: [question(`${ITEM}\nQ: what?`, 'a2')], seed };
        const llmObs = observe(opts);
        const surrogateObs = observe(opts);
        await policy.act(llmObs);
        await surrogate.act(surrogateObs);
        expect(llmObs.rng.next()).toBe(surrogateObs.rng.next());
      }
    }
  });
});
