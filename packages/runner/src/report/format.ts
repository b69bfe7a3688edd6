/** Cell formatting shared by the HTML report and the terminal table. */
import type { MetricUnit } from '@masec/spec';
import type { Summary } from './types.js';

/** What a cell shows when the metric was undefined in every run. */
export const NULL_CELL = '—';

/** Explanation attached to {@link NULL_CELL} cells. */
export const NULL_EXPLANATION = 'undefined in all runs (e.g. never reached)';

function finite(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Decimals shown per unit; fractions are shown as percentages. */
function decimals(unit: MetricUnit): number {
  return unit === 'rate' ? 2 : 1;
}

function fixed(v: number, digits: number): string {
  const s = v.toFixed(digits);
  // Avoid "-0.0" for values that round to zero.
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s;
}

/** A bare number in the unit's display form, without the percent sign. */
function bare(v: number, unit: MetricUnit): string {
  return fixed(unit === 'fraction' ? v * 100 : v, decimals(unit));
}

/** One value in its display form: `43.2%` for fractions, `12.3` for counts and rounds, `0.25` for rates. */
export function formatValue(v: number | null | undefined, unit: MetricUnit): string {
  if (!finite(v)) return NULL_CELL;
  return unit === 'fraction' ? `${bare(v, unit)}%` : bare(v, unit);
}

/** The pieces of a summary cell: mean, interval and coverage, each already formatted (null when absent). */
export interface SummaryParts {
  mean: string;
  ci: string | null;
  coverage: string | null;
}

/** {@link formatSummary} split into its parts, for renderers that lay them out separately. */
export function formatSummaryParts(summary: Summary | undefined, unit: MetricUnit): SummaryParts {
  if (!summary || !finite(summary.mean)) return { mean: NULL_CELL, ci: null, coverage: null };
  return {
    mean: formatValue(summary.mean, unit),
    // A zero-width interval (every run gave the same value) adds nothing: show the value alone.
    ci: finite(summary.lo) && finite(summary.hi) && summary.lo !== summary.hi ? `[${bare(summary.lo, unit)}, ${bare(summary.hi, unit)}]` : null,
    coverage: summary.n < summary.total ? `(${summary.n}/${summary.total})` : null,
  };
}

/**
 * A summary cell: `mean [lo, hi]`, e.g. `43.2% [40.1, 46.3]` or `12.3 [10.1, 14.5]`. The interval is left out
 * when it is undefined (fewer than two runs) or has zero width (all runs agreed), and `(n/total)` is appended when the metric was undefined in
 * some runs. A null mean renders as {@link NULL_CELL}.
 */
export function formatSummary(summary: Summary | undefined, unit: MetricUnit): string {
  const p = formatSummaryParts(summary, unit);
  return [p.mean, p.ci, p.coverage].filter((x): x is string => x !== null).join(' ');
}

/** Seeds as ranges, in ascending order: `1–10`, `1–3, 5, 7–8`, `4`; `none` for an empty list. */
export function formatSeeds(seeds: readonly number[]): string {
  const sorted = [...new Set(seeds)].sort((a, b) => a - b);
  if (sorted.length === 0) return 'none';
  const parts: string[] = [];
  let start = sorted[0] as number;
  let end = start;
  for (const seed of sorted.slice(1)) {
    if (seed === end + 1) {
      end = seed;
      continue;
    }
    parts.push(start === end ? String(start) : `${start}–${end}`);
    start = end = seed;
  }
  parts.push(start === end ? String(start) : `${start}–${end}`);
  return parts.join(', ');
}
