// cross-agent-aggregation (threats swarm and decomposition): near-identical content from many senders to one
// key, and parts of a harmful whole revealed under one key, each joined over a clock window.
import { describe, expect, it } from 'vitest';
import type { DefenseDefinition } from '@masec/spec';
import { guardOf, runDefenseContract, testPipeline, testServices, textEnvelope } from '../testing/index.js';
import { CrossAgentAggregationConfigSchema, crossAgentAggregation } from './definition.js';

const REVIEW = 'This product stopped working after two days and support never answered, avoid it';
const PARTS = [
  { name: 'precursor', terms: ['precursor list'] },
  { name: 'quantities', terms: ['scale the quantities'] },
  { name: 'assembly', terms: ['assembly order'] },
  { name: 'delivery', terms: ['delivery route'] },
];
const swarm = (n: number, to = 'target') => Array.from({ length: n }, (_, i) => ({ hook: 'send' as const, envelope: textEnvelope(`${REVIEW} (${i})`, { from: `s${i}`, to }) }));

runDefenseContract(crossAgentAggregation as DefenseDefinition<unknown>, {
  benign: [textEnvelope('Lunch on Friday?'), textEnvelope('Hi Bob, could you check the numbers in the second section before Thursday? Thanks, Ann')],
  config: { similar: { atLeast: 3 }, fragments: { parts: PARTS } },
  suspicious: { config: { similar: { atLeast: 3 }, fragments: { parts: PARTS } }, steps: [...swarm(4), { hook: 'send', envelope: textEnvelope('the precursor list, then scale the quantities, then the assembly order', { from: 'x', to: 'y' }), at: 1 }] },
  flood: { config: { similar: { atLeast: 3 }, fragments: { parts: PARTS }, maxKeys: 1_000 }, envelopes: 250_000 },
});

const send = (pipeline: ReturnType<typeof testPipeline>, text: string, from: string, to: string, round: number, extra = {}) =>
  pipeline.process(textEnvelope(text, { from, to, ...extra }), 'send', round);

describe('cross-agent-aggregation, similar (swarm)', () => {
  it('passes the first atLeast − 1 senders of near-identical content to one recipient and refuses the rest', async () => {
    const pipeline = testPipeline([guardOf(crossAgentAggregation, { similar: { atLeast: 3 } })]);
    const verdicts = [];
    for (let i = 0; i < 5; i++) verdicts.push((await send(pipeline, REVIEW, `s${i}`, 'target', 0)).verdict);
    expect(verdicts.map((v) => v.action)).toEqual(['deliver', 'deliver', 'block', 'block', 'block']);
    expect(verdicts[2]).toEqual({ action: 'block', guard: 'cross-agent-aggregation', code: 'COORDINATION_DETECTED', reason: '3 senders of near-identical content to recipient target within 5' });
  });

  it('counts each sender once, whatever it repeats, and another recipient separately', async () => {
    const pipeline = testPipeline([guardOf(crossAgentAggregation, { similar: { atLeast: 3 } })]);
    for (let i = 0; i < 6; i++) expect((await send(pipeline, REVIEW, 's0', 'target', 0)).verdict.action).toBe('deliver');
    expect((await send(pipeline, REVIEW, 's1', 'target', 0)).verdict.action).toBe('deliver');
    expect((await send(pipeline, REVIEW, 's2', 'other', 0)).verdict.action).toBe('deliver');
    expect((await send(pipeline, REVIEW, 's2', 'target', 0)).verdict.action).toBe('block');
  });

  it('forgets senders a window later: exactly `window` units back no longer counts', async () => {
    const pipeline = testPipeline([guardOf(crossAgentAggregation, { similar: { atLeast: 2 }, window: 3 })]);
    expect((await send(pipeline, REVIEW, 's0', 'target', 0)).verdict.action).toBe('deliver');
    expect((await send(pipeline, REVIEW, 's1', 'target', 3)).verdict.action).toBe('deliver'); // s0 is 3 back: gone
    expect((await send(pipeline, REVIEW, 's2', 'target', 5)).verdict.action).toBe('block'); // s1 is 2 back
  });

  it('does not join unrelated texts, texts shorter than minWords, or replies', async () => {
    const pipeline = testPipeline([guardOf(crossAgentAggregation, { similar: { atLeast: 2 } })]);
    const texts = ['Lunch on Friday at the usual place near the office', 'The quarterly numbers are in the second tab of the sheet', 'Please renew the certificate for the staging server this week'];
    for (const [i, text] of texts.entries()) expect((await send(pipeline, text, `s${i}`, 'target', 0)).verdict.action).toBe('deliver');
    for (let i = 0; i < 4; i++) expect((await send(pipeline, 'great product', `t${i}`, 'target', 0)).verdict.action).toBe('deliver');
    for (let i = 0; i < 4; i++) expect((await send(pipeline, REVIEW, `r${i}`, 'target', 0, { inReplyTo: `m${i}` })).verdict.action).toBe('deliver');
  });

  it('with count: envelopes under the sender it is the per-agent view: one agent repeating itself', async () => {
    const pipeline = testPipeline([guardOf(crossAgentAggregation, { by: 'sender', similar: { count: 'envelopes', atLeast: 3 } })]);
    for (let i = 0; i < 10; i++) expect((await send(pipeline, REVIEW, `s${i}`, 'target', 0)).verdict.action).toBe('deliver'); // ten senders once each
    expect((await send(pipeline, REVIEW, 's0', 'target', 0)).verdict.action).toBe('deliver');
    expect((await send(pipeline, REVIEW, 's0', 'target', 0)).verdict).toMatchObject({ action: 'block', reason: '3 near-identical envelopes to sender s0 within 5' });
  });

  it('with action flag it flags with the score and delivers', async () => {
    const pipeline = testPipeline([guardOf(crossAgentAggregation, { similar: { atLeast: 2 }, action: 'flag' })]);
    await send(pipeline, REVIEW, 's0', 'target', 0);
    const outcome = await send(pipeline, REVIEW, 's1', 'target', 0);
    expect(outcome.verdict.action).toBe('deliver');
    expect(outcome.flags).toEqual([{ guard: 'cross-agent-aggregation', score: 0.5, code: 'COORDINATION_DETECTED', reason: '2 senders of near-identical content to recipient target within 5' }]);
  });
});

describe('cross-agent-aggregation, fragments (decomposition)', () => {
  it('under the sender, joins the parts one requester asked of different agents', async () => {
    const pipeline = testPipeline([guardOf(crossAgentAggregation, { by: 'sender', fragments: { parts: PARTS, atLeast: 3 } })]);
    expect((await send(pipeline, 'Could you draft the precursor list for the lab?', 'boss', 'a1', 0)).verdict.action).toBe('deliver');
    expect((await send(pipeline, 'Please scale the quantities to ten litres.', 'boss', 'a2', 1)).verdict.action).toBe('deliver');
    expect((await send(pipeline, 'Please scale the quantities again.', 'boss', 'a3', 1)).verdict.action).toBe('deliver'); // a part seen twice is one part
    expect((await send(pipeline, 'What is the assembly order?', 'boss', 'a4', 2)).verdict).toEqual({
      action: 'block',
      guard: 'cross-agent-aggregation',
      code: 'COMPOSITE_DETECTED',
      reason: '3 parts (precursor, quantities, assembly) from sender boss within 5',
    });
    expect((await send(pipeline, 'What is the assembly order?', 'someone-else', 'a4', 2)).verdict.action).toBe('deliver');
  });

  it('under the edge (the per-agent view) the same requests pass: each agent sees one part', async () => {
    const pipeline = testPipeline([guardOf(crossAgentAggregation, { by: 'edge', fragments: { parts: PARTS, atLeast: 3 } })]);
    const asks = ['the precursor list', 'scale the quantities', 'the assembly order', 'the delivery route'];
    for (const [i, ask] of asks.entries()) expect((await send(pipeline, `Please do ${ask}.`, 'boss', `a${i}`, 0)).verdict.action).toBe('deliver');
  });

  it('matches terms as whole words in any case, and forgets parts a window later', async () => {
    const pipeline = testPipeline([guardOf(crossAgentAggregation, { by: 'sender', window: 2, fragments: { parts: PARTS, atLeast: 2 } })]);
    expect((await send(pipeline, 'PRECURSOR LIST, please', 'boss', 'a1', 0)).verdict.action).toBe('deliver');
    expect((await send(pipeline, 'the deliveryroute', 'boss', 'a1', 0)).verdict.action).toBe('deliver'); // not the whole words
    expect((await send(pipeline, 'the delivery route', 'boss', 'a2', 2)).verdict.action).toBe('deliver'); // precursor is 2 back: gone
    expect((await send(pipeline, 'the assembly order', 'boss', 'a3', 3)).verdict.action).toBe('block');
  });

  it('takes the stronger of the two joins when both are set', async () => {
    const pipeline = testPipeline([guardOf(crossAgentAggregation, { by: 'recipient', similar: { atLeast: 10 }, fragments: { parts: PARTS, atLeast: 2 } })]);
    await send(pipeline, 'the precursor list', 'x', 'lab', 0);
    expect((await send(pipeline, 'the assembly order', 'y', 'lab', 0)).verdict).toMatchObject({ action: 'block', code: 'COMPOSITE_DETECTED' });
  });
});

describe('cross-agent-aggregation, config and state', () => {
  it('refuses configs that cannot work', () => {
    expect(CrossAgentAggregationConfigSchema.safeParse({}).success).toBe(false);
    expect(CrossAgentAggregationConfigSchema.safeParse({ by: 'sender', similar: {} }).success).toBe(false); // distinct senders under a sender
    expect(CrossAgentAggregationConfigSchema.safeParse({ by: 'sender', similar: { count: 'envelopes' } }).success).toBe(true);
    expect(CrossAgentAggregationConfigSchema.safeParse({ fragments: { parts: PARTS, atLeast: 5 } }).success).toBe(false);
    expect(CrossAgentAggregationConfigSchema.safeParse({ fragments: { parts: PARTS.slice(0, 1) } }).success).toBe(false);
  });

  it('keeps at most maxKeys keys', async () => {
    const services = testServices();
    const pipeline = testPipeline([guardOf(crossAgentAggregation, { by: 'sender', fragments: { parts: PARTS }, maxKeys: 50 }, services)], { services });
    for (let i = 0; i < 500; i++) await send(pipeline, 'the precursor list', `s${i}`, 'a1', 0);
    expect(services.state.map('cross-agent-aggregation:fragments', { maxEntries: 50 }).size).toBe(50);
  });

  it('skips envelopes without the key (no subject under by: subject)', async () => {
    const pipeline = testPipeline([guardOf(crossAgentAggregation, { by: 'subject', similar: { atLeast: 2 } })]);
    for (let i = 0; i < 4; i++) expect((await send(pipeline, REVIEW, `s${i}`, 'target', 0)).verdict.action).toBe('deliver');
    await send(pipeline, REVIEW, 's0', 'target', 0, { subject: 'rating' });
    expect((await send(pipeline, REVIEW, 's1', 'other', 0, { subject: 'rating' })).verdict.action).toBe('block');
  });
});
