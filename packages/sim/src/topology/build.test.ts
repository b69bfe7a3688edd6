import { MasecError } from '@masec/spec';
import type { Topology } from '@masec/spec';
import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { buildTopology } from './build.js';
import type { BuiltTopology } from './build.js';
import { checkCsr, edgeCount } from './csr-check.js';
import { degree } from './csr.js';
import type { CsrGraph } from './csr.js';

const noFiles = (path: string): string => {
  throw new Error(`unexpected read of ${path}`);
};

function graphOf(built: BuiltTopology): CsrGraph {
  if (built.kind !== 'static') throw new Error('expected a static topology');
  expect(checkCsr(built.graph)).toBeUndefined();
  return built.graph;
}

function build(topology: Topology, n: number, readText = noFiles): BuiltTopology {
  return buildTopology(topology, n, createRng(1), readText);
}

function invalidPath(topology: Topology, n: number): string {
  try {
    build(topology, n);
  } catch (error) {
    expect(error).toBeInstanceOf(MasecError);
    expect((error as MasecError).code).toBe('SCENARIO_INVALID');
    return (error as MasecError).issues[0]!.path;
  }
  throw new Error('expected buildTopology to throw');
}

describe('buildTopology', () => {
  it('builds every static kind', () => {
    expect(edgeCount(graphOf(build({ kind: 'complete' }, 10)))).toBe(45);
    expect(edgeCount(graphOf(build({ kind: 'ring', k: 2 }, 10)))).toBe(20);
    expect(degree(graphOf(build({ kind: 'star' }, 10)), 0)).toBe(9);
    expect(edgeCount(graphOf(build({ kind: 'chain' }, 10)))).toBe(9);
    expect(degree(graphOf(build({ kind: 'chain' }, 10)), 9)).toBe(1);
    expect(edgeCount(graphOf(build({ kind: 'tree', branching: 3 }, 10)))).toBe(9);
    expect(graphOf(build({ kind: 'erdos-renyi', meanDegree: 4 }, 1000)).n).toBe(1000);
    expect(graphOf(build({ kind: 'erdos-renyi', p: 0.01 }, 1000)).n).toBe(1000);
    expect(edgeCount(graphOf(build({ kind: 'watts-strogatz', k: 4, beta: 0.1 }, 100)))).toBe(200);
    expect(edgeCount(graphOf(build({ kind: 'barabasi-albert', m: 2 }, 100)))).toBe(3 + 97 * 2);
  });

  it('returns a pairing marker for random-pairing', () => {
    expect(build({ kind: 'random-pairing' }, 10)).toEqual({ kind: 'pairing' });
  });

  it('reads edge lists through readText', () => {
    const reads: string[] = [];
    const built = build({ kind: 'edge-list', file: 'g.txt', directed: false }, 4, (path) => {
      reads.push(path);
      return '0 1\n1 2\n';
    });
    expect(reads).toEqual(['g.txt']);
    const g = graphOf(built);
    expect(g.n).toBe(4);
    expect(degree(g, 3)).toBe(0);
  });

  it('rejects edge lists naming agents beyond agents.count', () => {
    const run = () => build({ kind: 'edge-list', file: 'g.txt', directed: true }, 3, () => '0 1\n1 3\n');
    expect(run).toThrow(MasecError);
    expect(run).toThrow('g.txt:2: topology.file: column 2: node id 3 is out of range; agents.count is 3, so ids must be 0..2');
  });

  it('validates parameters against n with located issues', () => {
    expect(invalidPath({ kind: 'erdos-renyi' }, 10)).toBe('topology.p');
    expect(invalidPath({ kind: 'erdos-renyi', p: 0.1, meanDegree: 2 }, 10)).toBe('topology.p');
    expect(invalidPath({ kind: 'erdos-renyi', meanDegree: 20 }, 10)).toBe('topology.meanDegree');
    expect(invalidPath({ kind: 'ring', k: 5 }, 10)).toBe('topology.k');
    expect(invalidPath({ kind: 'watts-strogatz', k: 3, beta: 0.1 }, 10)).toBe('topology.k');
    expect(invalidPath({ kind: 'watts-strogatz', k: 10, beta: 0.1 }, 10)).toBe('topology.k');
    expect(invalidPath({ kind: 'barabasi-albert', m: 10 }, 10)).toBe('topology.m');
  });

  it('gives readable messages', () => {
    expect(() => build({ kind: 'ring', k: 5 }, 10)).toThrow(
      'topology.k: ring needs k < n/2 (k neighbours on each side of 10 agents), got k = 5',
    );
  });

  it('builds configuration models from power-law, poisson and file degree sequences', () => {
    const power = graphOf(build({ kind: 'configuration-model', degrees: { kind: 'power-law', exponent: 2.5, min: 2, max: 50 } }, 2000));
    let minDegree = Infinity;
    for (let i = 0; i < 2000; i++) minDegree = Math.min(minDegree, degree(power, i));
    expect(minDegree).toBeGreaterThanOrEqual(0);
    expect(edgeCount(power)).toBeGreaterThan(2000); // mean degree ~3.6 minus a few erased stubs
    const poisson = graphOf(build({ kind: 'configuration-model', degrees: { kind: 'poisson', mean: 4 } }, 2000));
    expect(Math.abs((2 * edgeCount(poisson)) / 2000 - 4)).toBeLessThan(0.3);
    const reads: string[] = [];
    const fromFile = graphOf(
      build({ kind: 'configuration-model', degrees: { kind: 'file', file: 'deg.txt' } }, 4, (path) => {
        reads.push(path);
        return '1\n1\n2\n0\n';
      }),
    );
    expect(reads).toEqual(['deg.txt']);
    expect(degree(fromFile, 3)).toBe(0);
    expect(edgeCount(fromFile)).toBeLessThanOrEqual(2);
  });

  it('prefers readBytes over readText for files', () => {
    const seen: string[] = [];
    const built = buildTopology({ kind: 'edge-list', file: 'g.txt', directed: false }, 3, createRng(1), {
      readText: () => {
        throw new Error('readText should not be called');
      },
      readBytes: (path) => {
        seen.push(path);
        return new TextEncoder().encode('0 1\n1 2\n');
      },
    });
    expect(seen).toEqual(['g.txt']);
    expect(edgeCount(graphOf(built))).toBe(2);
    expect(() => buildTopology({ kind: 'edge-list', file: 'g.txt', directed: false }, 3, createRng(1), {})).toThrow(
      "the topology refers to 'g.txt' but no file reader was given",
    );
  });

  it('validates configuration-model degree parameters against n', () => {
    const power = (min: number, max: number): Topology => ({ kind: 'configuration-model', degrees: { kind: 'power-law', exponent: 2, min, max } });
    expect(invalidPath(power(5, 3), 100)).toBe('topology.degrees.max');
    expect(invalidPath(power(1, 100), 100)).toBe('topology.degrees.max');
    expect(invalidPath({ kind: 'configuration-model', degrees: { kind: 'poisson', mean: 12 } }, 10)).toBe('topology.degrees.mean');
    expect(() => build(power(1, 100), 100)).toThrow('topology.degrees.max: power-law max 100 exceeds n - 1 = 99 (the most a node can have)');
    expect(() =>
      build({ kind: 'configuration-model', degrees: { kind: 'file', file: 'deg.txt' } }, 3, () => '1\n1\n1\n'),
    ).toThrow('deg.txt: topology.degrees.file: the degrees sum to 3, an odd number; every edge needs two stubs');
  });

  it('is deterministic given the rng seed', () => {
    const a = graphOf(build({ kind: 'barabasi-albert', m: 3 }, 500));
    const b = graphOf(build({ kind: 'barabasi-albert', m: 3 }, 500));
    expect(Array.from(a.neighbors)).toEqual(Array.from(b.neighbors));
  });
});
