// Environments: a step over every agent's actions of a round (a vote here), its log events, what agents see next
// round, and refused actions as events rather than crashes (ADR 0017).
import { describe, expect, it } from 'vitest';
import type { Environment, EnvironmentStepInput, Observation } from '@masec/spec';
import { runMessageEngine } from '../run/run-scenario.js';
import { lab, ofType, scenario } from './test-helpers.js';

/** A plurality vote between A and B; a tie is broken by the environment's own stream. */
function vote(steps: EnvironmentStepInput[] = []): Environment {
  return {
    name: 'vote',
    check: (value) => (value === 'A' || value === 'B' ? undefined : `a ballot is A or B, not ${JSON.stringify(value)}`),
    step(input) {
      steps.push(input);
      const a = input.moves.filter((m) => m.value === 'A').length;
      const b = input.moves.length - a;
      const winner = a === b ? (input.rng.chance(0.5) ? 'A' : 'B') : a > b ? 'A' : 'B';
      return {
        state: { winner, a, b },
        outcomes: Object.fromEntries(input.moves.map((m) => [m.agent, m.value === winner])),
        observations: Object.fromEntries(input.moves.map((m) => [m.agent, { winner }])),
      };
    },
  };
}

describe('environments', () => {
  it('steps over the round\u2019s accepted actions in agent order, logs state and outcomes, and shows each voter the result next round', async () => {
    const steps: EnvironmentStepInput[] = [];
    const seen: unknown[] = [];
    const ballot = (first: string, then: string) => (obs: Observation) => {
      if (obs.self.id === 'a2') seen.push(obs.environments.vote);
      // a2 changes its mind within the round: its last action counts.
      return obs.round === 0 ? [{ kind: 'environment' as const, environment: 'vote', value: first }, ...(first === then ? [] : [{ kind: 'environment' as const, environment: 'vote', value: then }])] : [];
    };
    const regs = lab({ a0: ballot('B', 'B'), a1: ballot('A', 'A'), a2: ballot('A', 'B') }, (world) => world.addEnvironment(vote(steps)));
    const { events, status } = await runMessageEngine({ scenario: scenario(), seed: 1, arm: 'x', defenses: [], registries: regs });
    expect(status).toBe('ok');
    expect(steps.map((s) => [s.round, s.moves])).toEqual([
      [0, [{ agent: 'a0', value: 'B' }, { agent: 'a1', value: 'A' }, { agent: 'a2', value: 'B' }]],
      [1, []],
      [2, []],
    ]);
    expect(ofType(events, 'environment-step')[0]).toEqual({ type: 'environment-step', round: 0, environment: 'vote', moves: 3, state: { winner: 'B', a: 1, b: 2 }, outcomes: { a0: true, a1: false, a2: true } });
    // Round 0: nothing yet; from round 1: the last result it was shown.
    expect(seen).toEqual([undefined, { winner: 'B' }, { winner: 'B' }]);
  });

  it('refuses a malformed action or an unknown environment as an event, and the run goes on', async () => {
    const regs = lab(
      {
        a0: (obs) => (obs.round === 0 ? [{ kind: 'environment', environment: 'vote', value: 42 }] : []),
        a1: (obs) => (obs.round === 0 ? [{ kind: 'environment', environment: 'auction', value: 'A' }] : []),
      },
      (world) => world.addEnvironment(vote()),
    );
    const { events, status } = await runMessageEngine({ scenario: scenario(), seed: 1, arm: 'x', defenses: [], registries: regs });
    expect(status).toBe('ok');
    expect(ofType(events, 'environment-reject')).toEqual([
      { type: 'environment-reject', round: 0, environment: 'vote', agent: 'a0', reason: 'a ballot is A or B, not 42' },
      { type: 'environment-reject', round: 0, environment: 'auction', agent: 'a1', reason: "no environment 'auction' (environments: vote)" },
    ]);
    expect(ofType(events, 'environment-step')[0]).toMatchObject({ round: 0, moves: 0 });
  });

  it('gives each step its own stream: ties break the same way for the same seed, whatever else the run draws', async () => {
    const winners = async (seed: number, extra: boolean) => {
      const regs = lab(
        {
          a0: (obs) => (obs.round < 3 ? [{ kind: 'environment', environment: 'vote', value: 'A' }] : []),
          a1: (obs) => {
            if (extra) obs.rng.next();
            return obs.round < 3 ? [{ kind: 'environment', environment: 'vote', value: 'B' }] : [];
          },
        },
        (world) => world.addEnvironment(vote()),
      );
      const { events } = await runMessageEngine({ scenario: scenario({ rounds: 3 }), seed, arm: 'x', defenses: [], registries: regs });
      return ofType(events, 'environment-step').map((e) => e.state?.winner);
    };
    const first = await winners(7, false);
    expect(await winners(7, true)).toEqual(first);
    const many = await Promise.all([1, 2, 3, 4, 5, 6].map((seed) => winners(seed, false)));
    expect(new Set(many.flat())).toEqual(new Set(['A', 'B']));
  });

  it('two environments of one name are a setup error, recorded as the run\u2019s outcome', async () => {
    const regs = lab({}, (world) => {
      world.addEnvironment(vote());
      world.addEnvironment(vote());
    });
    const out = await runMessageEngine({ scenario: scenario(), seed: 1, arm: 'x', defenses: [], registries: regs });
    expect(out.status).toBe('error');
    expect(out.error?.message).toBe("Error: threat 'lab' adds environment 'vote', which already exists");
  });
});
