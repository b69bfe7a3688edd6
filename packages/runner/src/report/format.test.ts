import { describe, expect, it } from 'vitest';
import { NULL_CELL, formatSeeds, formatSummary, formatSummaryParts, formatValue } from './format.js';
import type { Summary } from './types.js';

const s = (mean: number | null, lo: number | null, hi: number | null, n = 10, total = 10): Summary => ({ mean, lo, hi, sd: null, n, total });

describe('formatSummary', () => {
  it('formats fractions as percent with one decimal, the interval without the sign', () => {
    expect(formatSummary(s(0.432, 0.401, 0.463), 'fraction')).toBe('43.2% [40.1, 46.3]');
    // A zero-width interval (all runs agreed) is shown as the value alone.
    expect(formatSummary(s(1, 1, 1), 'fraction')).toBe('100.0%');
    expect(formatSummary(s(0, 0, 0), 'count')).toBe('0.0');
  });

  it('formats counts and rounds with one decimal and rates with two', () => {
    expect(formatSummary(s(12.345, 10.06, 14.5), 'count')).toBe('12.3 [10.1, 14.5]');
    expect(formatSummary(s(7, 6, 8), 'rounds')).toBe('7.0 [6.0, 8.0]');
    expect(formatSummary(s(0.256, 0.2, 0.31), 'rate')).toBe('0.26 [0.20, 0.31]');
  });

  it('appends (n/total) when the metric was undefined in some runs', () => {
    expect(formatSummary(s(21.7, 18.9, 24.5, 6, 9), 'rounds')).toBe('21.7 [18.9, 24.5] (6/9)');
  });

  it('leaves out an undefined interval (a single run)', () => {
    expect(formatSummary(s(0.5, null, null, 1, 1), 'fraction')).toBe('50.0%');
    expect(formatSummary(s(3, null, null, 1, 4), 'count')).toBe('3.0 (1/4)');
  });

  it('renders a null, missing or non-finite mean as the dash', () => {
    expect(formatSummary(s(null, null, null, 0, 10), 'rounds')).toBe(NULL_CELL);
    expect(formatSummary(undefined, 'count')).toBe(NULL_CELL);
    expect(formatSummary(s(Number.NaN, 0, 1), 'count')).toBe(NULL_CELL);
    expect(NULL_CELL).toBe('—');
  });

  it('never prints negative zero', () => {
    expect(formatSummary(s(-0.0001, -0.02, 0.01), 'count')).toBe('0.0 [0.0, 0.0]');
    expect(formatValue(-0.00001, 'fraction')).toBe('0.0%');
  });

  it('exposes the same text split into parts', () => {
    expect(formatSummaryParts(s(21.7, 18.9, 24.5, 6, 9), 'rounds')).toEqual({ mean: '21.7', ci: '[18.9, 24.5]', coverage: '(6/9)' });
    expect(formatSummaryParts(undefined, 'rounds')).toEqual({ mean: NULL_CELL, ci: null, coverage: null });
  });
});

describe('formatSeeds', () => {
  it('writes runs of consecutive seeds as ranges, in ascending order, each seed once', () => {
    expect(formatSeeds([1, 2])).toBe('1–2');
    expect(formatSeeds([7, 1, 2, 3, 5, 8, 2])).toBe('1–3, 5, 7–8');
    expect(formatSeeds([4])).toBe('4');
    expect(formatSeeds([])).toBe('none');
  });
});
