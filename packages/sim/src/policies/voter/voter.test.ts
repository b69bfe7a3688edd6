// The `voter` policy of the sybil threat: joining (identity cost, vouch requests on VOUCHES_MISSING),
// voting, and answering vouch requests from contacts and strangers.
import { describe, expect, it } from 'vitest';
import type { Action, Envelope, Observation, Refusal, ToolInfo } from '@masec/spec';
import { formatAdmission, meetsWork } from '@masec/defenses';
import { OBSERVATION_DEFAULTS, testServices } from '../test-helpers.js';
import { LexicalMemory } from '../../memory/lexical-memory.js';
import { createRng } from '../../random/rng.js';
import { VoterConfigSchema, voter } from './definition.js';

const envelope = (from: string, to: string, text: string, subject?: string): Envelope => ({
  id: `e-${from}-${to}`,
  from,
  to,
  channel: 'direct',
  parts: [{ kind: 'text', text }],
  labels: { confidentiality: 'internal', integrity: 'untrusted' },
  provenance: { origin: { kind: 'agent', id: from }, hops: [from] },
  time: 0,
  ...(subject === undefined ? {} : { subject }),
});
const ADMITTED = envelope('tool:join', 'a1', 'admitted');
const request = (from: string) => envelope(from, 'a1', 'Could you vouch for me?', 'Vouch request');
const tools = (rule = ''): ToolInfo[] => [{ name: 'join', description: `Join.${rule === '' ? '' : `\n${rule}`}` } as ToolInfo];

function agent(config: Record<string, unknown> = {}) {
  const policy = voter.create(VoterConfigSchema.parse(config), { agent: { id: 'a1', index: 1, role: 'benign' }, instructions: { find: () => undefined }, rng: createRng(1) }, testServices());
  return (round: number, incoming: Envelope[] = [], refusals: Refusal[] = [], toolList = tools()): Action[] =>
    policy.act({
      self: { id: 'a1', index: 1, role: 'benign' },
      round,
      contacts: ['a0', 'a2'],
      incoming,
      memory: new LexicalMemory(1),
      records: [],
      stores: {},
      rng: createRng(3).fork(round),
      ...OBSERVATION_DEFAULTS,
      tools: toolList,
      refusals,
    } as Observation) as Action[];
}

describe('voter policy (sybil)', () => {
  it('pays the published identity cost once, joins with its proof until admitted, reports the work, then votes', () => {
    const act = agent({ joinRound: 1 });
    const rule = tools(formatAdmission({ work: 6, vouches: 0, maturity: 0, vouchBudget: 1 }));
    expect(act(0, [], [], rule)).toEqual([]);
    const first = act(1, [], [], rule);
    const join = first.find((a) => a.kind === 'tool');
    expect(join?.kind === 'tool' && meetsWork('a1', join.args['nonce'], 6)).toBe(true);
    expect(first.find((a) => a.kind === 'state')).toMatchObject({ key: 'identity-work' });
    expect(act(2, [], [], rule).filter((a) => a.kind === 'state')).toEqual([]); // paid once
    const member = act(3, [ADMITTED], [], rule);
    expect(member.filter((a) => a.kind === 'tool')).toEqual([]);
    expect(member.find((a) => a.kind === 'environment')).toMatchObject({ environment: 'ballot' });
  });

  it('gives up joining when the identity cost exceeds its work budget', () => {
    const act = agent({ workBudget: 4 });
    const rule = tools(formatAdmission({ work: 20, vouches: 0, maturity: 0, vouchBudget: 1 }));
    expect(act(0, [], [], rule).filter((a) => a.kind === 'tool')).toEqual([]);
    expect(act(1, [], [], rule)).toEqual([]);
  });

  it('asks its contacts for vouches when refused for want of them, every reaskEvery rounds', () => {
    const act = agent({ reaskEvery: 2 });
    act(0);
    const missing: Refusal[] = [{ id: 't0', to: 'tool:join', code: 'VOUCHES_MISSING' }];
    const asks = (actions: Action[]) => actions.filter((a) => a.kind === 'send').map((a) => (a.kind === 'send' ? a.to : ''));
    expect(asks(act(1, [], missing))).toEqual(['a0', 'a2']);
    expect(asks(act(2, [], missing))).toEqual([]);
    expect(asks(act(3, [], missing))).toEqual(['a0', 'a2']);
  });

  it('as a member vouches for contacts who ask (trust 1), not for strangers (gullibility 0), and keeps its answer', () => {
    const act = agent({ gullibility: 0 });
    act(0);
    const vouches = (actions: Action[]) => actions.filter((a) => a.kind === 'tool' && a.tool === 'vouch').map((a) => (a.kind === 'tool' ? a.args['for'] : ''));
    expect(vouches(act(1, [ADMITTED, request('a2'), request('s7')]))).toEqual(['a2']);
    expect(vouches(act(2, [request('a2'), request('s7')]))).toEqual(['a2']);
  });
});
