import { describe, expect, it } from 'vitest';
import { type TestPipeline, guardOf, testPipeline } from '../testing/index.js';
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
