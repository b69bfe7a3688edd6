/**
 * The population-outbreak benchmark compares the engine with a minimal hand-written loop
 * (benchmarks/reference/reference-loop.mjs; the C reference there is the same loop). The comparison is fair
 * only if both run the same outbreak: on the same graph, from the engine's seeded stream, the reference must
 * make the same draws and end in the same final state, round by round.
 */
import { describe, expect, it } from 'vitest';
import type { PopulationEndEvent, PopulationRoundEvent } from '@masec/spec';
import { FastRng, contactGraph, createRegistries, createRng, parseScenario, runPopulationEngine } from '@masec/sim';
import { fnv1aHex, referenceOutbreak } from '../../benchmarks/reference/reference-loop.mjs';

const registries = createRegistries();

function scenarioOf(topology: string, n: number, beta: number, gamma: number, rounds: number) {
  const yaml = `
id: reference
rounds: ${rounds}
engine: population
agents: { count: ${n} }
topology: ${topology}
population: { transmission: ${beta}, recovery: ${gamma} }`;
  return parseScenario(yaml, { file: 'reference.yaml', registries });
}

describe.each([
  ['Barabási–Albert m=3, sparse β (geometric skipping)', '{ kind: barabasi-albert, m: 3 }', 0.2, 0.5],
  ['Barabási–Albert m=3, dense β (one draw per edge)', '{ kind: barabasi-albert, m: 3 }', 0.5, 0.5],
  ['Erdős–Rényi mean degree 4, β = 1', '{ kind: erdos-renyi, meanDegree: 4 }', 1, 0.7],
  ['Watts–Strogatz k=6, slow recovery', '{ kind: watts-strogatz, k: 6, beta: 0.1 }', 0.15, 0.2],
])('the benchmark reference loop and the engine on %s', (_name, topology, beta, gamma) => {
  it('run the same outbreak: same infections per round, same final state', () => {
    const n = 10_000;
    const rounds = 60;
    const scenario = scenarioOf(topology, n, beta, gamma, rounds);
    for (const seed of [1, 2, 3]) {
      const graph = contactGraph(scenario, createRng(seed));
      const output = runPopulationEngine({ scenario, seed, arm: 'default', defenses: [], registries, graph });
      const perRound = output.events.filter((e): e is PopulationRoundEvent => e.type === 'population-round');
      const end = output.events.find((e): e is PopulationEndEvent => e.type === 'population-end');
      const fast = new FastRng(createRng(seed).fork('population'));
      const ref = referenceOutbreak(graph, { beta, gamma, rounds, seed: [fast.a, fast.b, fast.c, fast.d] });
      expect(ref.newPerRound).toEqual(perRound.map((e) => e.newCompromised));
      expect(ref.everInfected).toBe(perRound.at(-1)?.everCompromised);
      expect(fnv1aHex(ref.state)).toBe(end?.stateHash);
    }
    // Not a trivial agreement: the outbreaks are large.
    const graph = contactGraph(scenario, createRng(1));
    const fast = new FastRng(createRng(1).fork('population'));
    expect(referenceOutbreak(graph, { beta, gamma, rounds, seed: [fast.a, fast.b, fast.c, fast.d] }).everInfected).toBeGreaterThan(n / 4);
  });
});
