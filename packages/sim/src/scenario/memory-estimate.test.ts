// The memory a run needs, estimated from the scenario: graphs too large for one array or for the machine
// are refused at load time. The figures the estimate is checked against were measured (see the module).
import { describe, expect, it } from 'vitest';
import { createRegistries } from '../registries.js';
import { parseScenario } from './index.js';
import { MAX_GRAPH_ARCS, estimateRunMemory, expectedArcs, formatBytes, memoryProblem, powerLawMean } from './memory-estimate.js';

const registries = createRegistries();
const GIB = 2 ** 30;
const MIB = 2 ** 20;

const population = (count: number, topology: string): string => `id: est
rounds: 10
engine: population
agents: { count: ${count} }
topology: ${topology}
population: { transmission: 0.2, recovery: 0.5 }
`;
const message = (count: number, topology: string): string => `id: est
rounds: 10
agents: { count: ${count}, policy: { id: stochastic } }
topology: ${topology}
`;
const estimate = (yaml: string) => estimateRunMemory(parseScenario(yaml, { file: 'e.yaml', registries }));

describe('estimateRunMemory', () => {
  it('counts the arcs each topology gives n agents (each undirected edge twice)', () => {
    const n = 1000;
    expect(expectedArcs({ kind: 'complete' }, n).arcs).toBe(n * (n - 1));
    expect(expectedArcs({ kind: 'ring', k: 3 }, n).arcs).toBe(6 * n);
    expect(expectedArcs({ kind: 'star' }, n).arcs).toBe(2 * (n - 1));
    expect(expectedArcs({ kind: 'barabasi-albert', m: 3 }, n).arcs).toBe(6 * n);
    expect(expectedArcs({ kind: 'erdos-renyi', p: 0.5 }, n).arcs).toBe(0.5 * n * (n - 1));
    expect(expectedArcs({ kind: 'erdos-renyi', meanDegree: 6 }, n).arcs).toBe(6 * n);
    expect(expectedArcs({ kind: 'watts-strogatz', k: 4, beta: 0.1 }, n).arcs).toBe(4 * n);
    expect(expectedArcs({ kind: 'random-pairing' }, n).arcs).toBe(0);
    expect(expectedArcs({ kind: 'edge-list', file: 'x', directed: false }, n, 1234).arcs).toBe(1234);
  });

  it('the power-law mean degree matches the sum, including its integral tail past 10^6 terms', () => {
    const exact = (exponent: number, min: number, max: number): number => {
      let w = 0;
      let m = 0;
      for (let k = min; k <= max; k++) {
        w += k ** -exponent;
        m += k ** (1 - exponent);
      }
      return m / w;
    };
    expect(powerLawMean(2.5, 2, 1000)).toBeCloseTo(exact(2.5, 2, 1000), 12);
    expect(powerLawMean(2.1, 1, 3_000_000)).toBeCloseTo(exact(2.1, 1, 3_000_000), 3);
  });

  it('stays below what BA m = 3 at 10^8 agents measured (4.6 GiB), within 10%', () => {
    const { bytes, arcs } = estimate(population(100_000_000, '{ kind: barabasi-albert, m: 3 }'));
    expect(arcs).toBe(600_000_000);
    expect(bytes).toBeLessThanOrEqual(4.6 * GIB);
    expect(bytes).toBeGreaterThan(0.9 * 4.6 * GIB);
  });

  it('a complete graph over 100,000 agents needs more entries than one array holds: refused at the topology', () => {
    const result = estimate(message(100_000, '{ kind: complete }'));
    expect(result.arcs).toBe(9_999_900_000);
    expect(result.arcs).toBeGreaterThan(MAX_GRAPH_ARCS);
    expect(memoryProblem(result, 64 * GIB)).toEqual({
      path: 'topology',
      message: 'a complete graph of 9,999,900,000 arcs: more than the 4,294,967,296 entries one array can hold; use fewer agents or a sparser topology',
    });
  });

  it('refuses a run estimated above the budget, saying what it needs and of what', () => {
    const result = estimate(population(40_000, '{ kind: complete }'));
    // 40,000 × 39,999 arcs × 4 bytes = 6.0 GiB, under the array limit.
    expect(result.arcs).toBe(1_599_960_000);
    expect(formatBytes(result.bytes)).toBe('6 GiB');
    expect(memoryProblem(result, 8 * GIB)).toBeUndefined();
    expect(memoryProblem(result, 4 * GIB)).toEqual({
      path: 'topology',
      message:
        'one run needs at least 6 GiB of memory (the process: 64 MiB; 40,000 agents at 10 bytes each: 1 MiB; a complete graph of 1,599,960,000 arcs at 4 bytes each: 6 GiB), more than the 4 GiB this machine has; use fewer agents or a sparser topology',
    });
  });

  it('a scenario of ordinary size is far from any limit', () => {
    const result = estimate(message(500, '{ kind: barabasi-albert, m: 3 }'));
    expect(result.bytes).toBeLessThan(128 * MIB);
    expect(memoryProblem(result, 1 * GIB)).toBeUndefined();
  });
});
