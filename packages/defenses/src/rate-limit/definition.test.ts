import { describe, expect, it } from 'vitest';
import { guardOf, runDefenseContract, testPipeline, testServices, textEnvelope } from '../testing/index.js';
import type { MemoryStateStore } from '../state/memory-state-store.js';
import { rateLimit, RateLimitConfigSchema } from './definition.js';
import type { DefenseDefinition } from '@masec/spec';

runDefenseContract(rateLimit as DefenseDefinition<unknown>, { benign: [textEnvelope('hello')], config: { perAgent: { burst: 10, rate: 1 } } });

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

  it('needs at least one budget', () => {
    expect(RateLimitConfigSchema.safeParse({}).success).toBe(false);
    expect(RateLimitConfigSchema.safeParse({ perEdge: { burst: 1, rate: 0 } }).success).toBe(false);
  });
});
