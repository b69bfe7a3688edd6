/** The terminal table the CLI prints after a run: rows = arms, columns = metrics. */
import { comparedOver } from './coverage.js';
import { NULL_CELL, NULL_EXPLANATION, formatSummary } from './format.js';
import type { ReportData } from './types.js';
import { judgeLines } from './model-judge.js';

export interface TextTableOptions {
  /** Use ANSI colours (bold header, dim undefined cells, red errors). Default false. */
  color?: boolean;
}

const ansi = {
  bold: (s: string): string => `\x1b[1m${s}\x1b[22m`,
  dim: (s: string): string => `\x1b[2m${s}\x1b[22m`,
  red: (s: string): string => `\x1b[31m${s}\x1b[39m`,
};

/** Display width in terminal columns (one per code point; the table uses no wide characters). */
function width(s: string): number {
  return [...s].length;
}

function pad(s: string, w: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return align === 'left' ? s + fill : fill + s;
}

function firstLine(s: string, max: number): string {
  const line = s.split('\n', 1)[0] ?? '';
  const chars = [...line];
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join('')}…`;
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Model calls, tokens, cost and latency per run, one row each with a cell per arm; none without models. */
export function modelCostRows(data: ReportData): string[][] {
  if (!data.arms.some((a) => a.costs.models !== undefined)) return [];
  const per = (f: (m: NonNullable<ReportData['arms'][number]['costs']['models']>) => string): string[] => data.arms.map((a) => (a.costs.models === undefined ? NULL_CELL : f(a.costs.models)));
  return [
    ['model calls / run', ...per((m) => `${int(m.calls)} (${int(m.cacheHits)} cached)`)],
    ['tokens in / out / run', ...per((m) => `${int(m.inputTokens)} / ${int(m.outputTokens)}`)],
    ['model cost / run', ...per((m) => `$${m.listCostUsd.toFixed(4)} ($${m.costUsd.toFixed(4)} spent)`)],
    ['latency / request', ...per((m) => (m.latencyMs === null ? 'all cached' : `${int(m.latencyMs)} ms`))],
  ];
}

/** Up to this many arms, the table is transposed (one column per arm) so that it fits a terminal. */
const MAX_ARM_COLUMNS = 4;

/**
 * Cells `mean [lo, hi]` (e.g. `43.2% [40.1, 46.3]`), widths from content. With a few arms (the usual
 * comparison) rows are metrics and columns are arms; with many (a sweep) rows are arms and columns metrics.
 * Metric labels carry ↑/↓ for the better direction; a footnote explains the notation and lists failed runs.
 * Ends with a newline.
 */
export function renderTextTable(data: ReportData, options: TextTableOptions = {}): string {
  const color = options.color ?? false;
  const label = (m: ReportData['metrics'][number]): string => `${m.label} ${m.better === 'higher' ? '↑' : '↓'}`;
  const cell = (arm: ReportData['arms'][number], m: ReportData['metrics'][number]): string => formatSummary(arm.summary[m.id], m.unit);
  const transposed = data.arms.length <= MAX_ARM_COLUMNS;
  const header = transposed ? ['metric', ...data.arms.map((a) => a.name)] : ['arm', ...data.metrics.map(label)];
  const rows = transposed
    ? data.metrics.map((m) => [label(m), ...data.arms.map((a) => cell(a, m))])
    : data.arms.map((arm) => [arm.name, ...data.metrics.map((m) => cell(arm, m))]);
  // What the runs asked of their models, per run: rows after the metrics (columns when arms are rows).
  const costs = modelCostRows(data);
  if (transposed) rows.push(...costs);
  else {
    header.push(...costs.map((r) => r[0] as string));
    rows.forEach((row, i) => row.push(...costs.map((r) => r[i + 1] ?? NULL_CELL)));
  }
  const widths = header.map((h, c) => Math.max(width(h), ...rows.map((r) => width(r[c] ?? ''))));
  const align = (c: number): 'left' | 'right' => (c === 0 ? 'left' : 'right');
  const join = (cells: string[]): string => cells.join('  ').trimEnd();

  const lines: string[] = [];
  const head = join(header.map((h, c) => pad(h, widths[c] ?? 0, align(c))));
  lines.push(color ? ansi.bold(head) : head);
  lines.push(join(widths.map((w) => '─'.repeat(w))));
  for (const row of rows) {
    const cells = row.map((cellText, c) => {
      const padded = pad(cellText, widths[c] ?? 0, align(c));
      return color && c > 0 && cellText === NULL_CELL ? ansi.dim(padded) : padded;
    });
    lines.push(join(cells));
  }

  const notes = [`mean [95% CI] over ${comparedOver(data)}; ↑ higher is better, ↓ lower is better`];
  const hasNull = rows.some((r) => r.slice(1).includes(NULL_CELL));
  const hasPartial = data.arms.some((a) => data.metrics.some((m) => {
    const s = a.summary[m.id];
    return s !== undefined && s.mean !== null && s.n < s.total;
  }));
  if (hasNull) notes.push(`${NULL_CELL} ${NULL_EXPLANATION}`);
  if (hasPartial) notes.push('(n/total) the metric was defined in n of total runs');
  lines.push('');
  for (const note of notes) lines.push(color ? ansi.dim(note) : note);
  const judged = judgeLines(data.modelJudge ?? []);
  if (judged.length > 0) lines.push('', ...judged);
  for (const arm of data.arms) {
    if (arm.errors.length === 0) continue;
    const n = arm.errors.length;
    const msg = `! ${arm.name}: ${n} run${n === 1 ? '' : 's'} failed; first: ${firstLine(arm.errors[0] ?? '', 100)}`;
    lines.push(color ? ansi.red(msg) : msg);
  }
  return `${lines.join('\n')}\n`;
}
