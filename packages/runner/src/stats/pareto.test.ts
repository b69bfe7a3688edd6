import { describe, expect, it } from 'vitest';
import { dominates, paretoFront } from './pareto.js';

describe('Pareto dominance', () => {
  it('uses each objective\u2019s direction: lower attack and higher utility are better', () => {
    const dirs = ['lower', 'higher'] as const;
    expect(dominates([0.1, 0.9], [0.2, 0.8], dirs)).toBe(true);
    expect(dominates([0.2, 0.8], [0.1, 0.9], dirs)).toBe(false);
    // Better on one, worse on the other: neither dominates.
    expect(dominates([0.1, 0.7], [0.2, 0.8], dirs)).toBe(false);
    expect(dominates([0.2, 0.8], [0.1, 0.7], dirs)).toBe(false);
    // Flipping a direction flips the answer.
    expect(dominates([0.1, 0.7], [0.2, 0.8], ['lower', 'lower'])).toBe(true);
  });

  it('ties: equal vectors do not dominate; equal on one and better on another does', () => {
    const dirs = ['lower', 'higher'] as const;
    expect(dominates([0.1, 0.8], [0.1, 0.8], dirs)).toBe(false);
    expect(dominates([0.1, 0.9], [0.1, 0.8], dirs)).toBe(true);
    // Differences at floating-point noise level count as ties.
    expect(dominates([0.037500000000000006, 0.8], [0.0375, 0.8], dirs)).toBe(false);
    expect(dominates([0.0375, 0.9], [0.037500000000000006, 0.8], dirs)).toBe(true);
  });
});

describe('Pareto front', () => {
  it('two objectives: the non-dominated points, and who dominates the others', () => {
    // attack (lower better), utility (higher better)
    const points = [
      [0.6, 0.83], // 0: no defense — best utility
      [0.04, 0.83], // 1: dominates 0 (same utility, less attack)
      [0.004, 0.73], // 2: least attack, less utility — on the front
      [0.05, 0.7], // 3: dominated by 1 and 2
      [0.004, 0.73], // 4: tie with 2 — both on the front
    ];
    const result = paretoFront(points, ['lower', 'higher']);
    expect(result.pareto).toEqual([false, true, true, false, true]);
    expect(result.dominatedBy).toEqual([[1], [], [], [1, 2, 4], []]);
    expect(result.comparable).toEqual([true, true, true, true, true]);
  });

  it('three objectives: a point dominated in two of them stays on the front when it is best on the third', () => {
    // attack ↓, utility ↑, cost ↓
    const points = [
      [0.04, 0.83, 0], // tagging: cheap
      [0.004, 0.73, 691], // detector + quarantine: least attack, costly
      [0.05, 0.8, 0], // dominated by 0 on all three
      [0.05, 0.7, 10], // dominated by 0
      [0.004, 0.73, 700], // dominated by 1 only through cost
    ];
    const result = paretoFront(points, ['lower', 'higher', 'lower']);
    expect(result.pareto).toEqual([true, true, false, false, false]);
    expect(result.dominatedBy).toEqual([[], [], [0], [0, 2], [1]]);
    // Without the cost objective, 4 ties with 1 and joins the front.
    expect(paretoFront(points.map((p) => p.slice(0, 2)), ['lower', 'higher']).pareto).toEqual([true, true, false, false, true]);
  });

  it('a point with an undefined objective is neither on the front nor dominated, and dominates nothing', () => {
    const result = paretoFront([[0.1, null], [0.2, 0.5], [0.3, 0.4]], ['lower', 'higher']);
    expect(result.comparable).toEqual([false, true, true]);
    expect(result.pareto).toEqual([false, true, false]);
    expect(result.dominatedBy).toEqual([[], [], [1]]);
    expect(paretoFront([[Number.NaN, 1]], ['lower', 'higher']).comparable).toEqual([false]);
  });

  it('an undefined value in a lower-is-better objective is not the best value: the point is not compared', () => {
    // attack ↓ (undefined for point 0, e.g. a detector rate in an arm without a detector), utility ↑.
    const dirs = ['lower', 'higher'] as const;
    const result = paretoFront([[null, 0.9], [0.5, 0.8], [0.7, 0.7], [Number.NaN, 0.95]], dirs);
    expect(result.comparable).toEqual([false, true, true, false]);
    expect(result.pareto).toEqual([false, true, false, false]);
    expect(result.dominatedBy).toEqual([[], [], [1], []]);
    // dominates() on its own: an undefined value (null, NaN) neither dominates nor is dominated, whatever the direction.
    const undefinedLower = [null as unknown as number, 0.9];
    expect(dominates(undefinedLower, [0.5, 0.8], dirs)).toBe(false);
    expect(dominates([0.5, 0.95], undefinedLower, dirs)).toBe(false);
    expect(dominates([Number.NaN, 0.9], [0.5, 0.8], dirs)).toBe(false);
    expect(dominates([0.5, 0.9], [Number.NaN, 0.8], dirs)).toBe(false);
    expect(dominates([0.5, 0.9], [0.6, Number.POSITIVE_INFINITY], dirs)).toBe(false);
  });

  it('a single point is the front; no objectives is an error', () => {
    expect(paretoFront([[1, 2]], ['lower', 'lower']).pareto).toEqual([true]);
    expect(() => paretoFront([[1]], [])).toThrow('at least one objective');
  });
});
