import { describe, expect, it } from 'vitest';
import { guardOf, testPipeline, testServices } from '../testing/index.js';
import { type DefenseDefinition, type Envelope, type Guard, NEVER_ABORTED, millisecondClock } from '@masec/spec';
import { ShieldPipeline } from '../pipeline/pipeline.js';
import { MemoryStateStore } from '../state/memory-state-store.js';
import { runDefenseContract } from '../testing/defense-contract.js';
import { textEnvelope } from '../testing/envelopes.js';
import { circuitBreaker } from './definition.js';

runDefenseContract(circuitBreaker as DefenseDefinition<unknown>, {
  benign: [textEnvelope('GET /api/a2'), textEnvelope('200 OK', { parts: [{ kind: 'data', data: { status: 'ok', re: 'm0.0' } }] })],
  suspicious: {
    config: { failures: 1 },
    steps: [
      { hook: 'deliver', envelope: textEnvelope('500', { from: 'a2', to: 'a1', parts: [{ kind: 'data', data: { status: 'error', re: 'm0' } }] }) },
      { hook: 'send', envelope: textEnvelope('GET /api/a2', { from: 'a1', to: 'a2' }), at: 1 },
    ],
  },
  flood: { config: { timeout: 3, maxEdges: 1_000, maxCalls: 1_000 } },
});

let seq = 0;
const call = (from = 'a1', to = 'a0'): Envelope => textEnvelope(`GET /api/${to}`, { id: `c${seq++}`, from, to, parts: [{ kind: 'text', text: `GET /api/${to}` }, { kind: 'data', data: { req: 'r', attempt: 0 } }] });
const reply = (status: 'ok' | 'error', re: string, from = 'a0', to = 'a1'): Envelope =>
  textEnvelope(status, { id: `p${seq++}`, from, to, parts: [{ kind: 'text', text: status }, { kind: 'data', data: { status, re } }] });

function breaker(config: Record<string, unknown> = {}, before: Guard[] = []) {
  const pipeline = testPipeline([...before, guardOf(circuitBreaker, (config))]);
  return {
    send: async (e: Envelope, round: number) => (await pipeline.process(e, 'send', round)).verdict,
    deliver: async (e: Envelope, round: number) => (await pipeline.process(e, 'deliver', round)).verdict,
    /** Delivers an error reply (from a0 to a1) at each of `rounds`. */
    failAt: async (...rounds: number[]) => {
      for (const round of rounds) await pipeline.process(reply('error', 'x'), 'deliver', round);
    },
  };
}

describe('circuit-breaker (cascading-failure)', () => {
  it('opens an edge after `failures` error replies within the window, blocks its calls but not its replies or other edges', async () => {
    const b = breaker({ failures: 3, window: 3, cooldown: 2 });
    for (const round of [1, 2, 3]) await b.deliver(reply('error', 'x'), round);
    expect(await b.send(call(), 3)).toEqual({ action: 'block', guard: 'circuit-breaker', code: 'CIRCUIT_OPEN', reason: 'circuit open: a1\u2192a0 since round 3' });
    expect((await b.send(reply('ok', 'y', 'a1', 'a0'), 3)).action).toBe('deliver');
    expect((await b.send(call('a2', 'a0'), 3)).action).toBe('deliver');
    expect((await b.send(call('a0', 'a1'), 3)).action).toBe('deliver');
  });

  it('forgets failures older than the window', async () => {
    const b = breaker({ failures: 3, window: 3 });
    for (const round of [1, 2, 4, 6]) await b.deliver(reply('error', 'x'), round);
    expect((await b.send(call(), 6)).action).toBe('deliver');
    await b.deliver(reply('error', 'x'), 6);
    expect((await b.send(call(), 6)).action).toBe('block');
  });

  it('half-opens after the cool-down: lets `probes` calls through; an ok reply closes it, an error reopens it', async () => {
    const b = breaker({ failures: 1, cooldown: 2, probes: 1 });
    await b.deliver(reply('error', 'x'), 0);
    expect((await b.send(call(), 1)).action).toBe('block');
    expect((await b.send(call(), 2)).action).toBe('deliver'); // the probe
    expect(await b.send(call(), 2)).toMatchObject({ action: 'block', reason: 'circuit half-open: a1\u2192a0 (probe in flight)' });
    await b.deliver(reply('error', 'probe'), 4);
    expect((await b.send(call(), 5)).action).toBe('block');
    expect((await b.send(call(), 6)).action).toBe('deliver'); // next probe
    await b.deliver(reply('ok', 'probe'), 8);
    for (let k = 0; k < 3; k++) expect((await b.send(call(), 8)).action).toBe('deliver');
  });

  it('sends another probe when the first one got no answer within a cool-down', async () => {
    const b = breaker({ failures: 1, cooldown: 2 });
    await b.deliver(reply('error', 'x'), 0);
    expect((await b.send(call(), 2)).action).toBe('deliver');
    expect((await b.send(call(), 3)).action).toBe('block');
    expect((await b.send(call(), 4)).action).toBe('deliver');
  });

  it('with timeout, a call with no reply counts as a failure; a reply (by `re`) clears it', async () => {
    const b = breaker({ failures: 2, window: 5, timeout: 2 });
    const answered = call();
    await b.send(answered, 0);
    await b.send(call(), 0);
    await b.send(call(), 0);
    await b.deliver(reply('ok', answered.id), 1);
    // At round 2 the two unanswered calls time out: two failures open the breaker.
    expect((await b.send(call(), 2)).action).toBe('block');
    const quiet = breaker({ failures: 1, timeout: 2 });
    const c = call();
    await quiet.send(c, 0);
    await quiet.deliver(reply('ok', c.id), 1);
    expect((await quiet.send(call(), 5)).action).toBe('deliver');
  });

  it('with flagScore, a reply an earlier deliver guard flagged counts as a failure; without it, flags are ignored', async () => {
    const monitor: Guard = {
      id: 'overload-monitor',
      hooks: ['deliver'],
      handle: async (e, ctx, next) => {
        ctx.flag(0.8, 'slow');
        return next(e);
      },
    };
    const flagged = breaker({ failures: 1, flagScore: 0.5 }, [monitor]);
    await flagged.deliver(reply('ok', 'x'), 0);
    expect((await flagged.send(call(), 0)).action).toBe('block');
    const ignoring = breaker({ failures: 1 }, [monitor]);
    await ignoring.deliver(reply('ok', 'x'), 0);
    expect((await ignoring.send(call(), 0)).action).toBe('deliver');
  });

  it('with tools, a tool call is a call and a tool result its reply; without it, both pass unseen', async () => {
    for (const tools of [true, false]) {
      const pipeline = testPipeline([guardOf(circuitBreaker, { failures: 2, cooldown: 2, tools })]);
      const at = async (e: Envelope, hook: 'tool-call' | 'tool-result', round: number) => (await pipeline.process(e, hook, round)).verdict.action;
      // The MCP server `files` answers two calls from a1 with errors.
      for (const round of [1, 2]) await at(reply('error', 'x', 'files', 'a1'), 'tool-result', round);
      expect(await at(call('a1', 'files'), 'tool-call', 2)).toBe(tools ? 'block' : 'deliver');
      // A message on the same edge is no tool call: the breakers of messages and tools are one per edge.
      expect((await pipeline.process(call('a1', 'files'), 'send', 2)).verdict.action).toBe(tools ? 'block' : 'deliver');
      if (!tools) continue;
      // After the cool-down the probe goes; its result (a reply: it has inReplyTo) closes the breaker.
      const probe = call('a1', 'files');
      expect(await at(probe, 'tool-call', 4)).toBe('deliver');
      await at(textEnvelope('42 files', { from: 'files', to: 'a1', inReplyTo: probe.id }), 'tool-result', 4);
      expect(await at(call('a1', 'files'), 'tool-call', 4)).toBe('deliver');
      expect(await at(call('a1', 'files'), 'tool-call', 4)).toBe('deliver');
    }
  });

  it('has no population-level form (the population engine models contagion, not load)', () => {
    expect(circuitBreaker.population).toBeUndefined();
    expect(circuitBreaker.targets).toContain('cascading-failure');
  });
});

describe('circuit-breaker: exact thresholds and window edges', () => {
  it('opens on exactly the `failures`-th failure within the window, not on the one before', async () => {
    const b = breaker({ failures: 3, window: 5 });
    await b.failAt(0, 1);
    expect((await b.send(call(), 1)).action).toBe('deliver');
    await b.failAt(2);
    expect((await b.send(call(), 2)).action).toBe('block');
  });

  it('a failure exactly `window` back no longer counts; one a unit later still does', async () => {
    const gone = breaker({ failures: 2, window: 3 });
    await gone.failAt(0, 3);
    expect((await gone.send(call(), 3)).action).toBe('deliver');
    const kept = breaker({ failures: 2, window: 3 });
    await kept.failAt(1, 3);
    expect((await kept.send(call(), 3)).action).toBe('block');
  });

  it('blocks for exactly `cooldown`: one unit before it ends a call is refused, when it ends the probe goes', async () => {
    const b = breaker({ failures: 1, cooldown: 3 });
    await b.failAt(10);
    expect(await b.send(call(), 12)).toEqual({ action: 'block', guard: 'circuit-breaker', code: 'CIRCUIT_OPEN', reason: 'circuit open: a1\u2192a0 since round 10' });
    expect((await b.send(call(), 13)).action).toBe('deliver');
  });

  it('a half-open breaker lets exactly `probes` calls through', async () => {
    const b = breaker({ failures: 1, cooldown: 1, probes: 2 });
    await b.failAt(0);
    expect([(await b.send(call(), 1)).action, (await b.send(call(), 1)).action, (await b.send(call(), 1)).action]).toEqual(['deliver', 'deliver', 'block']);
  });

  it('a call unanswered for exactly `timeout` fails; one unit earlier it is still awaited', async () => {
    const b = breaker({ failures: 1, timeout: 2 });
    await b.send(call(), 0);
    expect((await b.send(call('a1', 'a9'), 1)).action).toBe('deliver');
    expect((await b.send(call(), 1)).action).toBe('deliver');
    expect(await b.send(call(), 2)).toMatchObject({ action: 'block', reason: 'circuit open: a1\u2192a0 since round 2' });
    // The call to a9 (sent at 1) times out at 3, not before.
    expect((await b.send(call('a1', 'a9'), 2)).action).toBe('deliver');
    expect((await b.send(call('a1', 'a9'), 3)).action).toBe('block');
  });

  it('a reply flagged exactly at flagScore is a failure; just below it is not', async () => {
    const flagger = (score: number): Guard => ({ id: 'overload', hooks: ['deliver'], handle: async (e, ctx, next) => (ctx.flag(score, 'slow'), next(e)) });
    const at = breaker({ failures: 1, flagScore: 0.5 }, [flagger(0.5)]);
    await at.deliver(reply('ok', 'x'), 0);
    expect((await at.send(call(), 0)).action).toBe('block');
    const below = breaker({ failures: 1, flagScore: 0.5 }, [flagger(0.4999)]);
    await below.deliver(reply('ok', 'x'), 0);
    expect((await below.send(call(), 0)).action).toBe('deliver');
  });

  it('keeps at most maxEdges breakers and maxCalls awaited calls, forgetting the least recently used', async () => {
    const b = breaker({ failures: 1, maxEdges: 1 });
    await b.failAt(0);
    expect((await b.send(call(), 0)).action).toBe('block');
    await b.deliver(reply('error', 'x', 'a5', 'a1'), 0);
    // The a1→a0 breaker was the least recently used: forgotten, its calls pass again.
    expect((await b.send(call('a1', 'a5'), 0)).action).toBe('block');
    expect((await b.send(call(), 0)).action).toBe('deliver');
    const calls = breaker({ failures: 1, timeout: 1, maxCalls: 1 });
    await calls.send(call(), 0);
    await calls.send(call('a1', 'a5'), 0);
    // Only the later call was still awaited when the timeout came: a1→a5 fails, a1→a0 does not.
    expect((await calls.send(call('a1', 'a5'), 1)).action).toBe('block');
    expect((await calls.send(call(), 1)).action).toBe('deliver');
  });

  it('speaks the clock\u2019s unit in its reasons: milliseconds behind the shield', async () => {
    const clock = millisecondClock(() => 1_700_000_000_000);
    const guard = circuitBreaker.create(circuitBreaker.configSchema.parse({ failures: 1, cooldown: 60_000 }), { clock, signal: NEVER_ABORTED, state: new MemoryStateStore(clock) });
    const pipeline = new ShieldPipeline([guard], { clock });
    await pipeline.process(reply('error', 'x'), 'deliver');
    expect((await pipeline.process(call(), 'send')).verdict).toMatchObject({ reason: 'circuit open: a1\u2192a0 since t=1700000000000 ms' });
  });
});

describe('circuit-breaker: what each reply does to a breaker', () => {
  it('a failure while half-open reopens at once, however many failures opening needs', async () => {
    const b = breaker({ failures: 2, window: 10, cooldown: 2 });
    await b.failAt(0, 0);
    expect((await b.send(call(), 2)).action).toBe('deliver'); // the probe
    await b.deliver(reply('error', 'probe'), 3);
    expect(await b.send(call(), 4)).toMatchObject({ action: 'block', reason: 'circuit open: a1\u2192a0 since round 3' });
  });

  it('failures while open do not extend the cool-down', async () => {
    const b = breaker({ failures: 1, cooldown: 3 });
    await b.failAt(0);
    await b.deliver(reply('error', 'late'), 2);
    expect((await b.send(call(), 3)).action).toBe('deliver');
  });

  it('an ok reply to a closed breaker does not forget its recent failures; a reply of another status neither fails nor closes', async () => {
    const b = breaker({ failures: 2, window: 10 });
    await b.failAt(0);
    await b.deliver(reply('ok', 'y'), 1);
    expect((await b.send(call(), 1)).action).toBe('deliver');
    await b.deliver(reply('error', 'z'), 2);
    expect((await b.send(call(), 2)).action).toBe('block');
    const other = breaker({ failures: 1, cooldown: 1 });
    await other.failAt(0);
    expect((await other.send(call(), 1)).action).toBe('deliver'); // the probe
    await other.deliver(textEnvelope('busy', { from: 'a0', to: 'a1', parts: [{ kind: 'data', data: { status: 'pending', re: 'p' } }] }), 1);
    expect(await other.send(call(), 1)).toMatchObject({ action: 'block', reason: 'circuit half-open: a1\u2192a0 (probe in flight)' });
  });

  it('a reply without a status (an answer came: the shield\u2019s case) closes a half-open breaker', async () => {
    const b = breaker({ failures: 1, cooldown: 1 });
    await b.failAt(0);
    expect((await b.send(call(), 1)).action).toBe('deliver'); // the probe
    await b.deliver(textEnvelope('done', { from: 'a0', to: 'a1', inReplyTo: 'p' }), 1);
    expect((await b.send(call(), 1)).action).toBe('deliver');
    expect((await b.send(call(), 1)).action).toBe('deliver');
  });

  it('lets every call through while failures stay under the threshold', async () => {
    const b = breaker({ failures: 3 });
    await b.failAt(0);
    const actions = [];
    for (let k = 0; k < 3; k++) actions.push((await b.send(call(), 0)).action);
    expect(actions).toEqual(['deliver', 'deliver', 'deliver']);
  });

  it('awaits only calls it let through, and none without a timeout', async () => {
    const services = testServices();
    const pipeline = testPipeline([guardOf(circuitBreaker, { failures: 1, cooldown: 10, timeout: 2 }, services)], { services });
    await pipeline.process(reply('error', 'x'), 'deliver', 0);
    await pipeline.process(call(), 'send', 0); // blocked: not awaited, so it cannot time out
    await pipeline.process(call('a1', 'a5'), 'send', 0);
    const calls = services.state.map('circuit-breaker:calls', { maxEntries: 1 });
    expect([...calls.keys()]).toHaveLength(1);
    const plain = testServices();
    const quiet = testPipeline([guardOf(circuitBreaker, {}, plain)], { services: plain });
    await quiet.process(call(), 'send', 0);
    expect(plain.state.map('circuit-breaker:calls', { maxEntries: 1 }).size).toBe(0);
  });

  it('with flagScore, an unflagged reply is no failure, and one strong flag among weak ones is', async () => {
    const flags = (...scores: number[]): Guard => ({ id: 'overload', hooks: ['deliver'], handle: async (e, ctx, next) => (scores.forEach((s) => ctx.flag(s, 'slow')), next(e)) });
    const none = breaker({ failures: 1, flagScore: 0.5 }, [flags()]);
    await none.deliver(reply('ok', 'x'), 0);
    expect((await none.send(call(), 0)).action).toBe('deliver');
    const mixed = breaker({ failures: 1, flagScore: 0.5 }, [flags(0.1, 0.9)]);
    await mixed.deliver(reply('ok', 'x'), 0);
    expect((await mixed.send(call(), 0)).action).toBe('block');
  });
});
