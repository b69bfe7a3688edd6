import { describe, expect, it } from 'vitest';
import { guardOf, testPipeline } from '../testing/index.js';
import type { DefenseDefinition } from '@masec/spec';
import { runDefenseContract } from '../testing/defense-contract.js';
import { textEnvelope } from '../testing/envelopes.js';
import { keywordMonitor } from '../testing/monitors.js';
import { quarantine } from './definition.js';

/** Flags messages containing 'EVIL' with score 0.9 and 'meh' with 0.3. */
const monitor = keywordMonitor();

runDefenseContract(quarantine as DefenseDefinition<unknown>, {
  benign: [textEnvelope('Lunch on Friday?')],
  suspicious: { before: () => [keywordMonitor()], steps: [{ hook: 'send', envelope: textEnvelope('EVIL payload') }, { hook: 'send', envelope: textEnvelope('Lunch on Friday?') }] },
  flood: { config: { maxAgents: 1_000 } },
});

describe('quarantine (worm containment)', () => {
  it('isolates a sender on its first strong flag and blocks everything it sends afterwards', async () => {
    const pipeline = testPipeline([monitor, guardOf(quarantine, ({}))]);
    const ok = await pipeline.process(textEnvelope('hi', { from: 'a1' }), 'send', 0);
    expect(ok.verdict.action).toBe('deliver');
    const evil = await pipeline.process(textEnvelope('EVIL payload', { from: 'a1' }), 'send', 1);
    expect(evil.verdict).toEqual({ action: 'block', guard: 'quarantine', code: 'QUARANTINED', reason: 'sender quarantined' });
    expect(evil.quarantined).toEqual([{ agent: 'a1', guard: 'quarantine', reason: '1 flagged message(s): monitor' }]);
    const after = await pipeline.process(textEnvelope('benign again', { from: 'a1' }), 'send', 2);
    expect(after.verdict).toEqual({ action: 'block', guard: 'quarantine', code: 'QUARANTINED', reason: 'sender is quarantined' });
    const other = await pipeline.process(textEnvelope('hello', { from: 'a2' }), 'send', 2);
    expect(other.verdict.action).toBe('deliver');
  });

  it('waits for afterFlags strikes and ignores weak flags', async () => {
    const pipeline = testPipeline([monitor, guardOf(quarantine, ({ afterFlags: 2, minScore: 0.5 }))]);
    expect((await pipeline.process(textEnvelope('meh'), 'send', 0)).verdict.action).toBe('deliver');
    expect((await pipeline.process(textEnvelope('EVIL'), 'send', 0)).verdict.action).toBe('deliver');
    expect((await pipeline.process(textEnvelope('EVIL'), 'send', 1)).verdict.action).toBe('block');
    expect(pipeline.isQuarantined('a1')).toBe(true);
  });
});

describe('quarantine: exact thresholds and bounded strikes', () => {
  const scoring = (score: number, config: Record<string, unknown> = {}) => testPipeline([keywordMonitor({ X: score }), guardOf(quarantine, config)]);

  it('a flag exactly at minScore is a strike; one just below is ignored', async () => {
    expect((await scoring(0.5, { minScore: 0.5 }).process(textEnvelope('X'), 'send', 0)).verdict.action).toBe('block');
    expect((await scoring(0.4999, { minScore: 0.5 }).process(textEnvelope('X'), 'send', 0)).verdict.action).toBe('deliver');
  });

  it('isolates on exactly the afterFlags-th strike', async () => {
    const p = scoring(0.9, { afterFlags: 3 });
    const actions = [];
    for (let k = 0; k < 3; k++) actions.push((await p.process(textEnvelope('X'), 'send', k)).verdict.action);
    expect(actions).toEqual(['deliver', 'deliver', 'block']);
    expect((await p.process(textEnvelope('X'), 'send', 3)).quarantined).toEqual([]);
  });

  it('counts strikes of at most maxAgents senders, forgetting the least recently flagged first', async () => {
    const p = scoring(0.9, { afterFlags: 2, maxAgents: 2 });
    for (const from of ['a1', 'a2', 'a3']) await p.process(textEnvelope('X', { from }), 'send', 0);
    // a2's first strike is remembered; a1's was forgotten when a3 struck.
    expect((await p.process(textEnvelope('X', { from: 'a2' }), 'send', 1)).verdict.action).toBe('block');
    expect((await p.process(textEnvelope('X', { from: 'a1' }), 'send', 1)).verdict.action).toBe('deliver');
  });
});
