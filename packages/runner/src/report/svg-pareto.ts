/**
 * The trade-off scatter of a sweep: every point with its 95% CI bars, the Pareto front highlighted (filled,
 * coloured, labelled) and dominated points drawn as grey rings. Same axes and conventions as the report's
 * security-vs-utility chart (`scatterWithErrorBars`).
 */
import { formatValue } from './format.js';
import { type Estimate, type ScatterAxis, betterSuffix, scatterTicks } from './svg.js';
import { placeLabels } from './svg-labels.js';
import { type Box, type Plot, type Ticks, clamp, colorAt, emptyChart, esc, isNum, linear, niceTicks, num, svgOpen, titleText, xAxis, yAxis } from './svg-util.js';

export interface ParetoScatterPoint {
  /** Short label drawn next to front points, e.g. `#3`. */
  name: string;
  /** Hover text. */
  tip: string;
  x: Estimate;
  y: Estimate;
  front: boolean;
}

export interface ParetoScatterOptions {
  title: string;
  points: readonly ParetoScatterPoint[];
  x: ScatterAxis;
  y: ScatterAxis;
  width?: number;
  height?: number;
}

const FRONT = colorAt(0);
const DOMINATED = '#9a9a9a';

/** The scatter's ticks, never below zero for data that is never negative (counts, costs). */
function axisTicks(values: readonly number[], axis: ScatterAxis): Ticks {
  const ticks = scatterTicks(values, axis);
  return ticks.min < 0 && values.every((v) => v >= 0) ? niceTicks(0, ticks.max, 5) : ticks;
}

export function paretoScatter(opts: ParetoScatterOptions): string {
  const width = opts.width ?? 900;
  const shown = opts.points.filter((p) => isNum(p.x.mean) && isNum(p.y.mean));
  if (shown.length === 0) return emptyChart(width, opts.height ?? 200, opts.title, 'pareto-chart', 'No point has both metrics defined');
  const height = opts.height ?? 480;
  const legendH = 22;
  const plot: Plot = { left: 72, top: 40 + legendH, width: width - 72 - 28, height: height - 40 - legendH - 60 };
  const xt = axisTicks(shown.flatMap((p) => [p.x.mean, p.x.lo, p.x.hi]).filter(isNum), opts.x);
  const yt = axisTicks(shown.flatMap((p) => [p.y.mean, p.y.lo, p.y.hi]).filter(isNum), opts.y);
  const xs = linear(xt.min, xt.max, plot.left, plot.left + plot.width);
  const ys = linear(yt.min, yt.max, plot.top + plot.height, plot.top);
  const cx = (v: number): number => xs(clamp(v, xt.min, xt.max));
  const cy = (v: number): number => ys(clamp(v, yt.min, yt.max));

  const out: string[] = [svgOpen(width, height, opts.title, 'pareto-chart'), titleText(plot.left, opts.title)];
  out.push(
    `<g class="legend" font-size="12"><circle cx="${num(plot.left + 6)}" cy="${num(40 + 6)}" r="5" fill="${FRONT}"/>` +
      `<text x="${num(plot.left + 16)}" y="${num(40 + 6)}" dy="0.32em" fill="#222">on the Pareto front</text>` +
      `<circle cx="${num(plot.left + 160)}" cy="${num(40 + 6)}" r="4.5" fill="#fff" stroke="${DOMINATED}" stroke-width="1.6"/>` +
      `<text x="${num(plot.left + 170)}" y="${num(40 + 6)}" dy="0.32em" fill="#222">dominated</text>` +
      `<text x="${num(plot.left + 250)}" y="${num(40 + 6)}" dy="0.32em" fill="#666">bars: 95% CI</text></g>`,
  );
  out.push(yAxis(plot, yt, ys, opts.y.unit, opts.y.label + betterSuffix(opts.y.better, 'y')));
  out.push(xAxis(plot, xt, xs, opts.x.unit, opts.x.label + betterSuffix(opts.x.better, 'x'), true));
  // Dominated points first, so the front is drawn on top of them.
  const order = [...shown].sort((a, b) => Number(a.front) - Number(b.front));
  const barBoxes: Box[] = [];
  out.push('<g class="error-bars">');
  for (const p of order) {
    const c = { x: cx(p.x.mean ?? 0), y: cy(p.y.mean ?? 0) };
    const color = p.front ? FRONT : DOMINATED;
    const opacity = p.front ? '1' : '0.6';
    const bar = (x1: number, y1: number, x2: number, y2: number): string =>
      `<line x1="${num(x1)}" y1="${num(y1)}" x2="${num(x2)}" y2="${num(y2)}" stroke="${color}" stroke-opacity="${opacity}" stroke-width="1.4"/>`;
    if (isNum(p.x.lo) && isNum(p.x.hi)) {
      const [a, b] = [cx(p.x.lo), cx(p.x.hi)];
      out.push(bar(a, c.y, b, c.y) + bar(a, c.y - 3, a, c.y + 3) + bar(b, c.y - 3, b, c.y + 3));
      if (p.front) barBoxes.push({ x: Math.min(a, b), y: c.y - 3, w: Math.abs(b - a), h: 6 });
    }
    if (isNum(p.y.lo) && isNum(p.y.hi)) {
      const [a, b] = [cy(p.y.lo), cy(p.y.hi)];
      out.push(bar(c.x, a, c.x, b) + bar(c.x - 3, a, c.x + 3, a) + bar(c.x - 3, b, c.x + 3, b));
      if (p.front) barBoxes.push({ x: c.x - 3, y: Math.min(a, b), w: 6, h: Math.abs(b - a) });
    }
  }
  out.push('</g><g class="points">');
  for (const p of order) {
    const c = { x: cx(p.x.mean ?? 0), y: cy(p.y.mean ?? 0) };
    const tip = `${p.tip}: ${opts.x.label} ${formatValue(p.x.mean, opts.x.unit ?? 'count')}, ${opts.y.label} ${formatValue(p.y.mean, opts.y.unit ?? 'count')}`;
    out.push(
      p.front
        ? `<circle class="point front" data-name="${esc(p.name)}" cx="${num(c.x)}" cy="${num(c.y)}" r="6" fill="${FRONT}" stroke="#fff" stroke-width="1.5"><title>${esc(tip)}</title></circle>`
        : `<circle class="point dominated" data-name="${esc(p.name)}" cx="${num(c.x)}" cy="${num(c.y)}" r="4.5" fill="#fff" stroke="${DOMINATED}" stroke-width="1.6"><title>${esc(tip)}</title></circle>`,
    );
  }
  out.push('</g>');
  const front = shown.filter((p) => p.front);
  out.push(placeLabels(front.map((p) => p.name), front.map((p) => ({ x: cx(p.x.mean ?? 0), y: cy(p.y.mean ?? 0) })), plot, barBoxes));
  out.push('</svg>');
  return out.join('');
}
