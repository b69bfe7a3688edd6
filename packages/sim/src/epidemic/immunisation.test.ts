import { describe, expect, it } from 'vitest';
import { createRng } from '../random/rng.js';
import { EdgeBuffer, barabasiAlbert, star } from '../topology/index.js';
import { ContactEdges } from './contact-edges.js';
import { budgetOf, immunisationBudget, immunisationCurve } from './immunisation.js';
import { IMMUNISATION_STRATEGIES, acquaintanceOrder, edgeCutOrder, randomOrder, targetedOrder } from './immunisation-order.js';
import { percolate } from './percolation.js';

function isPermutation(order: Int32Array, n: number): boolean {
  return order.length === n && new Set(order).size === n && order.every((x) => x >= 0 && x < n);
}

describe('immunisation orders', () => {
  const ba = ContactEdges.of(barabasiAlbert(2000, 2, createRng(1)));

  it('targeted: degrees never increase along the order, equal degrees by ascending id', () => {
    const order = targetedOrder(ba);
    expect(isPermutation(order, ba.n)).toBe(true);
    for (let i = 1; i < order.length; i++) {
      const [a, b] = [order[i - 1]!, order[i]!];
      expect(ba.degree(a) > ba.degree(b) || (ba.degree(a) === ba.degree(b) && a < b)).toBe(true);
    }
  });

  it('random and acquaintance orders are permutations; acquaintance finds the hub of a star first', () => {
    expect(isPermutation(randomOrder(ba.n, createRng(2)), ba.n)).toBe(true);
    expect(isPermutation(acquaintanceOrder(ba, createRng(2)), ba.n)).toBe(true);
    const withIsolated = ContactEdges.of(new EdgeBuffer().toCsr(5));
    expect(isPermutation(acquaintanceOrder(withIsolated, createRng(2)), 5)).toBe(true);
    expect(acquaintanceOrder(ContactEdges.of(star(1000)), createRng(3))[0]).toBe(0);
  });

  it('acquaintance picks higher-degree nodes early, random does not', () => {
    const meanDegreeOfFirst = (order: Int32Array, k: number): number => {
      let s = 0;
      for (let i = 0; i < k; i++) s += ba.degree(order[i]!);
      return s / k;
    };
    const mean = (2 * ba.count) / ba.n;
    expect(meanDegreeOfFirst(acquaintanceOrder(ba, createRng(4)), 200)).toBeGreaterThan(1.5 * mean);
    expect(meanDegreeOfFirst(randomOrder(ba.n, createRng(4)), 200)).toBeLessThan(1.3 * mean);
  });

  it('edges: the largest degree product first', () => {
    // Hubs 0 and 1 (degree 4 each) joined by an edge; leaves hang off them.
    const buf = new EdgeBuffer();
    for (const [u, v] of [[0, 2], [0, 3], [0, 4], [1, 5], [1, 6], [1, 7], [0, 1], [7, 8]] as const) buf.push(u, v);
    const edges = ContactEdges.of(buf.toCsr(9));
    const order = edgeCutOrder(edges);
    expect(isPermutation(order, edges.count)).toBe(true);
    expect(order[0]).toBe(edges.edgeId(0, 1));
    expect(order[1]).toBe(edges.edgeId(1, 7)); // 4 · 2
  });
});

describe('immunisationCurve and immunisationBudget', () => {
  it('on a star, immunising the hub alone stops the spread', () => {
    const edges = ContactEdges.of(star(100));
    const budget = immunisationBudget(edges, { transmissibility: 1, strategy: 'targeted', samples: 4, target: 0.02, rng: createRng(1) });
    expect(budget).toMatchObject({ strategy: 'targeted', unit: 'nodes', budget: 1, cost: 0.01, largestCluster: 0.01 });
    expect(budget.outbreak.mean).toBeCloseTo(99 / 100 ** 2, 15); // 99 isolated leaves: only the seed
    expect(budget.baseline.mean).toBe(1);
    // Below what the seed alone makes (k leaves must go too): (100 − k)/100² ≤ 0.005 ⇔ k ≥ 50.
    expect(immunisationBudget(edges, { transmissibility: 1, strategy: 'targeted', samples: 1, target: 0.005, rng: createRng(1) }).budget).toBe(50);
  });

  it('is non-increasing in the budget for every strategy', () => {
    const edges = ContactEdges.of(barabasiAlbert(1500, 2, createRng(2)));
    for (const strategy of IMMUNISATION_STRATEGIES) {
      const curve = immunisationCurve(edges, { transmissibility: 0.4, strategy, samples: 8, rng: createRng(3) });
      expect(curve.outbreak.length).toBe(curve.size + 1);
      expect(curve.size).toBe(strategy === 'edges' ? edges.count : edges.n);
      for (let k = 1; k <= curve.size; k++) {
        expect(curve.outbreak[k]!, `${strategy} k=${k}`).toBeLessThanOrEqual(curve.outbreak[k - 1]!);
        expect(curve.largest[k]!).toBeLessThanOrEqual(curve.largest[k - 1]!);
      }
      expect(curve.outbreak[curve.size]).toBeCloseTo(strategy === 'edges' ? 1 / edges.n : 0, 15);
    }
  });

  it('node sweeps equal direct percolation with the first k nodes removed (same samples)', () => {
    const edges = ContactEdges.of(barabasiAlbert(800, 3, createRng(5)));
    for (const strategy of ['targeted', 'acquaintance'] as const) {
      const curve = immunisationCurve(edges, { transmissibility: 0.3, strategy, samples: 6, rng: createRng(6) });
      for (const k of [0, 1, 17, 100, 799, 800]) {
        const removed = new Uint8Array(edges.n);
        for (let i = 0; i < k; i++) removed[curve.order[i]!] = 1;
        const direct = percolate(edges, { transmissibility: 0.3, samples: 6, rng: createRng(6), removed });
        expect(curve.outbreak[k]).toBeCloseTo(direct.meanOutbreak.mean, 14);
        expect(curve.largest[k]).toBeCloseTo(direct.largestCluster.mean, 14);
      }
    }
  });

  it('edge sweeps equal direct percolation with the first k edges cut (same samples)', () => {
    const edges = ContactEdges.of(barabasiAlbert(300, 2, createRng(7)));
    for (const t of [0.4, 1]) {
      const curve = immunisationCurve(edges, { transmissibility: t, strategy: 'edges', samples: 5, rng: createRng(8) });
      for (const k of [0, 5, 100, 400, edges.count]) {
        const cut = new Uint8Array(edges.count);
        for (let i = 0; i < k; i++) cut[curve.order[i]!] = 1;
        const direct = percolate(edges, { transmissibility: t, samples: 5, rng: createRng(8), cut });
        expect(curve.outbreak[k]).toBeCloseTo(direct.meanOutbreak.mean, 14);
        expect(curve.largest[k]).toBeCloseTo(direct.largestCluster.mean, 14);
      }
    }
  });

  it('targeted immunisation needs a smaller budget than random on a scale-free graph', () => {
    const edges = ContactEdges.of(barabasiAlbert(3000, 3, createRng(9)));
    const options = { transmissibility: 0.5, samples: 10, target: 0.02, rng: createRng(10) };
    const targeted = immunisationBudget(edges, { ...options, strategy: 'targeted' });
    const random = immunisationBudget(edges, { ...options, strategy: 'random' });
    expect(targeted.budget!).toBeGreaterThan(0);
    expect(targeted.budget!).toBeLessThan(random.budget! / 2);
    expect(targeted.outbreak.mean).toBeLessThanOrEqual(0.02);
    expect(targeted.outbreak.lo).toBeLessThanOrEqual(targeted.outbreak.mean);
    expect(targeted.outbreak.hi).toBeGreaterThanOrEqual(targeted.outbreak.mean);
  });

  it('reports an unreachable target as a null budget, and is deterministic', () => {
    const edges = ContactEdges.of(star(20));
    const options = { transmissibility: 0.7, strategy: 'edges' as const, samples: 3, rng: createRng(1) };
    const curve = immunisationCurve(edges, options);
    expect(budgetOf(curve, 0)).toMatchObject({ budget: null, cost: null });
    expect(budgetOf(curve, 1).budget).toBe(0);
    expect(immunisationCurve(edges, options)).toEqual(curve);
    expect(() => immunisationBudget(edges, { ...options, target: 2 })).toThrow(RangeError);
    expect(() => immunisationCurve(edges, { ...options, samples: 0 })).toThrow(RangeError);
  });
});
