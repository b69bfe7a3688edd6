import { describe, expect, it } from 'vitest';
import { guardOf, runDefenseContract, testPipeline, testServices, textEnvelope } from '../testing/index.js';
import type { MemoryStateStore } from '../state/memory-state-store.js';
import { rateLimit, RateLimitConfigSchema } from './definition.js';
import type { DefenseDefinition } from '@masec/spec';

runDefenseContract(rateLimit as DefenseDefinition<unknown>, {
  benign: [textEnvelope('hello')],
  config: { perAgent: { burst: 10, rate: 1 } },
  suspicious: { config: { perAgent: { burst: 1, rate: 1 }, joint: [{ by: 'recipient', burst: 2, rate: 1 }] }, steps: [0, 1, 2, 3].map((i) => ({ hook: 'send' as const, envelope: textEnvelope('x', { from: `s${i % 3}`, to: 'target' }), at: i === 3 ? 1 : 0 })) },
  flood: { config: { perAgent: { burst: 10, rate: 1 }, perEdge: { burst: 10, rate: 1 }, joint: [{ by: 'recipient', burst: 10, rate: 1 }], maxKeys: 1_000 } },
});

describe('rate-limit', () => {
  it('lets a burst through, refuses the next, and refills at the rate', async () => {
    const services = testServices();
    const pipeline = testPipeline([guardOf(rateLimit, { perAgent: { burst: 2, rate: 1, per: 2 } }, services)], { services });
    const send = async (round: number, from = 'a1') => (await pipeline.process(textEnvelope('x', { from }), 'send', round)).verdict;
    expect((await send(0)).action).toBe('deliver');
    expect((await send(0)).action).toBe('deliver');
    expect(await send(0)).toEqual({ action: 'block', guard: 'rate-limit', code: 'RATE_LIMITED', reason: 'a1 is over its budget of 1 per 2' });
    expect((await send(0, 'a2')).action).toBe('deliver'); // another sender has its own bucket
    expect((await send(1)).action).toBe('block'); // half a token after one round
    expect((await send(2)).action).toBe('deliver'); // one token after two
    expect((await send(2)).action).toBe('block');
  });

  it('keys edges by sender and recipient; a refused envelope takes no token from the other bucket', async () => {
    const services = testServices();
    const pipeline = testPipeline([guardOf(rateLimit, { perAgent: { burst: 3, rate: 1 }, perEdge: { burst: 1, rate: 1 } }, services)], { services });
    const send = async (to: string) => (await pipeline.process(textEnvelope('x', { to }), 'send', 0)).verdict.action;
    expect(await send('a2')).toBe('deliver');
    expect(await send('a2')).toBe('block'); // the edge a1→a2 is empty
    expect(await send('a3')).toBe('deliver'); // a1 still had two agent tokens: the refused one took none
    expect(await send('a4')).toBe('deliver');
    expect(await send('a5')).toBe('block'); // now a1's own bucket is empty
  });

  it('keeps at most maxKeys buckets', async () => {
    const services = testServices();
    const store = services.state as MemoryStateStore;
    const pipeline = testPipeline([guardOf(rateLimit, { perAgent: { burst: 1, rate: 1 }, maxKeys: 100 }, services)], { services });
    for (let i = 0; i < 1000; i++) await pipeline.process(textEnvelope('x', { from: `s${i}` }), 'send', 0);
    expect(store.map('rate-limit:agent', { maxEntries: 100 }).size).toBe(100);
  });

  it('does not count replies', async () => {
    const services = testServices();
    const pipeline = testPipeline([guardOf(rateLimit, { perAgent: { burst: 1, rate: 1 } }, services)], { services });
    for (let i = 0; i < 3; i++) expect((await pipeline.process(textEnvelope('answer', { inReplyTo: `m${i}` }), 'send', 0)).verdict.action).toBe('deliver');
    expect((await pipeline.process(textEnvelope('call'), 'send', 0)).verdict.action).toBe('deliver');
    expect((await pipeline.process(textEnvelope('call'), 'send', 0)).verdict.action).toBe('block');
  });

  it('shares a joint budget among every sender to one recipient, and only there when `only` says so', async () => {
    const services = testServices();
    const pipeline = testPipeline([guardOf(rateLimit, { joint: [{ by: 'recipient', burst: 3, rate: 1, only: ['target'] }] }, services)], { services });
    const send = async (from: string, to = 'target', round = 0) => (await pipeline.process(textEnvelope('x', { from, to }), 'send', round)).verdict;
    for (const from of ['s1', 's2', 's3']) expect((await send(from)).action).toBe('deliver');
    expect(await send('s4')).toEqual({ action: 'block', guard: 'rate-limit', code: 'RATE_LIMITED', reason: 'recipient target is over its shared budget of 1 per 1' });
    for (let i = 0; i < 5; i++) expect((await send('s4', 'other')).action).toBe('deliver'); // another recipient has no budget at all
    expect((await send('s5', 'target', 1)).action).toBe('deliver'); // one token back after a round, whoever takes it
    expect((await send('s1', 'target', 1)).action).toBe('block');
  });

  it('shares a joint budget among the members of a group (ids and prefixes); senders outside every group have none', async () => {
    const services = testServices();
    const config = { joint: [{ by: 'group', burst: 2, rate: 1 }], groups: [{ name: 'botnet', members: ['b1', 'bot-*'] }, { name: 'b1-again', members: ['b1'] }] };
    const pipeline = testPipeline([guardOf(rateLimit, config, services)], { services });
    const send = async (from: string) => (await pipeline.process(textEnvelope('x', { from, to: `t-${from}` }), 'send', 0)).verdict;
    expect((await send('b1')).action).toBe('deliver');
    expect((await send('bot-7')).action).toBe('deliver');
    expect(await send('bot-8')).toEqual({ action: 'block', guard: 'rate-limit', code: 'RATE_LIMITED', reason: 'group botnet is over its shared budget of 1 per 1' });
    for (let i = 0; i < 5; i++) expect((await send('honest')).action).toBe('deliver');
  });

  it('counts a sender in the first group that lists it, by id or by prefix', async () => {
    const services = testServices();
    const config = { joint: [{ by: 'group', burst: 1, rate: 1 }], groups: [{ name: 'ops', members: ['bot-1'] }, { name: 'botnet', members: ['bot-*'] }] };
    const pipeline = testPipeline([guardOf(rateLimit, config, services)], { services });
    const send = async (from: string) => (await pipeline.process(textEnvelope('x', { from }), 'send', 0)).verdict.action;
    expect(await send('bot-1')).toBe('deliver'); // ops' token
    expect(await send('bot-2')).toBe('deliver'); // botnet's token
    expect(await send('bot-3')).toBe('block');
  });

  it('keys a joint budget by principal through the guard world', async () => {
    const services = testServices();
    const world = { clearance: () => 'internal' as const, adjacent: () => true, principal: (agent: string) => (agent.startsWith('acme') ? 'acme' : agent) };
    const pipeline = testPipeline([guardOf(rateLimit, { joint: [{ by: 'principal', burst: 1, rate: 1 }] }, services)], { services, world });
    const send = async (from: string) => (await pipeline.process(textEnvelope('x', { from }), 'send', 0)).verdict.action;
    expect(await send('acme-1')).toBe('deliver');
    expect(await send('acme-2')).toBe('block');
    expect(await send('zeta')).toBe('deliver');
  });

  it('takes no token from any bucket when one of them refuses', async () => {
    const services = testServices();
    const pipeline = testPipeline([guardOf(rateLimit, { perAgent: { burst: 1, rate: 1 }, joint: [{ by: 'recipient', burst: 2, rate: 1 }] }, services)], { services });
    const send = async (from: string) => (await pipeline.process(textEnvelope('x', { from, to: 'target' }), 'send', 0)).verdict.action;
    expect(await send('s1')).toBe('deliver');
    expect(await send('s1')).toBe('block'); // s1's own bucket refuses: the target's shared one keeps its token
    expect(await send('s2')).toBe('deliver');
    expect(await send('s3')).toBe('block'); // now the shared bucket is empty
  });

  it('needs at least one budget', () => {
    expect(RateLimitConfigSchema.safeParse({}).success).toBe(false);
    expect(RateLimitConfigSchema.safeParse({ perEdge: { burst: 1, rate: 0 } }).success).toBe(false);
    expect(RateLimitConfigSchema.safeParse({ joint: [{ by: 'recipient', burst: 1, rate: 1 }] }).success).toBe(true);
    expect(RateLimitConfigSchema.safeParse({ joint: [{ by: 'group', burst: 1, rate: 1 }] }).success).toBe(false); // no groups
    expect(RateLimitConfigSchema.safeParse({ joint: [{ by: 'recipient', burst: 1, rate: 1, extra: 1 }] }).success).toBe(false);
  });
});
