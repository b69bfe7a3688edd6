import { describe, expect, it } from 'vitest';
import { testPipeline } from '../testing/index.js';
import type { AgentId, Flag, Guard } from '@masec/spec';
import { textEnvelope } from '../testing/envelopes.js';
import { MAX_ROUND_FLAGGED, MAX_ROUND_FLAGS_PER_SENDER } from './pipeline.js';

const flagger = (id: string, score: number): Guard => ({
  id,
  hooks: ['send'],
  async handle(envelope, ctx, next) {
    ctx.flag(score, `${id} says so`);
    return next(envelope);
  },
});

describe('ShieldPipeline', () => {
  it('delivers the envelope unchanged when no guard listens on the hook', async () => {
    const pipeline = testPipeline([flagger('f', 0.9)]);
    const env = textEnvelope('hello');
    const outcome = await pipeline.process(env, 'deliver', 3);
    expect(outcome).toEqual({ verdict: { action: 'deliver', envelope: env }, flags: [], transforms: [], quarantined: [] });
    expect(pipeline.handles('deliver')).toBe(false);
    expect(pipeline.handles('send')).toBe(true);
  });

  it('runs guards in order; later guards see earlier flags and rewrites', async () => {
    const seen: number[] = [];
    const rewriter: Guard = {
      id: 'rewriter',
      hooks: ['send'],
      async handle(envelope, ctx, next) {
        ctx.noteTransform('upper');
        return next({ ...envelope, parts: [{ kind: 'text', text: 'HELLO' }] });
      },
    };
    const observer: Guard = {
      id: 'observer',
      hooks: ['send'],
      async handle(envelope, ctx, next) {
        seen.push(ctx.flags.length);
        expect(envelope.parts[0]).toEqual({ kind: 'text', text: 'HELLO' });
        return next(envelope);
      },
    };
    const pipeline = testPipeline([flagger('f', 0.7), rewriter, observer]);
    const outcome = await pipeline.process(textEnvelope('hello'), 'send', 0);
    expect(seen).toEqual([1]);
    expect(outcome.flags).toEqual([{ guard: 'f', score: 0.7, reason: 'f says so' }]);
    expect(outcome.transforms).toEqual([{ guard: 'rewriter', reason: 'upper' }]);
    expect(outcome.verdict.action).toBe('deliver');
  });

  it('stops at a block and does not run later guards', async () => {
    let later = false;
    const blocker: Guard = { id: 'blocker', hooks: ['send'], handle: async () => ({ action: 'block', guard: 'blocker', code: 'BLOCKED', reason: 'no' }) };
    const after: Guard = {
      id: 'after',
      hooks: ['send'],
      handle: async (e, _c, next) => {
        later = true;
        return next(e);
      },
    };
    const outcome = await testPipeline([blocker, after]).process(textEnvelope('x'), 'send', 0);
    expect(outcome.verdict).toEqual({ action: 'block', guard: 'blocker', code: 'BLOCKED', reason: 'no' });
    expect(later).toBe(false);
  });

  it('keeps the quarantine set across envelopes and reports each quarantine once', async () => {
    const isolator: Guard = {
      id: 'isolator',
      hooks: ['send'],
      async handle(envelope, ctx, next) {
        ctx.quarantine(envelope.from, 'test');
        ctx.quarantine(envelope.from, 'again');
        return next(envelope);
      },
    };
    const pipeline = testPipeline([isolator]);
    const first = await pipeline.process(textEnvelope('x'), 'send', 0);
    const second = await pipeline.process(textEnvelope('y'), 'send', 1);
    expect(first.quarantined).toEqual([{ agent: 'a1', guard: 'isolator', reason: 'test' }]);
    expect(second.quarantined).toEqual([]);
    expect(pipeline.isQuarantined('a1')).toBe(true);
  });

  it('rejects flag scores outside [0, 1] and duplicate guard ids', async () => {
    await expect(testPipeline([flagger('f', 1.5)]).process(textEnvelope('x'), 'send', 0)).rejects.toThrow(/outside \[0, 1\]/);
    expect(() => testPipeline([flagger('f', 0.1), flagger('f', 0.2)])).toThrow(/twice/);
  });

  it('measures exclusive time per guard with the injected clock', async () => {
    let now = 0;
    const slow: Guard = {
      id: 'slow',
      hooks: ['send'],
      async handle(envelope, _ctx, next) {
        now += 5; // 5 ms of own work before calling next
        const verdict = await next(envelope);
        now += 1; // 1 ms after
        return verdict;
      },
    };
    const fast: Guard = {
      id: 'fast',
      hooks: ['send'],
      async handle(envelope, _ctx, next) {
        now += 2;
        return next(envelope);
      },
    };
    const pipeline = testPipeline([slow, fast], { timer: () => now });
    await pipeline.process(textEnvelope('x'), 'send', 0);
    await pipeline.process(textEnvelope('y'), 'send', 0);
    expect(pipeline.guardMicros()).toEqual({ slow: 6000, fast: 2000 });
  });

  it('remembers a round\u2019s flags for round-end guards up to its caps: senders per round, flags per sender', async () => {
    let seen: ReadonlyMap<AgentId, readonly Flag[]> = new Map();
    const roundEnd: Guard = { id: 'ender', hooks: ['round-end'], handle: (e, _c, next) => next(e), endRound: (ctx) => void (seen = ctx.flagged) };
    const pipeline = testPipeline([flagger('f', 0.5), roundEnd]);
    const host = { agents: [], memory: () => [], purge: () => 0 };
    for (let i = 0; i < MAX_ROUND_FLAGS_PER_SENDER + 1; i++) await pipeline.process(textEnvelope('x', { from: 'loud' }), 'send', 0);
    for (let i = 0; i < MAX_ROUND_FLAGGED; i++) await pipeline.process(textEnvelope('x', { from: `s${i}` }), 'send', 0);
    await pipeline.endRound(0, host);
    // The loud sender keeps its first MAX_ROUND_FLAGS_PER_SENDER flags; the last sender is one too many.
    expect(seen.get('loud')?.length).toBe(MAX_ROUND_FLAGS_PER_SENDER);
    expect(seen.size).toBe(MAX_ROUND_FLAGGED);
    expect(seen.has(`s${MAX_ROUND_FLAGGED - 2}`)).toBe(true);
    expect(seen.has(`s${MAX_ROUND_FLAGGED - 1}`)).toBe(false);
    // The next round starts empty.
    await pipeline.process(textEnvelope('x', { from: 'quiet' }), 'send', 1);
    await pipeline.endRound(1, host);
    expect([...seen.keys()]).toEqual(['quiet']);
  });

  it('with deferQuarantine records quarantines without applying them; applyQuarantines applies the new ones in order', async () => {
    const isolator: Guard = { id: 'isolator', hooks: ['memory-read'], handle: async (e, ctx, next) => (ctx.quarantine(e.from, 'read'), next(e)) };
    const pipeline = testPipeline([isolator]);
    const first = await pipeline.process(textEnvelope('x', { from: 'w1' }), 'memory-read', 0, { deferQuarantine: true });
    const again = await pipeline.process(textEnvelope('x', { from: 'w1' }), 'memory-read', 0, { deferQuarantine: true });
    const other = await pipeline.process(textEnvelope('x', { from: 'w2' }), 'memory-read', 0, { deferQuarantine: true });
    expect(pipeline.isQuarantined('w1')).toBe(false);
    const notes = [...first.quarantined, ...again.quarantined, ...other.quarantined];
    expect(notes.map((n) => n.agent)).toEqual(['w1', 'w1', 'w2']);
    expect(pipeline.pipeline.applyQuarantines(notes)).toEqual([
      { agent: 'w1', guard: 'isolator', reason: 'read' },
      { agent: 'w2', guard: 'isolator', reason: 'read' },
    ]);
    expect(pipeline.isQuarantined('w1') && pipeline.isQuarantined('w2')).toBe(true);
    expect(pipeline.pipeline.applyQuarantines(notes)).toEqual([]);
  });

  it('lets round-end guards quarantine (once) and purge, reporting only purges that removed something', async () => {
    const ender: Guard = {
      id: 'ender',
      hooks: ['round-end'],
      handle: (e, _c, next) => next(e),
      endRound(ctx) {
        ctx.quarantine('a1', 'end');
        ctx.quarantine('a1', 'twice');
        ctx.purge('a2', ['i1'], 'bad');
        ctx.purge('a3', ['none'], 'nothing there');
      },
    };
    const pipeline = testPipeline([ender]);
    const host = { agents: ['a1', 'a2', 'a3'], memory: () => [], purge: (agent: string) => (agent === 'a2' ? 1 : 0) };
    expect(await pipeline.endRound(2, host)).toEqual({
      quarantined: [{ agent: 'a1', guard: 'ender', reason: 'end' }],
      purged: [{ agent: 'a2', guard: 'ender', ids: ['i1'], reason: 'bad' }],
    });
    expect(pipeline.isQuarantined('a1')).toBe(true);
  });

  it('refuses a block without a well-formed code and a flag with a malformed one', async () => {
    const bad = (verdict: unknown): Guard => ({ id: 'bad', hooks: ['send'], handle: async () => verdict as never });
    await expect(testPipeline([bad({ action: 'block', guard: 'bad', reason: 'no' })]).process(textEnvelope('x'), 'send', 0)).rejects.toThrow(/without a verdict code/);
    await expect(testPipeline([bad({ action: 'block', guard: 'bad', code: 'lower-case', reason: 'no' })]).process(textEnvelope('x'), 'send', 0)).rejects.toThrow(/not an upper-snake-case/);
    const flagger: Guard = { id: 'coder', hooks: ['send'], handle: async (e, ctx, next) => (ctx.flag(0.5, 'x', 'Nope'), next(e)) };
    await expect(testPipeline([flagger]).process(textEnvelope('x'), 'send', 0)).rejects.toThrow(/flagged with code 'Nope'/);
  });
});
