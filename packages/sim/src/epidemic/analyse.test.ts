import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { EdgeBuffer, erdosRenyi, star } from '../topology/index.js';
import { analyseContactGraph } from './analyse.js';
import { erdosRenyiFinalSize } from './final-size.js';

const base = { transmission: 0.05, recovery: 0.1, target: 0.05, strategy: 'targeted' as const, samples: 20 };

describe('analyseContactGraph', () => {
  it('puts the thresholds, final sizes and budget of an Erdős–Rényi graph together consistently', () => {
    const g = erdosRenyi(20_000, { meanDegree: 4 }, createRng(1));
    const a = analyseContactGraph(g, { ...base, rng: createRng(2) });
    expect(a.graph).toMatchObject({ n: 20_000, directed: false });
    expect(a.graph.meanDegree).toBeCloseTo(4, 1);
    expect(a.thresholds.sis).toBeCloseTo(1 / a.spectral.lambda, 12);
    expect(a.thresholds.sir).toBeCloseTo(a.graph.meanDegree / (a.graph.meanSquareDegree - a.graph.meanDegree), 12);
    expect(a.parameters).toMatchObject({ transmission: 0.05, recovery: 0.1, ratio: 0.5, aboveSis: true, aboveSir: true });
    expect(a.parameters.transmissibility).toBeCloseTo(0.05 / 0.145, 12);
    // T ≈ 0.345 and c ≈ 4: cT ≈ 1.38, S ≈ 0.52 from the Poisson formula; the empirical histogram agrees.
    expect(Math.abs(a.theory.finalSize - erdosRenyiFinalSize(a.graph.meanDegree, a.parameters.transmissibility))).toBeLessThan(0.01);
    expect(Math.abs(a.simulation.largestCluster.mean - a.theory.finalSize)).toBeLessThan(0.03);
    expect(Math.abs(a.simulation.meanOutbreak.mean - a.theory.expectedOutbreak)).toBeLessThan(0.03);
    expect(a.immunisation.budget).not.toBeNull();
    expect(a.immunisation.outbreak.mean).toBeLessThanOrEqual(0.05);
    expect(a.immunisation.baseline).toEqual(a.simulation.meanOutbreak); // same samples
    expect(a.notes).toEqual([]);
    expect(analyseContactGraph(g, { ...base, rng: createRng(2) })).toEqual(a);
  });

  it('is below both thresholds for weak transmission', () => {
    const a = analyseContactGraph(star(50), { ...base, transmission: 0.001, recovery: 0.5, rng: createRng(1) });
    expect(a.parameters).toMatchObject({ aboveSis: false, aboveSir: false });
    expect(a.theory.finalSize).toBe(0);
    expect(a.immunisation.budget).toBe(0);
    expect(a.notes.some((note) => note.includes('n = 50 is small'))).toBe(true);
  });

  it('notes a directed graph, and computes λ_max on the directed adjacency', () => {
    const buf = new EdgeBuffer();
    for (let i = 0; i < 1000; i++) buf.push(i, (i + 1) % 1000);
    buf.push(0, 500);
    const a = analyseContactGraph(buf.toCsr(1000, true), { ...base, rng: createRng(1) });
    expect(a.graph).toMatchObject({ directed: true, edges: 1001 });
    expect(a.spectral.lambda).toBeGreaterThan(1);
    expect(a.spectral.lambda).toBeLessThan(1.01);
    expect(a.notes[0]).toContain('directed graph');
  });
});
