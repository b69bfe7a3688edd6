import { describe, expect, it } from 'vitest';
import { type TestPipeline, guardOf, testPipeline, testServices } from '../testing/index.js';
import type { DefenseDefinition, GuardWorld } from '@masec/spec';
import { OPEN_WORLD } from '../pipeline/pipeline.js';
import { runDefenseContract } from '../testing/defense-contract.js';
import { textEnvelope } from '../testing/envelopes.js';
import { channelPolicy } from './definition.js';

/** A path a1 - a2 - a3 (a4 is linked to nobody). */
const path: GuardWorld = {
  ...OPEN_WORLD,
  adjacent: (a, b) => [a, b].sort().join('-') === 'a1-a2' || [a, b].sort().join('-') === 'a2-a3',
};

runDefenseContract(channelPolicy as DefenseDefinition<unknown>, {
  benign: [textEnvelope('Answer: A')],
  suspicious: {
    world: path,
    config: { maxPerPeriod: 1 },
    steps: [
      { hook: 'send', envelope: textEnvelope('Answer: A', { from: 'a1', to: 'a3' }) },
      { hook: 'send', envelope: textEnvelope('Answer: A', { from: 'a1', to: 'a2' }) },
      { hook: 'send', envelope: textEnvelope('Answer: A', { from: 'a1', to: 'a2' }) },
      { hook: 'send', envelope: textEnvelope('Answer: A', { from: 'a1', to: 'a2' }), at: 1 },
    ],
  },
  flood: { config: { maxFanOut: 2, maxPerPeriod: 3, period: 1_000_000_000, maxAgents: 1_000 } },
});

const pipelineWith = (config: unknown) => testPipeline([guardOf(channelPolicy, (config))], { world: path });
const send = async (p: TestPipeline, from: string, to: string, round = 0, channel = 'inbox') =>
  (await p.process(textEnvelope('Answer: A', { from, to, channel }), 'send', round)).verdict;

describe('channel-policy (disinformation, worm)', () => {
  it('lets topology neighbours talk and blocks every other pair, naming it', async () => {
    const p = pipelineWith({});
    expect((await send(p, 'a1', 'a2')).action).toBe('deliver');
    expect((await send(p, 'a3', 'a2')).action).toBe('deliver');
    expect(await send(p, 'a1', 'a3')).toEqual({ action: 'block', guard: 'channel-policy', code: 'CHANNEL_DENIED', reason: 'a1 \u2192 a3 is not an allowed pair' });
    expect((await send(p, 'attacker', 'a1')).action).toBe('block');
  });

  it('adds listed pairs (with * wildcards) and, with allow: listed, allows only those', async () => {
    const p = pipelineWith({ pairs: [{ from: '*', to: 'board' }, { from: 'a1', to: 'a4' }] });
    expect((await send(p, 'a3', 'board')).action).toBe('deliver');
    expect((await send(p, 'a1', 'a4')).action).toBe('deliver');
    expect((await send(p, 'a4', 'a1')).action).toBe('block');
    const listed = pipelineWith({ allow: 'listed', pairs: [{ from: 'a1', to: '*' }] });
    expect((await send(listed, 'a1', 'a3')).action).toBe('deliver');
    expect((await send(listed, 'a2', 'a1')).action).toBe('block');
  });

  it('blocks channels not listed, but never an agent\u2019s output to its own user', async () => {
    const p = pipelineWith({ channels: ['direct'], allow: 'listed' });
    expect(await send(p, 'a1', 'a2')).toEqual({ action: 'block', guard: 'channel-policy', code: 'CHANNEL_DENIED', reason: "channel 'inbox' is not allowed" });
    expect((await send(p, 'a1', 'user:a1', 0, 'output')).action).toBe('deliver');
    expect((await send(p, 'a1', 'user:a2', 0, 'output')).action).toBe('block');
  });

  it('caps distinct recipients per sender and round (repeat mail to one recipient is fine) and resets each round', async () => {
    const p = pipelineWith({ allow: 'listed', pairs: [{ from: '*', to: '*' }], maxFanOut: 2 });
    expect((await send(p, 'a1', 'a2')).action).toBe('deliver');
    expect((await send(p, 'a1', 'a3')).action).toBe('deliver');
    expect((await send(p, 'a1', 'a2')).action).toBe('deliver');
    expect(await send(p, 'a1', 'a4')).toEqual({ action: 'block', guard: 'channel-policy', code: 'FANOUT_EXCEEDED', reason: 'fan-out cap: a1 already wrote to 2 recipients this round' });
    expect((await send(p, 'a2', 'a4')).action).toBe('deliver');
    expect((await send(p, 'a1', 'a4', 1)).action).toBe('deliver');
  });

  it('caps envelopes per sender and round; blocked pairs do not use the budget', async () => {
    const p = pipelineWith({ maxPerPeriod: 2 });
    expect((await send(p, 'a1', 'a3')).action).toBe('block'); // not allowed: does not count
    expect((await send(p, 'a2', 'a1')).action).toBe('deliver');
    expect((await send(p, 'a2', 'a3')).action).toBe('deliver');
    expect(await send(p, 'a2', 'a1')).toEqual({ action: 'block', guard: 'channel-policy', code: 'RATE_LIMITED', reason: 'rate cap: a2 already sent 2 this round' });
    expect((await send(p, 'a2', 'a1', 1)).action).toBe('deliver');
  });
});

describe('channel-policy: periods in the clock\u2019s unit, exact caps, bounded budgets', () => {
  const open = (config: Record<string, unknown>) => testPipeline([guardOf(channelPolicy, { allow: 'listed', pairs: [{ from: '*', to: '*' }], ...config })]);

  it('counts a budget over `period` clock units: the last unit of a period shares it, the first of the next starts afresh', async () => {
    const p = open({ maxPerPeriod: 1, period: 10 });
    expect((await send(p, 'a1', 'a2', 0)).action).toBe('deliver');
    expect(await send(p, 'a1', 'a2', 9)).toEqual({ action: 'block', guard: 'channel-policy', code: 'RATE_LIMITED', reason: 'rate cap: a1 already sent 1 in this period (10 round(s))' });
    expect((await send(p, 'a1', 'a2', 10)).action).toBe('deliver');
    // Periods are aligned to the clock (10-19, 20-29): a budget used at 19 does not carry into 20.
    expect((await send(p, 'a1', 'a2', 19)).action).toBe('block');
    expect((await send(p, 'a1', 'a2', 25)).action).toBe('deliver');
    expect((await send(p, 'a1', 'a2', 29)).action).toBe('block');
  });

  it('allows exactly maxPerPeriod envelopes and exactly maxFanOut recipients', async () => {
    const rate = open({ maxPerPeriod: 3 });
    const actions = [];
    for (let k = 0; k < 4; k++) actions.push((await send(rate, 'a1', 'a2')).action);
    expect(actions).toEqual(['deliver', 'deliver', 'deliver', 'block']);
    const fan = open({ maxFanOut: 3 });
    const fanned = [];
    for (const to of ['a2', 'a3', 'a4', 'a5', 'a2']) fanned.push((await send(fan, 'a1', to)).action);
    expect(fanned).toEqual(['deliver', 'deliver', 'deliver', 'block', 'deliver']);
  });

  it('tracks the budgets of at most maxAgents senders: a forgotten sender starts afresh', async () => {
    const p = open({ maxPerPeriod: 1, maxAgents: 2 });
    expect((await send(p, 'a1', 'a2')).action).toBe('deliver');
    expect((await send(p, 'a1', 'a2')).action).toBe('block');
    await send(p, 'a2', 'a1');
    await send(p, 'a3', 'a1');
    // a1 was the least recently used of three senders: its budget is gone.
    expect((await send(p, 'a1', 'a2')).action).toBe('deliver');
  });

  it('keeps no budget without a cap', async () => {
    const services = testServices();
    const p = testPipeline([guardOf(channelPolicy, {}, services)], { services });
    for (let k = 0; k < 5; k++) await p.process(textEnvelope('hi', { from: `a${k}`, to: 'a9' }), 'send', 0);
    expect(services.state.map('channel-policy:budgets', { maxEntries: 1 }).size).toBe(0);
  });
});
