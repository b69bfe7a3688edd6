import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { EdgeBuffer, erdosRenyi } from '../topology/index.js';
import { ContactEdges } from './contact-edges.js';
import { erdosRenyiFinalSize } from './final-size.js';
import { forEachOccupied, percolate } from './percolation.js';

function pathEdges(n: number): ContactEdges {
  const buf = new EdgeBuffer();
  for (let i = 0; i + 1 < n; i++) buf.push(i, i + 1);
  return ContactEdges.of(buf.toCsr(n));
}

describe('forEachOccupied', () => {
  it('keeps every edge at T = 1, none at T = 0, and about T·count in between, in increasing order', () => {
    const all: number[] = [];
    forEachOccupied(5, 1, createRng(1), (e) => all.push(e));
    expect(all).toEqual([0, 1, 2, 3, 4]);
    forEachOccupied(5, 0, createRng(1), () => expect.fail('T = 0 keeps nothing'));
    const kept: number[] = [];
    forEachOccupied(100_000, 0.3, createRng(2), (e) => kept.push(e));
    expect(Math.abs(kept.length - 30_000)).toBeLessThan(5 * Math.sqrt(100_000 * 0.3 * 0.7));
    for (let i = 1; i < kept.length; i++) expect(kept[i]!).toBeGreaterThan(kept[i - 1]!);
    expect(() => forEachOccupied(3, 1.5, createRng(1), () => undefined)).toThrow(RangeError);
  });
});

describe('percolate', () => {
  it('is exact at T = 1: removed nodes and cut edges split the path', () => {
    const edges = pathEdges(8);
    const rng = createRng(1);
    expect(percolate(edges, { transmissibility: 1, samples: 3, rng }).meanOutbreak.mean).toBe(1);
    const removed = new Uint8Array(8);
    removed[3] = 1; // clusters {0,1,2} and {4,...,7}; a seed on node 3 infects nobody
    const split = percolate(edges, { transmissibility: 1, samples: 3, rng, removed });
    expect(split.meanOutbreak).toEqual({ mean: 25 / 64, sd: 0, lo: 25 / 64, hi: 25 / 64, samples: 3 });
    expect(split.largestCluster.mean).toBe(4 / 8);
    const cut = new Uint8Array(edges.count);
    cut[edges.edgeId(1, 2)] = 1;
    cut[edges.edgeId(5, 6)] = 1; // clusters {0,1}, {2..5}, {6,7}
    const both = percolate(edges, { transmissibility: 1, samples: 2, rng, cut });
    expect([both.meanOutbreak.mean, both.largestCluster.mean]).toEqual([(4 + 16 + 4) / 64, 4 / 8]);
  });

  it('counts only the seed at T = 0', () => {
    const r = percolate(pathEdges(10), { transmissibility: 0, samples: 2, rng: createRng(1) });
    expect([r.meanOutbreak.mean, r.largestCluster.mean]).toEqual([10 / 100, 1 / 10]);
  });

  it('is deterministic for a seed', () => {
    const edges = ContactEdges.of(erdosRenyi(2000, { meanDegree: 3 }, createRng(5)));
    const a = percolate(edges, { transmissibility: 0.5, samples: 5, rng: createRng(9) });
    expect(percolate(edges, { transmissibility: 0.5, samples: 5, rng: createRng(9) })).toEqual(a);
    expect(percolate(edges, { transmissibility: 0.5, samples: 5, rng: createRng(10) })).not.toEqual(a);
  });

  it('agrees with theory on a large Erdős–Rényi graph above and below the threshold', () => {
    const c = 4;
    const n = 100_000;
    const edges = ContactEdges.of(erdosRenyi(n, { meanDegree: c }, createRng(12)));
    // Above: cT = 2, S ≈ 0.7968; the largest cluster is ≈ S and the expected outbreak ≈ S².
    const above = percolate(edges, { transmissibility: 0.5, samples: 20, rng: createRng(1) });
    const s = erdosRenyiFinalSize(c, 0.5);
    expect(Math.abs(above.largestCluster.mean - s)).toBeLessThan(0.01);
    expect(Math.abs(above.meanOutbreak.mean - s * s)).toBeLessThan(0.015);
    // Below: cT = 0.6; no giant cluster, and the mean cluster of a random node is 1/(1 − cT) = 2.5 nodes.
    const below = percolate(edges, { transmissibility: 0.15, samples: 20, rng: createRng(2) });
    expect(below.largestCluster.mean).toBeLessThan(0.001);
    expect(below.meanOutbreak.mean * n).toBeGreaterThan(2.5 * 0.95);
    expect(below.meanOutbreak.mean * n).toBeLessThan(2.5 * 1.05);
  });

  it('rejects bad options', () => {
    const edges = pathEdges(4);
    const rng = createRng(1);
    expect(() => percolate(edges, { transmissibility: 0.5, samples: 0, rng })).toThrow(RangeError);
    expect(() => percolate(edges, { transmissibility: 0.5, samples: 1, rng, removed: new Uint8Array(3) })).toThrow(RangeError);
    expect(() => percolate(edges, { transmissibility: 0.5, samples: 1, rng, cut: new Uint8Array(4) })).toThrow(RangeError);
  });
});
