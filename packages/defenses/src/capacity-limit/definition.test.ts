// capacity-limit as a guard: the defense contract; length and vocabulary caps rewrite (and cut what a
// covert channel can carry), the per-sender rate blocks with RATE_LIMITED within a window and lets the
// sender through once it passes; no cap configured means nothing changes.
import { describe, expect, it } from 'vitest';
import type { DefenseDefinition } from '@masec/spec';
import { coverModel } from '@masec/stego';
import { runDefenseContract } from '../testing/defense-contract.js';
import { textEnvelope } from '../testing/envelopes.js';
import { guardOf, testPipeline } from '../testing/services.js';
import { capacityLimit, limitText } from './definition.js';

runDefenseContract(capacityLimit as DefenseDefinition<unknown>, {
  config: { maxWords: 8, vocabulary: 200, rate: { messages: 2, window: 3 } },
  benign: [textEnvelope('The client demo is due on Friday. Thanks to Omar for the clean draft.'), textEnvelope('Lunch on Friday?')],
  // Three posts from one sender within the window: the third is over the rate; the window passes and it may post again.
  suspicious: {
    steps: [
      { hook: 'send', envelope: textEnvelope('Lunch on Friday?', { id: 's1' }) },
      { hook: 'send', envelope: textEnvelope('Lunch on Friday?', { id: 's2' }) },
      { hook: 'send', envelope: textEnvelope('Lunch on Friday?', { id: 's3' }) },
      { hook: 'send', envelope: textEnvelope('Lunch on Friday?', { id: 's4' }), at: 3 },
    ],
  },
});

const textOf = (outcome: { verdict: { action: string; envelope?: { parts: { kind: string; text?: string }[] } } }) => outcome.verdict.envelope?.parts[0]?.text;

describe('defense capacity-limit', () => {
  it('keeps the first maxWords words and collapses white space', async () => {
    const outcome = await testPipeline([guardOf(capacityLimit, { maxWords: 4 })]).process(textEnvelope('The  demo is due on Friday.'), 'send', 0);
    expect(textOf(outcome)).toBe('The demo is due');
    expect(outcome.transforms).toEqual([{ guard: 'capacity-limit', reason: 'capacity limited' }]);
  });

  it('drops words outside the reference model\u2019s commonest, by the word without its punctuation', () => {
    const allowed = new Set(coverModel().commonWords(60));
    expect(allowed.has('the')).toBe(true);
    expect(allowed.has('zebra')).toBe(false);
    expect(limitText('The zebra is due.', { vocabulary: 60 }, allowed)).toBe('The is due.');
    expect(limitText('The plan is due.', { vocabulary: 60 }, new Set(['the', 'is', 'due', 'plan']))).toBe('The plan is due.');
  });

  it('blocks a sender over its rate with RATE_LIMITED, per sender, until the window passes', async () => {
    const pipeline = testPipeline([guardOf(capacityLimit, { rate: { messages: 2, window: 3 } })]);
    const send = async (from: string, round: number) => (await pipeline.process(textEnvelope('hi', { from }), 'send', round)).verdict;
    expect(await send('a1', 0)).toMatchObject({ action: 'deliver' });
    expect(await send('a1', 1)).toMatchObject({ action: 'deliver' });
    expect(await send('a1', 2)).toEqual({ action: 'block', guard: 'capacity-limit', code: 'RATE_LIMITED', reason: '2 messages in the last 3 clock units' });
    expect(await send('a2', 2)).toMatchObject({ action: 'deliver' });
    // Round 3: the send of round 0 has left the window.
    expect(await send('a1', 3)).toMatchObject({ action: 'deliver' });
    expect(await send('a1', 3)).toMatchObject({ action: 'block' });
  });

  it('with no cap set passes every message on unchanged', async () => {
    const envelope = textEnvelope('The  demo\u200B is due.');
    const outcome = await testPipeline([guardOf(capacityLimit, {})]).process(envelope, 'send', 0);
    expect(outcome.verdict).toEqual({ action: 'deliver', envelope });
    expect(outcome.transforms).toEqual([]);
  });

  it('rejects caps that are not positive', () => {
    expect(capacityLimit.configSchema.safeParse({ maxWords: 0 }).success).toBe(false);
    expect(capacityLimit.configSchema.safeParse({ rate: { messages: 1, window: 0 } }).success).toBe(false);
  });
});
