/**
 * Shared pieces of the dependency-free SVG charts: escaping, scales, "nice" ticks, the colour-blind safe
 * palette and text-width estimates. Everything is pure and returns strings.
 */
import type { MetricUnit } from '@masec/spec';

/** Okabe–Ito palette, ordered for contrast on white (yellow last: weak on white). */
export const PALETTE: readonly string[] = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

/** Dash patterns paired with colours, so series stay distinguishable in greyscale print. */
export const DASHES: readonly string[] = ['', '7 3', '2 3', '9 3 2 3', '4 4', '1 2'];

/** Marker shapes for scatter points, paired with colours for the same reason. */
export const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'triangle-down'] as const;
export type Marker = (typeof MARKERS)[number];

export const FONT = 'system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif';
export const SVG_NS = 'http://www.w3.org/2000/svg';

export function colorAt(i: number): string {
  return PALETTE[i % PALETTE.length] ?? '#000000';
}

export function dashAt(i: number): string {
  // Change the dash only once the colours wrap around; the first arms are solid lines.
  return DASHES[Math.floor(i / PALETTE.length) % DASHES.length] ?? '';
}

export function markerAt(i: number): Marker {
  return MARKERS[i % MARKERS.length] ?? 'circle';
}

/** Escape text for XML/HTML element content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&#39;';
    }
  });
}

/** True for finite numbers only (rejects null, undefined, NaN and ±Infinity). */
export function isNum(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** A compact coordinate: at most two decimals, no trailing zeros. */
export function num(n: number): string {
  const r = Math.round(n * 100) / 100;
  return Object.is(r, -0) ? '0' : String(r);
}

export function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

/** Linear scale from a domain to a range; a degenerate domain maps to the middle of the range. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0;
  if (!(Math.abs(span) > 0)) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** Approximate rendered width of `s` in px (sans-serif averages ~0.58em per character). */
export function textWidth(s: string, fontSize: number): number {
  return [...s].length * fontSize * 0.58;
}

/** Shorten `s` to at most `max` characters with an ellipsis. */
export function truncate(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, Math.max(1, max - 1)).join('')}…`;
}

function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const f = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
  return f * mag;
}

export interface Ticks {
  min: number;
  max: number;
  step: number;
  values: number[];
}

/** "Nice" ticks (1, 2, 2.5, 5 × 10^k) covering [min, max]; `integer` forces a whole-number step. */
export function niceTicks(min: number, max: number, count = 5, integer = false): Ticks {
  let lo = isNum(min) ? min : 0;
  let hi = isNum(max) ? max : 1;
  if (lo > hi) [lo, hi] = [hi, lo];
  if (hi - lo < 1e-12) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 1;
    lo -= pad;
    hi += pad;
  }
  let step = niceStep(hi - lo, count);
  if (integer) step = Math.max(1, Math.round(step));
  const start = Math.floor(lo / step + 1e-9) * step;
  const end = Math.ceil(hi / step - 1e-9) * step;
  const values: number[] = [];
  for (let v = start, i = 0; v <= end + step * 1e-9 && i < 1000; i++, v = start + i * step) {
    values.push(Math.round(v / step) * step);
  }
  return { min: start, max: end, step, values };
}

/** Ticks over a fixed domain: nice values inside it, with the domain kept as-is. */
export function fixedTicks(min: number, max: number, count = 5): Ticks {
  const t = niceTicks(min, max, count);
  const values = t.values.filter((v) => v >= min - t.step * 1e-9 && v <= max + t.step * 1e-9);
  return { min, max, step: t.step, values };
}

/** Tick label: percent for fractions, otherwise as many decimals as the step needs. */
export function tickLabel(v: number, step: number, unit?: MetricUnit): string {
  const scaled = unit === 'fraction' ? v * 100 : v;
  const scaledStep = unit === 'fraction' ? step * 100 : step;
  let decimals = 0;
  while (decimals < 6 && Math.abs(Math.round(scaledStep * 10 ** decimals) - scaledStep * 10 ** decimals) > 1e-6) decimals++;
  const s = (Object.is(scaled, -0) ? 0 : scaled).toFixed(decimals);
  return unit === 'fraction' ? `${s}%` : s;
}

/** Opening `<svg>` tag plus an accessible title. */
export function svgOpen(width: number, height: number, title: string, cls: string): string {
  return (
    `<svg xmlns="${SVG_NS}" class="chart ${esc(cls)}" width="${num(width)}" height="${num(height)}" ` +
    `viewBox="0 0 ${num(width)} ${num(height)}" role="img" aria-label="${esc(title)}" ` +
    `font-family="${esc(FONT)}" font-size="12">` +
    `<title>${esc(title)}</title>`
  );
}

export function titleText(x: number, title: string): string {
  return `<text x="${num(x)}" y="20" font-size="15" font-weight="600" fill="#222">${esc(title)}</text>`;
}

/** A complete chart that only says there is nothing to draw. */
export function emptyChart(width: number, height: number, title: string, cls: string, message: string): string {
  return (
    svgOpen(width, height, title, cls) +
    titleText(12, title) +
    `<rect x="0.5" y="30.5" width="${num(width - 1)}" height="${num(height - 31)}" fill="none" stroke="#ccc"/>` +
    `<text x="${num(width / 2)}" y="${num(height / 2 + 10)}" text-anchor="middle" fill="#666">${esc(message)}</text>` +
    '</svg>'
  );
}

/** Marker shape centred at (x, y). */
export function markerShape(shape: Marker, x: number, y: number, r: number, color: string, cls: string, label: string): string {
  const common = `class="${esc(cls)}" data-name="${esc(label)}" fill="${color}" stroke="#fff" stroke-width="1.5"`;
  const t = `<title>${esc(label)}</title>`;
  switch (shape) {
    case 'square':
      return `<rect ${common} x="${num(x - r * 0.9)}" y="${num(y - r * 0.9)}" width="${num(r * 1.8)}" height="${num(r * 1.8)}">${t}</rect>`;
    case 'triangle':
      return `<path ${common} d="M${num(x)} ${num(y - r * 1.15)}L${num(x + r * 1.1)} ${num(y + r * 0.8)}L${num(x - r * 1.1)} ${num(y + r * 0.8)}Z">${t}</path>`;
    case 'triangle-down':
      return `<path ${common} d="M${num(x)} ${num(y + r * 1.15)}L${num(x + r * 1.1)} ${num(y - r * 0.8)}L${num(x - r * 1.1)} ${num(y - r * 0.8)}Z">${t}</path>`;
    case 'diamond':
      return `<path ${common} d="M${num(x)} ${num(y - r * 1.25)}L${num(x + r * 1.25)} ${num(y)}L${num(x)} ${num(y + r * 1.25)}L${num(x - r * 1.25)} ${num(y)}Z">${t}</path>`;
    default:
      return `<circle ${common} cx="${num(x)}" cy="${num(y)}" r="${num(r)}">${t}</circle>`;
  }
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** The plotting area inside a chart, in px. */
export interface Plot {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Left y axis with horizontal grid lines, tick labels and a rotated axis title. */
export function yAxis(plot: Plot, ticks: Ticks, scale: (v: number) => number, unit: MetricUnit | undefined, label: string): string {
  const parts: string[] = ['<g class="axis y-axis">'];
  for (const v of ticks.values) {
    const y = num(scale(v));
    parts.push(`<line x1="${num(plot.left)}" x2="${num(plot.left + plot.width)}" y1="${y}" y2="${y}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${num(plot.left - 6)}" y="${y}" dy="0.32em" text-anchor="end" fill="#444">${esc(tickLabel(v, ticks.step, unit))}</text>`);
  }
  parts.push(`<line x1="${num(plot.left)}" x2="${num(plot.left)}" y1="${num(plot.top)}" y2="${num(plot.top + plot.height)}" stroke="#444"/>`);
  const cx = num(plot.left - 46);
  const cy = num(plot.top + plot.height / 2);
  parts.push(`<text transform="translate(${cx} ${cy}) rotate(-90)" text-anchor="middle" fill="#222">${esc(label)}</text>`);
  parts.push('</g>');
  return parts.join('');
}

/** Bottom x axis with tick marks, labels, an axis title and optional vertical grid lines. */
export function xAxis(plot: Plot, ticks: Ticks, scale: (v: number) => number, unit: MetricUnit | undefined, label: string, grid: boolean): string {
  const parts: string[] = ['<g class="axis x-axis">'];
  const base = plot.top + plot.height;
  for (const v of ticks.values) {
    const x = num(scale(v));
    if (grid) parts.push(`<line x1="${x}" x2="${x}" y1="${num(plot.top)}" y2="${num(base)}" stroke="#e3e3e3"/>`);
    parts.push(`<line x1="${x}" x2="${x}" y1="${num(base)}" y2="${num(base + 5)}" stroke="#444"/>`);
    parts.push(`<text x="${x}" y="${num(base + 18)}" text-anchor="middle" fill="#444">${esc(tickLabel(v, ticks.step, unit))}</text>`);
  }
  parts.push(`<line x1="${num(plot.left)}" x2="${num(plot.left + plot.width)}" y1="${num(base)}" y2="${num(base)}" stroke="#444"/>`);
  parts.push(`<text x="${num(plot.left + plot.width / 2)}" y="${num(base + 38)}" text-anchor="middle" fill="#222">${esc(label)}</text>`);
  parts.push('</g>');
  return parts.join('');
}
