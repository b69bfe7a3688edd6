/** The terminal table of a sweep: one row per point, its objectives with CIs, and whether it is on the front. */
import { NULL_CELL, formatSummary } from './format.js';
import { type SweepReportData, axisLabels } from './sweep-data.js';

const MAX_DOMINATORS = 3;

function width(s: string): number {
  return [...s].length;
}

function pad(s: string, w: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return align === 'left' ? s + fill : fill + s;
}

/** `#3, #5, #8 …` */
export function dominatorList(ids: readonly number[]): string {
  const shown = ids.slice(0, MAX_DOMINATORS).map((id) => `#${id}`);
  return ids.length > MAX_DOMINATORS ? `${shown.join(', ')} …` : shown.join(', ');
}

/** The objectives as a phrase: `infected ↓, benign tasks done ↑ and benign mail blocked ↓`. */
export function objectivePhrase(data: SweepReportData): string {
  const names = data.objectives.map((o) => `${o.label} ${o.better === 'higher' ? '↑' : '↓'}`);
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1] ?? ''}`;
}

/** What each objective is and why: `attack = infected-fraction (primary metric of threat 'worm')`. */
export function objectiveChoices(data: SweepReportData): string {
  return data.objectives.map((o) => `${o.role} = ${o.id} (${o.reason})`).join('; ');
}

/** Rows = points in grid order; columns = grid values, arm, objectives, front. Ends with a newline. */
export function renderSweepTable(data: SweepReportData): string {
  const labels = axisLabels(data.grid.map((a) => a.path));
  const header = ['#', ...labels, 'arm', ...data.objectives.map((o) => `${o.label} ${o.better === 'higher' ? '↑' : '↓'}`), 'front', 'dominated by'];
  const rows = data.points.map((p) => [
    `#${p.id}`,
    ...data.grid.map((a) => p.assignment[a.path] ?? ''),
    p.arm,
    ...data.objectives.map((o) => formatSummary(p.summary[o.id], o.unit)),
    p.comparable ? (p.pareto ? 'yes' : 'no') : NULL_CELL,
    dominatorList(p.dominatedBy),
  ]);
  const widths = header.map((h, c) => Math.max(width(h), ...rows.map((r) => width(r[c] ?? ''))));
  const textColumns = 1 + labels.length + 1;
  const align = (c: number): 'left' | 'right' => (c < textColumns || c >= header.length - 2 ? 'left' : 'right');
  const join = (cells: string[]): string => cells.join('  ').trimEnd();
  const lines = [join(header.map((h, c) => pad(h, widths[c] ?? 0, align(c)))), join(widths.map((w) => '─'.repeat(w)))];
  for (const row of rows) lines.push(join(row.map((cell, c) => pad(cell, widths[c] ?? 0, align(c)))));

  const seeds = data.seeds.length;
  lines.push('');
  lines.push(`Pareto front: ${data.front.length > 0 ? data.front.map((id) => `#${id}`).join(', ') : 'none (no point has every objective defined)'}`);
  lines.push(
    `front = non-dominated on the MEANS of ${objectivePhrase(data)}: no other point is at least as good on all and better on one. ` +
      `Cells are mean [95% CI] over ${seeds} seed${seeds === 1 ? '' : 's'}; where intervals overlap, the ordering may be noise.`,
  );
  lines.push(`objectives: ${objectiveChoices(data)}; change with --attack, --utility, --cost <metric|none>`);
  labels.forEach((label, k) => {
    const path = data.grid[k]?.path ?? '';
    if (label !== path) lines.push(`${label} = ${path}`);
  });
  if (data.points.some((p) => Object.values(p.assignment).includes('*'))) lines.push('* the arm is the same at every value of this path; it ran once');
  if (data.points.some((p) => !p.comparable)) lines.push(`${NULL_CELL} an objective is undefined in all runs of the point: it is left out of the comparison`);
  for (const p of data.points) {
    if (p.errors.length === 0) continue;
    const first = (p.errors[0] ?? '').split('\n', 1)[0] ?? '';
    lines.push(`! #${p.id} ${p.arm}: ${p.errors.length} run${p.errors.length === 1 ? '' : 's'} failed; first: ${first.slice(0, 100)}`);
  }
  return `${lines.join('\n')}\n`;
}
