import { describe, expect, it } from 'vitest';
import { renderTextTable } from './table.js';
import { reportFixture } from './fixture.js';
import type { ArmReport, ReportData, Summary } from './types.js';

const s = (mean: number | null, lo: number | null, hi: number | null, n: number, total: number): Summary => ({ mean, lo, hi, sd: null, n, total });

function arm(name: string, summary: Record<string, Summary>, errors: string[] = []): ArmReport {
  return {
    name,
    defenses: [],
    runs: 5,
    seeds: { done: [1, 2, 3, 4, 5], failed: [], missing: [], compared: [1, 2, 3, 4, 5] },
    errors,
    summary,
    series: {},
    costs: { guardMicros: {}, envelopesPerSecond: 0, charsAdded: 0 },
    digests: [],
  };
}

function small(): ReportData {
  const base = reportFixture();
  return {
    ...base,
    experiment: { ...base.experiment, seeds: [1, 2, 3, 4, 5] },
    coverage: { complete: true, basis: 'shared', planned: { arms: 2, seeds: [1, 2, 3, 4, 5], runs: 10 }, runs: { done: 10, failed: 0, missing: 0 }, sharedSeeds: [1, 2, 3, 4, 5] },
    metrics: [
      { id: 'infected-fraction', label: 'Infected', unit: 'fraction', better: 'lower' },
      { id: 'time-to-50', label: 'T50', unit: 'rounds', better: 'higher' },
    ],
    arms: [
      arm('none', { 'infected-fraction': s(0.432, 0.401, 0.463, 5, 5), 'time-to-50': s(12.4, 11.2, 13.6, 3, 5) }),
      arm('quarantine', { 'infected-fraction': s(0.1, 0.05, 0.15, 5, 5), 'time-to-50': s(null, null, null, 0, 5) }),
    ],
  };
}

describe('renderTextTable', () => {
  it('with few arms, renders rows = metrics and one column per arm, aligned to the content', () => {
    expect(renderTextTable(small())).toBe(
      `metric                         none         quarantine
──────────  ───────────────────────  ─────────────────
Infected ↓       43.2% [40.1, 46.3]  10.0% [5.0, 15.0]
T50 ↑       12.4 [11.2, 13.6] (3/5)                  —

mean [95% CI] over 5 seeds; ↑ higher is better, ↓ lower is better
— undefined in all runs (e.g. never reached)
(n/total) the metric was defined in n of total runs
`,
    );
  });

  it('with many arms (a sweep), renders rows = arms, columns = metrics', () => {
    const data = small();
    data.arms = ['a', 'b', 'c', 'd', 'e'].map((name) => arm(name, { 'infected-fraction': s(0.5, 0.4, 0.6, 5, 5), 'time-to-50': s(10, 9, 11, 5, 5) }));
    const lines = renderTextTable(data).split('\n');
    expect(lines[0]).toBe('arm          Infected ↓             T50 ↑');
    expect(lines.slice(2, 7).map((l) => l.split(' ')[0])).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(lines[2]).toBe('a    50.0% [40.0, 60.0]  10.0 [9.0, 11.0]');
  });

  it('lists arms with failed runs under the table', () => {
    const data = small();
    data.arms[1] = { ...data.arms[1]!, errors: ['boom\nstack', 'boom'] };
    expect(renderTextTable(data).trimEnd().split('\n').at(-1)).toBe('! quarantine: 2 runs failed; first: boom');
  });

  it('adds ANSI colours only when asked, without changing the layout', () => {
    const plain = renderTextTable(small());
    const coloured = renderTextTable(small(), { color: true });
    expect(plain).not.toContain('\x1b[');
    expect(coloured).toContain('\x1b[1mmetric');
    expect(coloured).toContain('\x1b[2m                —\x1b[22m');
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\x1b\[\d+m/g, '')).toBe(plain);
  });

  it('renders the full fixture with one line per metric and a column per arm', () => {
    const lines = renderTextTable(reportFixture()).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^metric +none +tagging +detector-quarantine$/);
    expect(lines[2]).toMatch(/^Infected fraction ↓ +87\.4% \[84\.2, 90\.6\] +.* +18\.7% \[15\.2, 22\.2\]$/);
    expect(lines[3]).toMatch(/^Time to 50% ↑ +12\.4 \[11\.2, 13\.6\] +21\.7 \[18\.9, 24\.5\] \(6\/9\) +—$/);
    expect(lines.at(-1)).toBe('! tagging: 1 run failed; first: seed 7: worker exited with code 137 (out of memory)');
    const widths = new Set(lines.slice(0, 2).map((l) => [...l].length));
    expect(widths.size).toBe(1);
  });
});
