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

  it('is deterministic given the rng seed', () => {
    const a = graphOf(build({ kind: 'barabasi-albert', m: 3 }, 500));
    const b = graphOf(build({ kind: 'barabasi-albert', m: 3 }, 500));
    expect(Array.from(a.neighbors)).toEqual(Array.from(b.neighbors));
  });
});
