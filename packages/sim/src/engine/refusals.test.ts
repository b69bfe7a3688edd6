// What a sender learns of its refused actions (Observation.refusals): the envelope id, where it was going and
// the verdict code, at its next turn — as a bounce or an HTTP error tells a real sender — and nothing else.
import { describe, expect, it } from 'vitest';
import { type Observation, type Refusal, block } from '@masec/spec';
import { runMessageEngine } from '../run/run-scenario.js';
import { defense, lab, scenario } from './test-helpers.js';

/** A guard on `hook` that blocks envelopes whose text or data mentions 'BAD', with code `code`. */
const blocker = (hook: 'send' | 'deliver' | 'tool-call', code: string) =>
  defense(`block-on-${hook}`, [hook], {
    handle: (e, _ctx, next) => (JSON.stringify(e.parts).includes('BAD') ? Promise.resolve(block(`block-on-${hook}`, code, `bad on ${hook}`)) : next(e)),
  });

describe('refusals shown to the sender', () => {
  it('a send blocked on its way out, one blocked on delivery and one to nobody are each shown once, at the sender\u2019s next turn', async () => {
    const seen: Record<number, readonly Refusal[] | undefined> = {};
    const a0 = (obs: Observation) => {
      seen[obs.round] = obs.refusals;
      if (obs.round !== 0) return [];
      return [
        { kind: 'send' as const, to: 'a1', text: 'BAD out' },
        { kind: 'send' as const, to: 'a1', text: 'fine' },
        { kind: 'send' as const, to: 'nobody', text: 'lost' },
        { kind: 'send' as const, to: 'a1', text: 'late BAD' },
      ];
    };
    const onDeliver = defense('late', ['deliver'], {
      handle: (e, _ctx, next) => (JSON.stringify(e.parts).includes('late') ? Promise.resolve(block('late', 'RATE_LIMITED', 'late')) : next(e)),
    });
    const regs = lab({ a0, a1: () => [] }, () => undefined, [blocker('send', 'INJECTION_DETECTED'), onDeliver]);
    const s = scenario({ rounds: 3, channel: { kind: 'inbox' } });
    // The send-time blocker is listed first: 'late BAD' is stopped at send, so the deliver-time guard never sees it.
    await runMessageEngine({ scenario: s, seed: 1, arm: 'x', defenses: [{ id: 'block-on-send', config: {} }, { id: 'late', config: {} }], registries: regs });
    expect(seen[0]).toBeUndefined();
    expect(seen[1]).toEqual([
      { id: 'm0.0', to: 'a1', code: 'INJECTION_DETECTED' },
      { id: 'm0.2', to: 'nobody', code: 'UNKNOWN_RECIPIENT' },
      { id: 'm0.3', to: 'a1', code: 'INJECTION_DETECTED' },
    ]);
    expect(seen[2]).toBeUndefined();
  });

  it('a deliver-time block reaches the sender in the round of delivery; a refused tool call shows its tool and code', async () => {
    const seen: Record<number, readonly Refusal[] | undefined> = {};
    const a0 = (obs: Observation) => {
      seen[obs.round] = obs.refusals;
      if (obs.round === 0) return [{ kind: 'send' as const, to: 'a1', text: 'BAD later' }, { kind: 'tool' as const, tool: 'echo', args: { q: 'BAD' } }, { kind: 'tool' as const, tool: 'missing', args: {} }];
      return [];
    };
    const regs = lab({ a0, a1: () => [] }, (world) => world.addTool({ name: 'echo', description: 'echoes', run: () => 'ok' }), [blocker('deliver', 'BLOCKED'), blocker('tool-call', 'TOKEN_SCOPE')]);
    await runMessageEngine({ scenario: scenario({ rounds: 3 }), seed: 1, arm: 'x', defenses: [{ id: 'block-on-deliver', config: {} }, { id: 'block-on-tool-call', config: {} }], registries: regs });
    expect(seen[1]).toEqual([
      { id: 't0.0', to: 'tool:echo', code: 'TOKEN_SCOPE' },
      { id: 't0.1', to: 'tool:missing', code: 'TOOL_NOT_OFFERED' },
      { id: 'm0.0', to: 'a1', code: 'BLOCKED' },
    ]);
    expect(seen[2]).toBeUndefined();
  });
});
