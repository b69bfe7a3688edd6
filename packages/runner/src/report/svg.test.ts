import { describe, expect, it } from 'vitest';
import { barChart, lineChartWithBands, scatterWithErrorBars } from './svg.js';
import { layoutLabels } from './svg-labels.js';
import { niceTicks, overlaps, tickLabel } from './svg-util.js';

const count = (s: string, needle: string): number => s.split(needle).length - 1;
const pathOf = (svg: string, cls: string): string => new RegExp(`class="${cls}"[^>]*\\sd="([^"]*)"`).exec(svg)?.[1] ?? '';

describe('lineChartWithBands', () => {
  it('breaks lines and bands at null/NaN values and never prints NaN', () => {
    const svg = lineChartWithBands({
      title: 'gaps',
      unit: 'fraction',
      series: [{ name: 'a', mean: [0.1, 0.2, null, 0.4, Number.NaN, 0.6], lo: [0, 0.1, null, 0.3, 0.4, 0.5], hi: [0.2, 0.3, null, 0.5, 0.6, 0.7] }],
    });
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(count(pathOf(svg, 'line'), 'M')).toBe(3);
    expect(count(pathOf(svg, 'band'), 'M')).toBe(2);
  });

  it('uses [0, 1] with percent ticks for fractions and clamps bands to the axis', () => {
    const svg = lineChartWithBands({ title: 't', unit: 'fraction', series: [{ name: 'a', mean: [0.5, 0.9], lo: [-0.2, 0.8], hi: [0.7, 1.3] }] });
    for (const t of ['0%', '20%', '100%']) expect(svg).toContain(`>${t}</text>`);
    const ys = [...pathOf(svg, 'band').matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(Math.min(...ys)).toBeGreaterThanOrEqual(40);
  });

  it('draws an empty chart when there is nothing to plot', () => {
    expect(lineChartWithBands({ title: 'e', series: [] })).toContain('No data to plot');
    expect(lineChartWithBands({ title: 'e', series: [{ name: 'a', mean: [null, null] }] })).toContain('No data to plot');
  });

  it('handles a single arm without bands and escapes names and titles', () => {
    const svg = lineChartWithBands({ title: 'A <b> & "c"', unit: 'count', series: [{ name: 'x<y', mean: [1, 2, 3] }] });
    expect(count(svg, 'class="line"')).toBe(1);
    expect(count(svg, 'class="band"')).toBe(0);
    expect(svg).toContain('A &lt;b&gt; &amp; &quot;c&quot;');
    expect(svg).toContain('x&lt;y');
    expect(svg).not.toContain('x<y');
    expect(svg).toContain('>mean</text>');
  });

  it('gives arms distinct colours in input order', () => {
    const svg = lineChartWithBands({ title: 't', series: ['a', 'b', 'c'].map((name) => ({ name, mean: [0.1, 0.2] })), unit: 'fraction' });
    const colours = [...svg.matchAll(/class="line"[^>]*stroke="(#[0-9A-F]{6})"/g)].map((m) => m[1]);
    expect(new Set(colours).size).toBe(3);
  });
});

describe('scatterWithErrorBars', () => {
  const axes = { x: { label: 'Utility', unit: 'fraction' as const, better: 'higher' as const }, y: { label: 'Spread', unit: 'fraction' as const, better: 'lower' as const } };

  it('draws one point per arm with both error bars and skips arms with a null mean', () => {
    const svg = scatterWithErrorBars({
      title: 's',
      ...axes,
      points: [
        { name: 'a', x: { mean: 0.9, lo: 0.85, hi: 0.95 }, y: { mean: 0.8, lo: 0.7, hi: 0.9 } },
        { name: 'b', x: { mean: 0.8, lo: 0.75, hi: 0.85 }, y: { mean: 0.2, lo: 0.1, hi: 0.3 } },
        { name: 'c', x: { mean: null }, y: { mean: 0.5 } },
      ],
    });
    expect(count(svg, 'class="point"')).toBe(2);
    expect(count(svg, 'class="point-label"')).toBe(2);
    expect(count(svg.slice(svg.indexOf('class="error-bars"'), svg.indexOf('class="points"')), '<line')).toBe(12);
    expect(svg).toContain('Not shown (a metric undefined in all runs): c');
    expect(svg).toContain('Utility (higher is better →)');
    expect(svg).toContain('Spread (lower is better ↓)');
  });

  it('handles a single point without intervals and an all-null input', () => {
    const one = scatterWithErrorBars({ title: 's', x: { label: 'u' }, y: { label: 'v' }, points: [{ name: 'only', x: { mean: 3 }, y: { mean: 7 } }] });
    expect(count(one, 'class="point"')).toBe(1);
    expect(one).not.toMatch(/NaN|Infinity/);
    expect(scatterWithErrorBars({ title: 's', ...axes, points: [{ name: 'a', x: { mean: null }, y: { mean: null } }] })).toContain('No arm has both metrics defined');
  });

  it('keeps labels of clustered points apart', () => {
    const names = ['alpha', 'beta', 'gamma', 'delta', 'a-much-longer-arm-name'];
    const centres = names.map((_, k) => ({ x: 300 + k * 3, y: 200 + k * 2 }));
    const plot = { left: 50, top: 40, width: 600, height: 400 };
    const boxes = layoutLabels(names, centres, plot).map((p) => p.box);
    for (const [i, a] of boxes.entries()) {
      for (const c of centres) expect(overlaps(a, { x: c.x - 6, y: c.y - 6, w: 12, h: 12 })).toBe(false);
      for (const b of boxes.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
    }
  });
});

describe('barChart', () => {
  it('draws a bar with a whisker per defined arm and a note for undefined ones', () => {
    const svg = barChart({
      title: 'b',
      bars: [
        { name: 'none', mean: 0, lo: 0, hi: 0 },
        { name: 'x', mean: 6.3, lo: 4.9, hi: 7.7 },
        { name: 'y', mean: null },
      ],
    });
    expect(count(svg, 'class="bar"')).toBe(2);
    expect(count(svg, 'class="whisker"')).toBe(2);
    expect(svg).toContain('— undefined in all runs');
    expect(svg).toContain('>6.3</text>');
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(barChart({ title: 'b', bars: [] })).toContain('No data to plot');
  });
});

describe('ticks', () => {
  it('picks nice steps and labels them with enough decimals', () => {
    expect(niceTicks(0, 39, 8, true).values).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40]);
    expect(tickLabel(2.25, 0.25)).toBe('2.25');
    expect(tickLabel(0.2, 0.2, 'fraction')).toBe('20%');
    expect(tickLabel(0.025, 0.025, 'fraction')).toBe('2.5%');
    expect(niceTicks(5, 5).values.length).toBeGreaterThan(1);
  });
});
