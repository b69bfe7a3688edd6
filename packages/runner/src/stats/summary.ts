/**
 * Summaries over seeds: mean and a 95% confidence interval from Student's t distribution (seeds are the
 * independent replicates). Values that are undefined for a run (null) are left out and counted in `n`.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

export interface Summary {
  mean: number | null;
  lo: number | null;
  hi: number | null;
  sd: number | null;
  /** Runs where the value was defined. */
  n: number;
  /** All runs. */
  total: number;
}

export function summarize(values: readonly (number | null | undefined)[], confidence = 0.95): Summary {
  const defined = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const n = defined.length;
  const total = values.length;
  if (n === 0) return { mean: null, lo: null, hi: null, sd: null, n, total };
  const mean = defined.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, lo: null, hi: null, sd: null, n, total };
  const variance = defined.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1);
  const sd = Math.sqrt(variance);
  const half = tQuantile(1 - (1 - confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  return { mean, lo: mean - half, hi: mean + half, sd, n, total };
}

/** Per-index summaries of equally long series (index = round). Shorter series are padded with their last value. */
export function summarizeSeries(series: readonly (readonly number[])[], confidence = 0.95): { mean: number[]; lo: number[]; hi: number[] } {
  const length = Math.max(0, ...series.map((s) => s.length));
  const mean: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  for (let i = 0; i < length; i++) {
    const column = series.map((s) => (s.length === 0 ? null : (s[Math.min(i, s.length - 1)] as number)));
    const summary = summarize(column, confidence);
    mean.push(summary.mean ?? 0);
    lo.push(summary.lo ?? summary.mean ?? 0);
    hi.push(summary.hi ?? summary.mean ?? 0);
  }
  return { mean, lo, hi };
}

/** The range a metric of this unit can take; intervals are clipped to it (a fraction's CI never leaves [0, 1]). */
export function unitDomain(unit: 'fraction' | 'count' | 'rounds' | 'rate'): [number, number] {
  return unit === 'fraction' ? [0, 1] : [0, Number.POSITIVE_INFINITY];
}

export function clampSummary(summary: Summary, [min, max]: [number, number]): Summary {
  const clip = (v: number | null): number | null => (v === null ? null : Math.min(max, Math.max(min, v)));
  return { ...summary, lo: clip(summary.lo), hi: clip(summary.hi) };
}
