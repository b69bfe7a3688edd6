/** Greedy placement of point labels so they neither overlap each other nor cover the points. */
import { esc, num, overlaps, textWidth, truncate } from './svg-util.js';
import type { Box, Plot } from './svg-util.js';

const FONT_SIZE = 12;
const LINE_H = 15;
const MAX_CHARS = 32;

type Placed = LabelPlacement;

type Side = 'ne' | 'se' | 'nw' | 'sw' | 'right' | 'left' | 'above' | 'below';

function candidate(cx: number, cy: number, w: number, dy: number, side: Side): Placed {
  const h = LINE_H;
  const at = (x: number, y: number, anchor: Placed['anchor']): Placed => {
    const bx = anchor === 'start' ? x : anchor === 'end' ? x - w : x - w / 2;
    return { box: { x: bx, y: y - h / 2, w, h }, anchor, tx: x, ty: y };
  };
  switch (side) {
    case 'ne':
      return at(cx + 9, cy - 9 - h / 2 + dy, 'start');
    case 'se':
      return at(cx + 9, cy + 9 + h / 2 + dy, 'start');
    case 'nw':
      return at(cx - 9, cy - 9 - h / 2 + dy, 'end');
    case 'sw':
      return at(cx - 9, cy + 9 + h / 2 + dy, 'end');
    case 'right':
      return at(cx + 10, cy + dy, 'start');
    case 'left':
      return at(cx - 10, cy + dy, 'end');
    case 'above':
      return at(cx, cy - 12 - h / 2 + dy, 'middle');
    default:
      return at(cx, cy + 12 + h / 2 + dy, 'middle');
  }
}

function inside(b: Box, plot: Plot): boolean {
  return b.x >= plot.left + 2 && b.x + b.w <= plot.left + plot.width - 2 && b.y >= plot.top + 2 && b.y + b.h <= plot.top + plot.height - 2;
}

export interface LabelPlacement {
  /** Estimated text box. */
  box: Box;
  anchor: 'start' | 'end' | 'middle';
  /** Text anchor point. */
  tx: number;
  ty: number;
}

/**
 * Positions for labels of points at `centres` (px), avoiding the points, `obstacles` (e.g. error bars) and
 * each other. Tries the four diagonals, then right, left, above, below, then diagonals shifted further out.
 */
export function layoutLabels(names: readonly string[], centres: readonly { x: number; y: number }[], plot: Plot, obstacles: readonly Box[] = []): LabelPlacement[] {
  const blocked: Box[] = [...centres.map((c) => ({ x: c.x - 8, y: c.y - 8, w: 16, h: 16 })), ...obstacles];
  const placed: LabelPlacement[] = [];
  names.forEach((name, i) => {
    const c = centres[i] ?? { x: 0, y: 0 };
    const w = textWidth(truncate(name, MAX_CHARS), FONT_SIZE) + 2;
    const tries: Placed[] = (['ne', 'se', 'nw', 'sw', 'right', 'left', 'above', 'below'] as const).map((side) => candidate(c.x, c.y, w, 0, side));
    for (const shift of [1, -1, 2, -2, 3, -3, 4, -4]) {
      for (const side of ['ne', 'nw'] as const) tries.push(candidate(c.x, c.y, w, shift * LINE_H, side));
    }
    const free = (p: Placed): boolean => !placed.some((q) => overlaps(q.box, p.box)) && !blocked.some((b) => overlaps(b, p.box));
    const first = tries[0] ?? candidate(c.x, c.y, w, 0, 'ne');
    placed.push(tries.find((p) => inside(p.box, plot) && free(p)) ?? tries.find((p) => inside(p.box, plot)) ?? first);
  });
  return placed;
}

/** SVG for the labels laid out by {@link layoutLabels}; a label moved far from its point gets a thin leader line. */
export function placeLabels(names: readonly string[], centres: readonly { x: number; y: number }[], plot: Plot, obstacles: readonly Box[] = []): string {
  const out: string[] = ['<g class="labels">'];
  layoutLabels(names, centres, plot, obstacles).forEach((best, i) => {
    const c = centres[i] ?? { x: 0, y: 0 };
    const name = names[i] ?? '';
    if (Math.hypot(best.tx - c.x, best.ty - c.y) > 2.2 * LINE_H) {
      const ex = best.anchor === 'start' ? best.box.x - 2 : best.anchor === 'end' ? best.box.x + best.box.w + 2 : best.tx;
      out.push(`<line class="leader" x1="${num(c.x)}" y1="${num(c.y)}" x2="${num(ex)}" y2="${num(best.ty)}" stroke="#999" stroke-width="0.75"/>`);
    }
    out.push(
      `<text class="point-label" x="${num(best.tx)}" y="${num(best.ty)}" dy="0.32em" text-anchor="${best.anchor}" fill="#222" ` +
        `paint-order="stroke" stroke="#fff" stroke-width="3" stroke-linejoin="round"><title>${esc(name)}</title>${esc(truncate(name, MAX_CHARS))}</text>`,
    );
  });
  out.push('</g>');
  return out.join('');
}
