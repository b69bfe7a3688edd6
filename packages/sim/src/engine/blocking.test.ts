// What the message engine does with an envelope a guard blocks on send or on deliver, and the order in which
// envelopes are delivered.
import { describe, expect, it } from 'vitest';
import { type Envelope, block } from '@masec/spec';
import { runMessageEngine } from '../run/run-scenario.js';
import { defense, lab, ofType, scenario } from './test-helpers.js';

/** A guard on `hook` that blocks messages whose text contains 'BAD' (code BLOCKED), and passes the rest. */
const blocker = (hook: 'send' | 'deliver') =>
  defense(`block-on-${hook}`, [hook], {
    handle: (e, _ctx, next) => (e.parts[0]?.kind === 'text' && e.parts[0].text.includes('BAD') ? Promise.resolve(block(`block-on-${hook}`, 'BLOCKED', `bad on ${hook}`)) : next(e)),
  });

function recorder() {
  const got: Record<string, string[]> = {};
  const memory: Record<string, number> = {};
  const script = (sends: Record<number, { to: string; text: string; task?: boolean }[]>) => (obs: { self: { id: string }; round: number; incoming: readonly Envelope[]; memory: { size: number } }) => {
    for (const e of obs.incoming) (got[obs.self.id] ??= []).push(`${obs.round}:${e.id}:${e.parts[0]?.kind === 'text' ? e.parts[0].text : ''}`);
    memory[obs.self.id] = obs.memory.size;
    return (sends[obs.round] ?? []).map((s) => ({ kind: 'send' as const, ...s }));
  };
  return { got, memory, script };
}

describe('blocked envelopes and delivery order', () => {
  it('a send-time block: the send is logged, then the block (guard, code, reason); nothing is delivered, filed or completed', async () => {
    const r = recorder();
    const regs = lab({ a0: r.script({ 0: [{ to: 'a1', text: 'BAD news', task: true }] }), a1: r.script({}) }, () => undefined, [blocker('send')]);
    const s = scenario({ channel: { kind: 'inbox' } });
    const { events, costs } = await runMessageEngine({ scenario: s, seed: 1, arm: 'x', defenses: [{ id: 'block-on-send', config: {} }], registries: regs });
    expect(events.filter((e) => e.type === 'message-send' || e.type === 'message-block' || e.type === 'message-deliver' || e.type === 'task-complete')).toEqual([
      { type: 'message-send', round: 0, id: 'm0.0', from: 'a0', to: 'a1', channel: 'inbox', chars: 8, task: true, malicious: false },
      { type: 'message-block', round: 0, id: 'm0.0', guard: 'block-on-send', code: 'BLOCKED', reason: 'bad on send' },
    ]);
    expect(ofType(events, 'round-end')[0]).toEqual({ type: 'round-end', round: 0, sent: 1, delivered: 0, blocked: 1 });
    expect(r.got.a1).toBeUndefined();
    expect(r.memory.a1).toBe(0);
    expect(costs.envelopes).toBe(1);
  });

  it('a deliver-time block: the send passes, the block is logged in the next round, the recipient never sees or files it', async () => {
    const r = recorder();
    const regs = lab({ a0: r.script({ 0: [{ to: 'a1', text: 'BAD news' }, { to: 'a1', text: 'good news' }] }), a1: r.script({}) }, () => undefined, [blocker('deliver')]);
    const { events } = await runMessageEngine({ scenario: scenario({ channel: { kind: 'inbox' } }), seed: 1, arm: 'x', defenses: [{ id: 'block-on-deliver', config: {} }], registries: regs });
    expect(ofType(events, 'message-block')).toEqual([{ type: 'message-block', round: 1, id: 'm0.0', guard: 'block-on-deliver', code: 'BLOCKED', reason: 'bad on deliver' }]);
    expect(ofType(events, 'message-deliver')).toEqual([{ type: 'message-deliver', round: 1, id: 'm0.1', to: 'a1' }]);
    expect(ofType(events, 'round-end').slice(0, 2)).toEqual([
      { type: 'round-end', round: 0, sent: 2, delivered: 0, blocked: 0 },
      { type: 'round-end', round: 1, sent: 0, delivered: 1, blocked: 1 },
    ]);
    expect(r.got.a1).toEqual(['1:m0.1:good news']);
    expect(r.memory.a1).toBe(1);
  });

  it('delivers in the order sent: injected mail first, then agents in order, each agent\u2019s sends in its order', async () => {
    const r = recorder();
    const regs = lab(
      {
        a2: r.script({ 0: [{ to: 'a1', text: 'from a2, first' }, { to: 'a1', text: 'from a2, second' }] }),
        a0: r.script({ 0: [{ to: 'a1', text: 'from a0' }] }),
        a1: r.script({}),
      },
      (world) => {
        world.addAdversary('mallory');
        world.inject({ round: 0, from: 'mallory', to: 'a1', text: 'injected' });
      },
    );
    const { events } = await runMessageEngine({ scenario: scenario(), seed: 1, arm: 'x', defenses: [], registries: regs });
    expect(r.got.a1).toEqual(['1:m0.0:injected', '1:m0.1:from a0', '1:m0.2:from a2, first', '1:m0.3:from a2, second']);
    expect(ofType(events, 'message-deliver').map((e) => e.id)).toEqual(['m0.0', 'm0.1', 'm0.2', 'm0.3']);
  });
});
