import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { EdgeBuffer, barabasiAlbert, complete, erdosRenyi, star } from '../topology/index.js';
import type { CsrGraph } from '../topology/index.js';
import { isAcyclic, spectralRadius, topRitzPair } from './spectral-radius.js';

function graph(n: number, pairs: readonly (readonly [number, number])[], directed = false): CsrGraph {
  const buf = new EdgeBuffer(pairs.length);
  for (const [u, v] of pairs) buf.push(u, v);
  return buf.toCsr(n, directed);
}

function path(n: number): CsrGraph {
  return graph(n, Array.from({ length: n - 1 }, (_, i) => [i, i + 1] as const));
}

function completeBipartite(a: number, b: number): CsrGraph {
  const pairs: [number, number][] = [];
  for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) pairs.push([i, a + j]);
  return graph(a + b, pairs);
}

/** Dense adjacency matrix of a small graph. */
function dense(g: CsrGraph): number[][] {
  const a = Array.from({ length: g.n }, () => new Array<number>(g.n).fill(0));
  for (let u = 0; u < g.n; u++) for (let p = g.offsets[u]!; p < g.offsets[u + 1]!; p++) a[u]![g.neighbors[p]!] = 1;
  return a;
}

/** All eigenvalues of a symmetric matrix by cyclic Jacobi rotations (reference solver for small n). */
function jacobiEigenvalues(input: number[][]): number[] {
  const a = input.map((row) => [...row]);
  const n = a.length;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p]![q]! ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p]![q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q]![q]! - a[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k]![p]!;
          const akq = a[k]![q]!;
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p]![k]!;
          const aqk = a[q]![k]!;
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
      }
    }
  }
  return a.map((row, i) => row[i]!).sort((x, y) => y - x);
}

function expectLambda(g: CsrGraph, exact: number, method = g.directed ? 'power-iteration' : 'lanczos'): void {
  const r = spectralRadius(g, { rng: createRng(7) });
  expect(r.method).toBe(method);
  expect(r.converged).toBe(true);
  expect(r.residual).toBeLessThanOrEqual(1e-6 * Math.max(1, exact));
  expect(Math.abs(r.lambda - exact)).toBeLessThanOrEqual(1e-6 * Math.max(1, exact));
}

describe('spectralRadius', () => {
  it('is n − 1 for the complete graph K_n (exactly, as a regular graph)', () => {
    expectLambda(complete(10), 9, 'regular');
    expectLambda(complete(50), 49, 'regular');
  });

  it('is √(n − 1) for a star, a bipartite graph whose spectrum is ±√(n − 1) and zeros', () => {
    expectLambda(star(2), 1, 'regular');
    expectLambda(star(10), 3);
    expectLambda(star(101), 10);
  });

  it('is 2 for a ring, bipartite (even n) or not', () => {
    const ring = (n: number): CsrGraph => graph(n, Array.from({ length: n }, (_, i) => [i, (i + 1) % n] as const));
    expectLambda(ring(10), 2, 'regular');
    expectLambda(ring(11), 2, 'regular');
  });

  it('is 2cos(π/(n+1)) for a path (bipartite, not regular) and √(ab) for K_{a,b}', () => {
    expectLambda(path(20), 2 * Math.cos(Math.PI / 21));
    expectLambda(path(2), 1, 'regular');
    expectLambda(completeBipartite(3, 5), Math.sqrt(15));
    expectLambda(completeBipartite(20, 30), Math.sqrt(600));
  });

  it('matches a dense eigen solver on random graphs', () => {
    for (const seed of [1, 2, 3]) {
      const g = erdosRenyi(40, { p: 0.15 }, createRng(seed));
      const eigenvalues = jacobiEigenvalues(dense(g));
      expect(eigenvalues[0]!).toBeGreaterThanOrEqual(-eigenvalues[eigenvalues.length - 1]! - 1e-9);
      expectLambda(g, eigenvalues[0]!);
    }
  });

  it('finds the largest component of a disconnected graph, with isolated nodes', () => {
    // K_4 (λ = 3) on 0..3, a star with 16 leaves (λ = 4) on 4..20, isolated 21..24.
    const pairs: [number, number][] = [];
    for (let i = 0; i < 4; i++) for (let j = i + 1; j < 4; j++) pairs.push([i, j]);
    for (let leaf = 5; leaf <= 20; leaf++) pairs.push([4, leaf]);
    expectLambda(graph(25, pairs), 4);
  });

  it('handles directed graphs: periodic, acyclic, and with a known Perron root', () => {
    // A directed 3-cycle with a tail and an exit: period 3 (eigenvalues 1, ω, ω²), ρ = 1.
    expectLambda(graph(5, [[0, 1], [1, 2], [2, 0], [3, 0], [2, 4]], true), 1);
    // Cycles of length 2 and 3 sharing node 0: ρ solves x³ = x + 1 (the plastic number).
    const plastic = 1.324717957244746;
    expectLambda(graph(4, [[0, 1], [1, 0], [0, 2], [2, 3], [3, 0]], true), plastic);
    // A directed acyclic graph is nilpotent.
    const dag = graph(4, [[0, 1], [0, 2], [1, 3], [2, 3]], true);
    expect(isAcyclic(dag)).toBe(true);
    expect(spectralRadius(dag)).toEqual({ lambda: 0, iterations: 0, residual: 0, converged: true, method: 'acyclic' });
  });

  it('returns 0 for graphs without edges', () => {
    expect(spectralRadius(graph(0, [])).lambda).toBe(0);
    expect(spectralRadius(graph(5, [])).lambda).toBe(0);
  });

  it('is deterministic for a seed, and the seed does not change the answer beyond the tolerance', () => {
    const g = erdosRenyi(2000, { meanDegree: 6 }, createRng(4));
    const a = spectralRadius(g, { rng: createRng(1) });
    expect(spectralRadius(g, { rng: createRng(1) })).toEqual(a);
    const b = spectralRadius(g, { rng: createRng(2) });
    expect(b.iterations).not.toBe(0);
    expect(Math.abs(a.lambda - b.lambda)).toBeLessThan(1e-5 * a.lambda);
    expect(spectralRadius(g)).toEqual(spectralRadius(g));
  });

  it('reports the cap when the tolerance is not met', () => {
    const g = path(200); // second eigenvalue 2cos(2π/201): far from converged after 5 iterations
    const r = spectralRadius(g, { maxIterations: 5 });
    expect(r).toMatchObject({ iterations: 5, converged: false });
    expect(r.residual).toBeGreaterThan(1e-6 * r.lambda);
    expect(r.lambda).toBeLessThanOrEqual(2 * Math.cos(Math.PI / 201)); // a Rayleigh quotient never exceeds λ_max
  });

  it('rejects bad options', () => {
    expect(() => spectralRadius(star(3), { tolerance: 0 })).toThrow(RangeError);
    expect(() => spectralRadius(star(3), { maxIterations: 0 })).toThrow(RangeError);
    expect(() => spectralRadius(star(3), { shift: 0 })).toThrow(RangeError);
  });

  it('Lanczos agrees with power iteration on a heavy-tailed graph, in far fewer products', () => {
    const g = barabasiAlbert(20_000, 3, createRng(11));
    const lanczos = spectralRadius(g, { rng: createRng(3), tolerance: 1e-8 });
    // The same graph as a directed one with both directions stored takes the power-iteration path.
    const power = spectralRadius({ ...g, directed: true }, { rng: createRng(3), tolerance: 1e-8, maxIterations: 20_000 });
    expect(lanczos).toMatchObject({ method: 'lanczos', converged: true });
    expect(power).toMatchObject({ method: 'power-iteration', converged: true });
    expect(Math.abs(lanczos.lambda - power.lambda)).toBeLessThan(1e-7 * power.lambda);
    expect(lanczos.iterations * 3).toBeLessThan(power.iterations);
  });

  it("finds a tridiagonal matrix's largest eigenvalue and its eigenvector", () => {
    const rng = createRng(9);
    for (const k of [1, 2, 5, 30]) {
      const alpha = Array.from({ length: k }, () => rng.next() * 4 - 2);
      const beta = Array.from({ length: k }, () => 0.1 + rng.next());
      const matrix = Array.from({ length: k }, (_, i) =>
        Array.from({ length: k }, (_, j) => (i === j ? alpha[i]! : Math.abs(i - j) === 1 ? beta[Math.min(i, j)]! : 0)),
      );
      const exact = jacobiEigenvalues(matrix)[0]!;
      const { theta, vector } = topRitzPair(alpha, beta);
      expect(Math.abs(theta - exact)).toBeLessThan(1e-12 * Math.max(1, Math.abs(exact)));
      // T·v = θ·v.
      for (let i = 0; i < k; i++) {
        let tv = 0;
        for (let j = 0; j < k; j++) tv += matrix[i]![j]! * vector[j]!;
        expect(Math.abs(tv - theta * vector[i]!)).toBeLessThan(1e-9);
      }
    }
  });
});
