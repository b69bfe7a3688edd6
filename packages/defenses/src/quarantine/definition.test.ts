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
