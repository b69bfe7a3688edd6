/**
 * Dependency-free SVG charts for the report: curves with confidence bands, a security-vs-utility scatter with
 * error bars, and per-arm bars with whiskers. Pure functions returning SVG strings; all text is escaped.
 * Colours follow the input order (arm i gets colour i in every chart) so arms match across charts.
 */
import type { MetricUnit } from '@masec/spec';
import { formatValue } from './format.js';
import {
  clamp,
  colorAt,
  dashAt,
  emptyChart,
  esc,
  fixedTicks,
  isNum,
  linear,
  markerAt,
  markerShape,
  niceTicks,
  num,
  svgOpen,
  textWidth,
  titleText,
  truncate,
  xAxis,
  yAxis,
} from './svg-util.js';
import type { Box, Plot, Ticks } from './svg-util.js';
import { placeLabels } from './svg-labels.js';

export type NullableSeries = readonly (number | null)[];

export interface LineSeries {
  name: string;
  mean: NullableSeries;
  /** Lower bound of the 95% CI per round; the band is drawn where both bounds are defined. */
  lo?: NullableSeries;
  hi?: NullableSeries;
}

export interface LineChartOptions {
  title: string;
  series: readonly LineSeries[];
  /** `fraction` fixes the y axis to [0, 1] with percent ticks. */
  unit?: MetricUnit;
  xLabel?: string;
  yLabel?: string;
  yDomain?: readonly [number, number];
  /** Round number of index 0 (default 0: index = round). */
  xStart?: number;
  width?: number;
  height?: number;
}

export interface Estimate {
  mean: number | null;
  lo?: number | null;
  hi?: number | null;
}

export interface ScatterPoint {
  name: string;
  x: Estimate;
  y: Estimate;
}

export interface ScatterAxis {
  label: string;
  unit?: MetricUnit;
  better?: 'higher' | 'lower';
  domain?: readonly [number, number];
}

export interface ScatterOptions {
  title: string;
  points: readonly ScatterPoint[];
  x: ScatterAxis;
  y: ScatterAxis;
  width?: number;
  height?: number;
}

export interface BarDatum extends Estimate {
  name: string;
}

export interface BarChartOptions {
  title: string;
  bars: readonly BarDatum[];
  unit?: MetricUnit;
  xLabel?: string;
  width?: number;
}

const LEGEND_CHARS = 28;

/** Inclusive index ranges where `defined(i)` holds. */
function runs(n: number, defined: (i: number) => boolean): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i <= n; i++) {
    const ok = i < n && defined(i);
    if (ok && start < 0) start = i;
    if (!ok && start >= 0) {
      out.push([start, i - 1]);
      start = -1;
    }
  }
  return out;
}

/** Y ticks: [0, 1] for fractions, a fixed domain when given, otherwise nice bounds of the data (zero included for non-negative data). */
function valueTicks(values: readonly number[], unit: MetricUnit | undefined, domain: readonly [number, number] | undefined, count: number): Ticks {
  if (domain) return fixedTicks(domain[0], domain[1], count);
  if (unit === 'fraction') return fixedTicks(0, 1, count);
  const finite = values.filter(isNum);
  if (finite.length === 0) return niceTicks(0, 1, count);
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  return niceTicks(min >= 0 ? 0 : min, max, count);
}

export function betterSuffix(better: 'higher' | 'lower' | undefined, axis: 'x' | 'y'): string {
  if (!better) return '';
  const arrow = axis === 'x' ? (better === 'higher' ? '→' : '←') : better === 'higher' ? '↑' : '↓';
  return ` (${better} is better ${arrow})`;
}

/** Curves of per-round means, one per series, each with a shaded 95% CI band, plus axes, legend and title. */
export function lineChartWithBands(opts: LineChartOptions): string {
  const width = opts.width ?? 760;
  const series = opts.series;
  const len = Math.max(0, ...series.map((s) => s.mean.length));
  if (!series.some((s) => s.mean.some(isNum))) return emptyChart(width, opts.height ?? 200, opts.title, 'line-chart', 'No data to plot');
  const names = series.map((s) => truncate(s.name, LEGEND_CHARS));
  const hasBands = series.some((s) => s.lo?.some(isNum) && s.hi?.some(isNum));
  const legendTitle = hasBands ? 'mean, shaded 95% CI' : 'mean';
  const legendW = Math.max(textWidth(legendTitle, 11), ...names.map((n) => textWidth(n, 12) + 34)) + 8;
  const height = Math.max(opts.height ?? 360, 40 + series.length * 20 + 60);
  const plot: Plot = { left: 64, top: 40, width: width - 64 - legendW - 28, height: height - 40 - 56 };
  const xStart = opts.xStart ?? 0;
  const xt = niceTicks(xStart, xStart + Math.max(1, len - 1), Math.max(2, Math.floor(plot.width / 70)), true);
  const all: number[] = [];
  for (const s of series) all.push(...[s.mean, s.lo ?? [], s.hi ?? []].flat().filter(isNum));
  const yt = valueTicks(all, opts.unit, opts.yDomain, 5);
  const xs = linear(xt.min, xt.max, plot.left, plot.left + plot.width);
  const ys = linear(yt.min, yt.max, plot.top + plot.height, plot.top);
  const px = (i: number): string => num(xs(xStart + i));
  const py = (v: number): string => num(ys(clamp(v, yt.min, yt.max)));

  const out: string[] = [svgOpen(width, height, opts.title, 'line-chart'), titleText(plot.left, opts.title)];
  out.push(yAxis(plot, yt, ys, opts.unit, opts.yLabel ?? ''));
  out.push(xAxis(plot, xt, xs, undefined, opts.xLabel ?? 'Round', false));
  // Bands first, all of them, so no band covers another series' line.
  out.push('<g class="bands">');
  series.forEach((s, k) => {
    const lo = s.lo;
    const hi = s.hi;
    if (!lo || !hi) return;
    const n = Math.min(s.mean.length, lo.length, hi.length);
    const d = runs(n, (i) => isNum(lo[i]) && isNum(hi[i]))
      .map(([a, b]) => {
        const top: string[] = [];
        const bottom: string[] = [];
        for (let i = a; i <= b; i++) top.push(`${px(i)} ${py(hi[i] ?? 0)}`);
        for (let i = b; i >= a; i--) bottom.push(`${px(i)} ${py(lo[i] ?? 0)}`);
        return `M${top.join('L')}L${bottom.join('L')}Z`;
      })
      .join('');
    if (d) out.push(`<path class="band" data-series="${esc(s.name)}" d="${d}" fill="${colorAt(k)}" fill-opacity="0.13" stroke="${colorAt(k)}" stroke-opacity="0.25" stroke-width="0.75"/>`);
  });
  out.push('</g><g class="lines">');
  series.forEach((s, k) => {
    const d = runs(s.mean.length, (i) => isNum(s.mean[i]))
      .map(([a, b]) => {
        const pts: string[] = [];
        for (let i = a; i <= b; i++) pts.push(`${px(i)} ${py(s.mean[i] ?? 0)}`);
        // A lone point still shows as a dot thanks to the round caps.
        return a === b ? `M${pts[0] ?? ''}l0.01 0` : `M${pts.join('L')}`;
      })
      .join('');
    if (!d) return;
    const dash = dashAt(k);
    out.push(
      `<path class="line" data-series="${esc(s.name)}" d="${d}" fill="none" stroke="${colorAt(k)}" stroke-width="2.25" ` +
        `stroke-linejoin="round" stroke-linecap="round"${dash ? ` stroke-dasharray="${dash}"` : ''}><title>${esc(s.name)}</title></path>`,
    );
  });
  out.push('</g>');
  out.push(legend(series.map((s) => s.name), legendTitle, hasBands, plot.left + plot.width + 20, plot.top));
  out.push('</svg>');
  return out.join('');
}

function legend(names: readonly string[], title: string, bands: boolean, x: number, y: number): string {
  const out: string[] = ['<g class="legend">'];
  out.push(`<text x="${num(x)}" y="${num(y + 4)}" fill="#444" font-size="11">${esc(title)}</text>`);
  names.forEach((name, k) => {
    const cy = y + 24 + k * 20;
    const dash = dashAt(k);
    out.push(
      `<g class="legend-item">${bands ? `<rect x="${num(x)}" y="${num(cy - 6)}" width="26" height="12" fill="${colorAt(k)}" fill-opacity="0.13"/>` : ''}` +
        `<line x1="${num(x)}" x2="${num(x + 26)}" y1="${num(cy)}" y2="${num(cy)}" stroke="${colorAt(k)}" stroke-width="2.5"${dash ? ` stroke-dasharray="${dash}"` : ''}/>` +
        `<text x="${num(x + 32)}" y="${num(cy)}" dy="0.32em" fill="#222"><title>${esc(name)}</title>${esc(truncate(name, LEGEND_CHARS))}</text></g>`,
    );
  });
  out.push('</g>');
  return out.join('');
}

/** Domain for one scatter axis: data ± CI with 12% padding, clamped to [0, 1] for fractions. */
export function scatterTicks(values: readonly number[], axis: ScatterAxis): Ticks {
  if (axis.domain) return fixedTicks(axis.domain[0], axis.domain[1], 5);
  const finite = values.filter(isNum);
  if (finite.length === 0) return axis.unit === 'fraction' ? fixedTicks(0, 1, 5) : niceTicks(0, 1, 5);
  let min = Math.min(...finite);
  let max = Math.max(...finite);
  const minSpan = axis.unit === 'fraction' ? 0.1 : Math.max(1e-9, Math.abs(max) * 0.1, 1);
  const span = Math.max(max - min, minSpan);
  const mid = (min + max) / 2;
  min = Math.min(min, mid - span / 2) - span * 0.12;
  max = Math.max(max, mid + span / 2) + span * 0.12;
  if (axis.unit === 'fraction') {
    const t = niceTicks(Math.max(0, min), Math.min(1, max), 5);
    return fixedTicks(Math.max(0, t.min), Math.min(1, t.max), 5);
  }
  return niceTicks(min, max, 5);
}

/** One labelled point per arm: x = utility mean with a horizontal CI bar, y = security mean with a vertical CI bar. */
export function scatterWithErrorBars(opts: ScatterOptions): string {
  const width = opts.width ?? 760;
  const shown = opts.points.map((p, k) => ({ p, k })).filter(({ p }) => isNum(p.x.mean) && isNum(p.y.mean));
  const skipped = opts.points.filter((p) => !(isNum(p.x.mean) && isNum(p.y.mean))).map((p) => p.name);
  if (shown.length === 0) return emptyChart(width, opts.height ?? 200, opts.title, 'scatter-chart', 'No arm has both metrics defined');
  const height = (opts.height ?? 440) + (skipped.length ? 18 : 0);
  const plot: Plot = { left: 72, top: 40, width: width - 72 - 28, height: height - 40 - 60 - (skipped.length ? 18 : 0) };
  const xv = shown.flatMap(({ p }) => [p.x.mean, p.x.lo, p.x.hi]).filter(isNum);
  const yv = shown.flatMap(({ p }) => [p.y.mean, p.y.lo, p.y.hi]).filter(isNum);
  const xt = scatterTicks(xv, opts.x);
  const yt = scatterTicks(yv, opts.y);
  const xs = linear(xt.min, xt.max, plot.left, plot.left + plot.width);
  const ys = linear(yt.min, yt.max, plot.top + plot.height, plot.top);
  const cx = (v: number): number => xs(clamp(v, xt.min, xt.max));
  const cy = (v: number): number => ys(clamp(v, yt.min, yt.max));

  const out: string[] = [svgOpen(width, height, opts.title, 'scatter-chart'), titleText(plot.left, opts.title)];
  out.push(yAxis(plot, yt, ys, opts.y.unit, opts.y.label + betterSuffix(opts.y.better, 'y')));
  out.push(xAxis(plot, xt, xs, opts.x.unit, opts.x.label + betterSuffix(opts.x.better, 'x'), true));
  const centres = shown.map(({ p }) => ({ x: cx(p.x.mean ?? 0), y: cy(p.y.mean ?? 0) }));
  const barBoxes: Box[] = [];
  out.push('<g class="error-bars">');
  shown.forEach(({ p, k }, i) => {
    const c = centres[i] ?? { x: 0, y: 0 };
    const color = colorAt(k);
    const bar = (x1: number, y1: number, x2: number, y2: number): string =>
      `<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="${color}" stroke-width="1.6"/>`;
    if (isNum(p.x.lo) && isNum(p.x.hi)) {
      const [a, b] = [cx(p.x.lo), cx(p.x.hi)];
      out.push(bar(a, c.y, b, c.y) + bar(a, c.y - 4, a, c.y + 4) + bar(b, c.y - 4, b, c.y + 4));
      barBoxes.push({ x: Math.min(a, b), y: c.y - 4, w: Math.abs(b - a), h: 8 });
    }
    if (isNum(p.y.lo) && isNum(p.y.hi)) {
      const [a, b] = [cy(p.y.lo), cy(p.y.hi)];
      out.push(bar(c.x, a, c.x, b) + bar(c.x - 4, a, c.x + 4, a) + bar(c.x - 4, b, c.x + 4, b));
      barBoxes.push({ x: c.x - 4, y: Math.min(a, b), w: 8, h: Math.abs(b - a) });
    }
  });
  out.push('</g><g class="points">');
  shown.forEach(({ p, k }, i) => {
    const c = centres[i] ?? { x: 0, y: 0 };
    const tip = `${p.name}: ${opts.x.label} ${formatValue(p.x.mean, opts.x.unit ?? 'count')}, ${opts.y.label} ${formatValue(p.y.mean, opts.y.unit ?? 'count')}`;
    out.push(markerShape(markerAt(k), c.x, c.y, 6, colorAt(k), 'point', tip));
  });
  out.push('</g>');
  out.push(placeLabels(shown.map(({ p }) => p.name), centres, plot, barBoxes));
  if (skipped.length) {
    const y = plot.top + plot.height + 56;
    out.push(`<text class="note" x="${num(plot.left)}" y="${num(y)}" fill="#666" font-size="11">Not shown (a metric undefined in all runs): ${esc(skipped.join(', '))}</text>`);
  }
  out.push('</svg>');
  return out.join('');
}

/** Horizontal bars, one per arm, with 95% CI whiskers and the mean printed at the end of each bar. */
export function barChart(opts: BarChartOptions): string {
  const width = opts.width ?? 760;
  const bars = opts.bars;
  if (bars.length === 0) return emptyChart(width, 160, opts.title, 'bar-chart', 'No data to plot');
  const unit = opts.unit ?? 'count';
  const labelW = Math.max(...bars.map((b) => textWidth(truncate(b.name, LEGEND_CHARS), 12)));
  const rowH = 28;
  const plot: Plot = { left: Math.max(80, labelW + 20), top: 40, width: 0, height: bars.length * rowH };
  plot.width = width - plot.left - 80;
  const height = plot.top + plot.height + 52;
  const values = bars.flatMap((b) => [b.mean, b.lo, b.hi]).filter(isNum);
  const xt = valueTicks(values, unit === 'fraction' ? undefined : unit, undefined, Math.max(2, Math.floor(plot.width / 80)));
  const xs = linear(xt.min, xt.max, plot.left, plot.left + plot.width);
  const cx = (v: number): number => xs(clamp(v, xt.min, xt.max));
  const zero = cx(0);

  const out: string[] = [svgOpen(width, height, opts.title, 'bar-chart'), titleText(plot.left, opts.title)];
  out.push(xAxis(plot, xt, xs, unit, opts.xLabel ?? '', true));
  bars.forEach((b, k) => {
    const y = plot.top + k * rowH;
    const mid = y + rowH / 2;
    const label = truncate(b.name, LEGEND_CHARS);
    out.push(`<text x="${num(plot.left - 8)}" y="${num(mid)}" dy="0.32em" text-anchor="end" fill="#222"><title>${esc(b.name)}</title>${esc(label)}</text>`);
    if (!isNum(b.mean)) {
      out.push(`<text class="undefined" x="${num(zero + 6)}" y="${num(mid)}" dy="0.32em" fill="#666">— undefined in all runs</text>`);
      return;
    }
    const end = cx(b.mean);
    const [x0, x1] = end >= zero ? [zero, end] : [end, zero];
    out.push(
      `<rect class="bar" data-name="${esc(b.name)}" x="${num(x0)}" y="${num(y + 5)}" width="${num(Math.max(x1 - x0, 0.75))}" height="${num(rowH - 10)}" fill="${colorAt(k)}" fill-opacity="0.85">` +
        `<title>${esc(`${b.name}: ${formatValue(b.mean, unit)}`)}</title></rect>`,
    );
    let right = x1;
    if (isNum(b.lo) && isNum(b.hi)) {
      const [a, c] = [cx(b.lo), cx(b.hi)];
      right = Math.max(right, c);
      out.push(
        `<g class="whisker" stroke="#222" stroke-width="1.4"><line x1="${num(a)}" x2="${num(c)}" y1="${num(mid)}" y2="${num(mid)}"/>` +
          `<line x1="${num(a)}" x2="${num(a)}" y1="${num(mid - 6)}" y2="${num(mid + 6)}"/><line x1="${num(c)}" x2="${num(c)}" y1="${num(mid - 6)}" y2="${num(mid + 6)}"/></g>`,
      );
    }
    out.push(`<text x="${num(right + 6)}" y="${num(mid)}" dy="0.32em" fill="#222">${esc(formatValue(b.mean, unit))}</text>`);
  });
  out.push(`<line x1="${num(zero)}" x2="${num(zero)}" y1="${num(plot.top)}" y2="${num(plot.top + plot.height)}" stroke="#444"/>`);
  out.push('</svg>');
  return out.join('');
}
