// The llm policy as a cascading-failure service: the model is asked only in rounds with failed calls it may
// retry, sees its load and the failures per provider with their reasons, and decides which providers' calls
// are retried; everything else (and every draw of the generator) is the surrogate's, so a model that
// retries everything acts exactly as the surrogate whose coin always says retry, and one that retries
// nothing as the surrogate whose coin never does.
import { describe, expect, it } from 'vitest';
import type { Action, Envelope, ModelRequest, ModelResponse, Observation, SendAction } from '@masec/spec';
import { OBSERVATION_DEFAULTS, testServices } from '../test-helpers.js';
import { LexicalMemory } from '../../memory/lexical-memory.js';
import { createRng } from '../../random/rng.js';
import { service } from '../service/definition.js';
import { LlmPolicyConfigSchema, llmPolicy } from './definition.js';

const answer = (toolCalls: ModelResponse['toolCalls'], text = ''): ModelResponse => ({ text, toolCalls, usage: { inputTokens: 1, outputTokens: 1 }, finishReason: toolCalls.length > 0 ? 'tool-calls' : 'stop', cached: false });
const retry = (providers?: string[]) => answer([{ id: '1', name: 'retry_calls', args: providers === undefined ? {} : { providers } }]);

let seq = 0;
const mail = (from: string, data: Record<string, unknown>): Envelope => ({
  id: `m${seq++}`,
  from,
  to: 'a2',
  channel: 'direct',
  parts: [{ kind: 'text', text: 'x' }, { kind: 'data', data }],
  labels: { confidentiality: 'internal', integrity: 'untrusted' },
  provenance: { origin: { kind: 'agent', id: from }, hops: [from] },
  time: 0,
});

/** Agent a2 with providers a0 and a1 and dependants a3, a4; `incoming(round, calls made so far)` answers them. */
const observe = (round: number, incoming: Envelope[]): Observation => ({
  self: { id: 'a2', index: 2, role: 'benign', model: 'm' },
  round,
  contacts: ['a0', 'a1', 'a3', 'a4'],
  incoming,
  memory: new LexicalMemory(1),
  records: [],
  stores: {},
  rng: createRng(7).fork(round),
  ...OBSERVATION_DEFAULTS,
});

function create(reply: (request: ModelRequest) => ModelResponse, config: Record<string, unknown> = {}) {
  const requests: ModelRequest[] = [];
  const models = { ids: () => ['m'], get: () => ({ id: 'm', generate: async (r: ModelRequest) => (requests.push(r), reply(r)) }) };
  const parsed = LlmPolicyConfigSchema.parse({ role: 'service', service: config });
  const policy = llmPolicy.create(parsed, { agent: { id: 'a2', index: 2, role: 'benign', model: 'm' }, instructions: { find: () => undefined }, rng: createRng(7) }, { ...testServices(), models });
  return { policy, requests };
}

const calls = (actions: Action[]) => actions.filter((a): a is SendAction => a.kind === 'send' && a.data?.['status'] === undefined);

/** Four rounds in which every call a2 made two rounds before fails: overloaded from a0, down from a1. */
async function play(act: (obs: Observation) => Promise<Action[]> | Action[]): Promise<Action[][]> {
  const sent: SendAction[][] = [];
  const out: Action[][] = [];
  seq = 0;
  for (let round = 0; round < 5; round++) {
    const incoming = (sent[round - 2] ?? []).map((c) => mail(c.to, { status: 'error', re: `m-${String(c.data?.['req'])}`, req: c.data?.['req'], reason: c.to === 'a0' ? 'overloaded' : 'down' }));
    incoming.push(mail('a3', { req: `a3.${round}`, attempt: 0 }));
    const actions = await act(observe(round, incoming));
    sent.push(calls(actions));
    out.push(actions);
  }
  return out;
}

describe('policy: llm (service)', () => {
  it('asks only when calls failed, showing load, capacity and the failures per provider; retries the providers it names', async () => {
    const { policy, requests } = create(() => retry(['a1']));
    const rounds = await play((obs) => policy.act(obs));
    expect(requests.map((r) => r.round)).toEqual([2, 3, 4]);
    const turn = requests[0]?.messages[1]?.content ?? '';
    expect(turn).toContain('Calls you received this round: 1 (your capacity: 3).');
    expect(turn).toContain('a0: 1 failed call(s) (1 overloaded); retrying would be attempt 1 of at most 3');
    expect(turn).toContain('a1: 1 failed call(s) (1 down)');
    expect((requests[0]?.tools?.[0]?.parameters['properties'] as Record<string, unknown>)['providers']).toMatchObject({ items: { enum: ['a0', 'a1'] }, default: ['a0', 'a1'] });
    // Round 2: a retry to a1 (attempt 1) besides the new calls; none to a0.
    const retried = calls(rounds[2] ?? []).filter((c) => c.data?.['attempt'] === 1);
    expect(retried.map((c) => c.to)).toEqual(['a1']);
  });

  it('retry-all equals the surrogate whose coin always retries; retry-none (or a malformed call) the one whose coin never does', async () => {
    for (const [reply, retryRate] of [[retry(), 1], [retry(['a0', 'a1']), 1], [retry([]), 0], [answer([], 'no'), 0]] as const) {
      const surrogate = service.create(service.configSchema.parse({ retryRate }), { agent: { id: 'a2', index: 2, role: 'benign' }, instructions: { find: () => undefined }, rng: createRng(7) }, testServices());
      const expected = await play((obs) => surrogate.act(obs));
      const { policy } = create(() => reply, { retryRate });
      expect(await play((obs) => policy.act(obs))).toEqual(expected);
    }
    const broken = create(() => answer([{ id: '1', name: 'retry_calls', args: { providers: ['a9'] } }]));
    const rounds = await play((obs) => broken.policy.act(obs));
    expect(rounds[2]?.[0]).toMatchObject({ kind: 'invalid', reason: 'invalid-arguments', tool: 'retry_calls' });
    expect(calls(rounds[2] ?? []).filter((c) => c.data?.['attempt'] === 1)).toEqual([]);
  });

  it('leaves the generator where the surrogate leaves it, whatever the model decides', async () => {
    for (const reply of [retry(), retry([])]) {
      const { policy } = create(() => reply, { retryRate: 0.5 });
      const surrogate = service.create(service.configSchema.parse({ retryRate: 0.5 }), { agent: { id: 'a2', index: 2, role: 'benign' }, instructions: { find: () => undefined }, rng: createRng(7) }, testServices());
      const llmDraws: number[] = [];
      const surrogateDraws: number[] = [];
      await play(async (obs) => {
        const actions = await policy.act(obs);
        llmDraws.push(obs.rng.next());
        return actions;
      });
      await play(async (obs) => {
        const actions = await surrogate.act(obs);
        surrogateDraws.push(obs.rng.next());
        return actions;
      });
      // Rounds 0–3 see the same mail whoever decided (round 4 answers round 2's differing retries).
      expect(llmDraws.slice(0, 4)).toEqual(surrogateDraws.slice(0, 4));
    }
  });
});
