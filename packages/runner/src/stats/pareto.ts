/**
 * Pareto dominance over several objectives, each with the direction the defender prefers (a metric's
 * `better`). Computed on point estimates (the means over seeds): whether a difference is larger than its
 * confidence interval is a separate question, which the report answers by showing the intervals.
 */

export type Direction = 'higher' | 'lower';

/**
 * Values closer than this (relative to their size) count as equal, so that a mean summed in another order
 * (0.0375 against 0.037500000000000006) neither dominates nor is dominated by floating-point noise.
 */
export const TIE_TOLERANCE = 1e-9;

/**
 * `a` dominates `b`: at least as good on every objective and strictly better on one. Equal vectors do not
 * dominate each other, so tied points are all on the front. A value that is not a finite number (a metric
 * undefined for the point: null, NaN) makes the two incomparable, so neither dominates: left to arithmetic,
 * null would count as 0, the best value of a lower-is-better objective, and NaN as better in both directions.
 */
export function dominates(a: readonly number[], b: readonly number[], directions: readonly Direction[]): boolean {
  let strictly = false;
  for (let k = 0; k < directions.length; k++) {
    const x = a[k];
    const y = b[k];
    if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) return false;
    const better = directions[k] === 'higher' ? x - y : y - x;
    if (Math.abs(better) <= TIE_TOLERANCE * Math.max(1, Math.abs(x), Math.abs(y))) continue;
    if (better < 0) return false;
    strictly = true;
  }
  return strictly;
}

export interface ParetoResult {
  /** Per point: non-dominated among the comparable points. False for points that are not comparable. */
  pareto: boolean[];
  /** Per point: indices of the points that dominate it (empty on the front and for incomparable points). */
  dominatedBy: number[][];
  /** Per point: every objective is a finite number, so the point takes part. */
  comparable: boolean[];
}

function finiteVector(v: readonly (number | null)[], length: number): v is number[] {
  return v.length === length && v.every((x) => typeof x === 'number' && Number.isFinite(x));
}

/**
 * The non-dominated points among `values` (one vector of objective values per point, in `directions`
 * order). A point with an undefined objective (null, NaN) cannot be compared and is neither on the front
 * nor dominated. O(n²·k), fine for the few hundred points a sweep has.
 */
export function paretoFront(values: readonly (readonly (number | null)[])[], directions: readonly Direction[]): ParetoResult {
  if (directions.length === 0) throw new Error('paretoFront needs at least one objective');
  const comparable = values.map((v) => finiteVector(v, directions.length));
  const dominatedBy = values.map((v, i) => {
    if (!comparable[i]) return [];
    const out: number[] = [];
    values.forEach((w, j) => {
      if (j !== i && comparable[j] && dominates(w as number[], v as number[], directions)) out.push(j);
    });
    return out;
  });
  return { pareto: dominatedBy.map((d, i) => comparable[i] === true && d.length === 0), dominatedBy, comparable };
}
