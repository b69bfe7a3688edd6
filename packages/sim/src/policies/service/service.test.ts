// The `service` policy of the cascading-failure threat: capacity, retries, crash and recovery, dependency
// failures and the reply protocol the circuit-breaker defense reads.
import { describe, expect, it } from 'vitest';
import { OBSERVATION_DEFAULTS, testServices } from '../test-helpers.js';
import type { Action, Envelope, Observation, SendAction, StateAction } from '@masec/spec';
import { LexicalMemory } from '../../memory/lexical-memory.js';
import { createRng } from '../../random/rng.js';
import { ServiceConfigSchema, service } from './definition.js';
import { agentIndex, dependencies, replyOf } from '../../vocabulary/service.js';
import { ServiceAgent } from './service.js';

let seq = 0;
function mail(from: string, to: string, data?: Record<string, unknown>, inReplyTo?: string): Envelope {
  return {
    id: `m${seq++}`,
    from,
    to,
    channel: 'direct',
    parts: [{ kind: 'text', text: 'x' }, ...(data === undefined ? [] : [{ kind: 'data' as const, data }])],
    labels: { confidentiality: 'internal', integrity: 'untrusted' },
    provenance: { origin: { kind: 'agent', id: from }, hops: [from] },
    time: 0,
    ...(inReplyTo === undefined ? {} : { inReplyTo }),
  };
}

/** Agent a2 with provider a0 (and a1 when `twoProviders`), dependants a3 and a4. */
function harness(config: Record<string, unknown> = {}, twoProviders = false) {
  const agent = new ServiceAgent(ServiceConfigSchema.parse({ retryRate: 1, ...config }), 'a2');
  const contacts = twoProviders ? ['a0', 'a1', 'a3', 'a4'] : ['a0', 'a3', 'a4'];
  const obs = (round: number, incoming: Envelope[]): Observation => ({
    self: { id: 'a2', index: 2, role: 'benign' },
    round,
    contacts,
    incoming,
    memory: new LexicalMemory(1),
    records: [],
    stores: {},
    rng: createRng(7).fork(round),
    ...OBSERVATION_DEFAULTS,
  });
  return { agent, act: (round: number, incoming: Envelope[] = []) => agent.act(obs(round, incoming)) };
}

const sends = (actions: Action[]) => actions.filter((a): a is SendAction => a.kind === 'send');
const states = (actions: Action[]) => actions.filter((a): a is StateAction => a.kind === 'state');
const callsTo = (actions: Action[], to: string) => sends(actions).filter((a) => a.to === to && a.data?.status === undefined);
const repliesOf = (actions: Action[]) => sends(actions).filter((a) => a.data?.status !== undefined);

describe('service protocol (cascading-failure)', () => {
  it('orients dependencies by index: lower-index neighbours are providers, higher are dependants; other ids are ignored', () => {
    expect(dependencies(3, ['a0', 'a1', 'a5', 'eve', 'a3'])).toEqual({ providers: ['a0', 'a1'], dependants: ['a5'] });
    expect(agentIndex('a17')).toBe(17);
    expect(agentIndex('attacker')).toBeUndefined();
  });

  it('tells replies from calls by the status in the data part', () => {
    expect(replyOf(mail('a0', 'a2', { status: 'error', re: 'm1', reason: 'down' }))).toEqual({ status: 'error', re: 'm1', reason: 'down' });
    expect(replyOf(mail('a0', 'a2', { req: 'a0.1', attempt: 0 }))).toBeUndefined();
    expect(replyOf(mail('a0', 'a2'))).toBeUndefined();
  });

  it('is registered as a policy definition whose instances act', async () => {
    const policy = service.create(ServiceConfigSchema.parse({}), { agent: { id: 'a1', index: 1, role: 'benign' }, instructions: { find: () => undefined }, rng: createRng(1) }, testServices());
    const actions = await policy.act({ self: { id: 'a1', index: 1, role: 'benign' }, round: 0, contacts: ['a0'], incoming: [], memory: new LexicalMemory(1), records: [], stores: {}, rng: createRng(1), ...OBSERVATION_DEFAULTS });
    expect(actions).toEqual([{ kind: 'send', to: 'a0', text: 'GET /api/a0', data: { req: 'a1.0', attempt: 0 }, task: true }]);
  });
});

describe('service policy (cascading-failure)', () => {
  it('serves up to its capacity (headroom × demand × dependants) and fails the rest as overloaded', () => {
    const { agent, act } = harness({ headroom: 1.5, demand: 1 });
    act(0);
    expect(agent.capacity).toBe(3);
    const calls = [1, 2, 3, 4, 5].map((k) => mail(k % 2 === 0 ? 'a3' : 'a4', 'a2', { req: `c${k}`, attempt: 0 }));
    const actions = act(1, calls);
    const replies = repliesOf(actions);
    expect(replies).toHaveLength(5);
    const ok = replies.filter((r) => r.data?.status === 'ok');
    const failed = replies.filter((r) => r.data?.status === 'error');
    expect(ok).toHaveLength(3);
    expect(failed.map((r) => r.data?.reason)).toEqual(['overloaded', 'overloaded']);
    // An ok reply completes the task (inReplyTo the call), an error does not; both name the call they answer.
    for (const r of ok) expect(r.inReplyTo).toBe(r.data?.re);
    for (const r of failed) expect(r.inReplyTo).toBeUndefined();
    expect(replies.map((r) => r.data?.re).sort()).toEqual(calls.map((c) => c.id).sort());
    expect(states(actions)).toEqual([
      { kind: 'state', key: 'health', value: 'degraded' },
      { kind: 'state', key: 'failed', value: 2 },
    ]);
  });

  it('retries an error with the same request id and the task id, up to maxRetries, and the ok reply to a retry completes the original task', () => {
    const { act } = harness({ maxRetries: 1 });
    const first = callsTo(act(0), 'a0')[0] as SendAction;
    expect(first).toMatchObject({ task: true, data: { req: 'a2.0', attempt: 0 } });
    act(1);
    const retry = callsTo(act(2, [mail('a0', 'a2', { status: 'error', re: 'm-first', req: 'a2.0', reason: 'overloaded' })]), 'a0').find((c) => c.data?.req === 'a2.0');
    expect(retry).toMatchObject({ data: { req: 'a2.0', attempt: 1, task: 'm-first' } });
    expect(retry?.task).toBeUndefined();
    act(3);
    const again = act(4, [mail('a0', 'a2', { status: 'error', re: 'm-retry', req: 'a2.0', reason: 'overloaded' })]);
    expect(callsTo(again, 'a0').some((c) => c.data?.req === 'a2.0')).toBe(false);

    // The provider's side: a retry's ok reply answers the task, not the retry envelope.
    const server = harness();
    server.act(0);
    const reply = repliesOf(server.act(1, [mail('a3', 'a2', { req: 'a3.0', attempt: 1, task: 'm-task' })]))[0];
    expect(reply).toMatchObject({ inReplyTo: 'm-task', data: { status: 'ok', req: 'a3.0' } });
  });

  it('crashes after crashAfter rounds over capacity, fails everything while down, makes no calls, and recovers after recoverAfter calm rounds', () => {
    const { act } = harness({ crashAfter: 2, recoverAfter: 2, retryRate: 0 });
    const flood = () => Array.from({ length: 10 }, () => mail('a3', 'a2', { req: 'x', attempt: 0 }));
    act(0);
    expect(states(act(1, flood()))[0]).toEqual({ kind: 'state', key: 'health', value: 'degraded' });
    const crashed = act(2, flood());
    expect(states(crashed)[0]).toEqual({ kind: 'state', key: 'health', value: 'down' });
    expect(repliesOf(crashed).map((r) => r.data?.reason)).toEqual(Array(10).fill('down'));
    expect(callsTo(crashed, 'a0')).toEqual([]);
    const calm1 = act(3, [mail('a3', 'a2', { req: 'y', attempt: 0 })]);
    expect(repliesOf(calm1).map((r) => r.data?.reason)).toEqual(['down']);
    const calm2 = act(4, []);
    expect(states(calm2)).toEqual([{ kind: 'state', key: 'health', value: 'up' }]);
    expect(callsTo(calm2, 'a0')).toHaveLength(1);
  });

  it('fails its calls for lack of a dependency when most of its calls to a provider went unanswered (blocked), and says degraded', () => {
    const { act } = harness();
    act(0);
    act(1);
    // Round 2: the call of round 0 got no reply.
    const actions = act(2, [mail('a3', 'a2', { req: 'c', attempt: 0 })]);
    expect(repliesOf(actions).map((r) => r.data?.reason)).toEqual(['dependency']);
    expect(states(actions)).toContainEqual({ kind: 'state', key: 'health', value: 'degraded' });
  });

  it('with dependencies: any, one available provider is enough; with all, one missing provider fails every call', () => {
    for (const [mode, expected] of [
      ['any', ['ok']],
      ['all', ['dependency']],
    ] as const) {
      const { act } = harness({ dependencies: mode }, true);
      const sent0 = act(0);
      const sent1 = act(1);
      const okFrom = (round0: Action[], round: number) =>
        callsTo(round0, 'a0').map((c) => mail('a0', 'a2', { status: 'ok', re: `r${round}`, req: c.data?.req }));
      act(2, okFrom(sent0, 2));
      const actions = act(3, [...okFrom(sent1, 3), mail('a3', 'a2', { req: 'c', attempt: 0 })]);
      expect(repliesOf(actions).map((r) => r.data?.status === 'ok' ? 'ok' : r.data?.reason)).toEqual(expected);
    }
  });
});
