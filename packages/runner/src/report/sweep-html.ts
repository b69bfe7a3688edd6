/**
 * The HTML report of a sweep: one self-contained file (inline CSS and SVG, no scripts) with the Pareto front
 * of the chosen objectives, trade-off scatters with 95% CIs, and every point's objectives and metrics.
 */
import { NULL_CELL, NULL_EXPLANATION, formatSummary, formatSummaryParts } from './format.js';
import { CSS } from './html-sections.js';
import type { Summary } from './types.js';
import { type SweepPointReport, type SweepReportData, axisLabels } from './sweep-data.js';
import { dominatorList, objectiveChoices, objectivePhrase } from './sweep-table.js';
import { paretoScatter } from './svg-pareto.js';
import { esc } from './svg-util.js';
import type { Objective } from '../sweep/objectives.js';

const SWEEP_CSS = `
tr.front th, tr.front td { background: #eef5fb; }
td.front-mark { font-weight: 600; color: #0072B2; text-align: center; }
td.grid-value, td.arm { text-align: left; }
ul.front li { margin: 2px 0; }
`;

function cell(summary: Summary | undefined, unit: Objective['unit']): string {
  const p = formatSummaryParts(summary, unit);
  if (p.mean === NULL_CELL) return `<td class="null" title="${esc(NULL_EXPLANATION)}">${NULL_CELL}</td>`;
  const rest = [p.ci, p.coverage].filter((x): x is string => x !== null).join(' ');
  return `<td><span class="mean">${esc(p.mean)}</span>${rest ? ` <span class="ci">${esc(rest)}</span>` : ''}</td>`;
}

function assignmentText(data: SweepReportData, p: SweepPointReport): string {
  const labels = axisLabels(data.grid.map((a) => a.path));
  return data.grid.map((a, k) => `${labels[k] ?? a.path}=${p.assignment[a.path] ?? ''}`).join(', ');
}

function header(data: SweepReportData): string {
  const s = data.scenario;
  const grid = data.grid.map((a) => `<li><code>${esc(a.path)}</code> = ${esc(a.values.join(', '))}</li>`).join('');
  const n = data.seeds.length;
  return (
    `<header><h1>${esc(data.title)}</h1>` +
    `<p class="scenario">Scenario: <strong>${esc(s.name)}</strong> <code>${esc(s.id)}</code></p>` +
    (s.description ? `<p class="description">${esc(s.description)}</p>` : '') +
    '<dl class="meta">' +
    `<dt>Agents</dt><dd>${s.agents}</dd><dt>Rounds</dt><dd>${s.rounds}</dd><dt>Topology</dt><dd>${esc(s.topology)}</dd>` +
    `<dt>Seeds</dt><dd>${n} per point (${esc(data.seeds.slice(0, 20).join(', '))}${n > 20 ? ', …' : ''})</dd>` +
    `<dt>Grid</dt><dd><ul class="plain">${grid}</ul></dd>` +
    `<dt>Points</dt><dd>${data.points.length} (an arm at a grid point; ${data.totals.runs} runs, ${data.totals.executed} run now, ${data.totals.skipped} from the store)</dd>` +
    `<dt>Objectives</dt><dd>${esc(objectiveChoices(data))}</dd>` +
    `<dt>Generated</dt><dd>${esc(data.generatedAt)}</dd>` +
    '</dl></header>'
  );
}

function frontSection(data: SweepReportData): string {
  const front = data.points.filter((p) => p.pareto);
  const items = front
    .map((p) => {
      const values = data.objectives.map((o) => `${o.label} ${formatSummary(p.summary[o.id], o.unit)}`).join('; ');
      return `<li><strong>#${p.id}</strong> ${esc(p.arm)} (${esc(assignmentText(data, p))}): ${esc(values)}</li>`;
    })
    .join('');
  const attack = data.objectives.find((o) => o.role === 'attack') ?? data.objectives[0];
  const others = data.objectives.filter((o) => o !== attack);
  const charts = attack === undefined ? [] : others.map((o) => scatter(data, o, attack));
  return (
    '<section id="pareto"><h2>Pareto front</h2>' +
    `<p>${front.length} of ${data.points.length} points are on the front: non-dominated on the <strong>means</strong> of ${esc(objectivePhrase(data))} ` +
    '(no other point is at least as good on every objective and better on one). The front is computed on means; ' +
    'the 95% confidence intervals show where two points may not really differ.</p>' +
    `<ul class="front">${items}</ul>` +
    charts.join('') +
    '</section>'
  );
}

function scatter(data: SweepReportData, x: Objective, y: Objective): string {
  const svg = paretoScatter({
    title: `${y.label} vs ${x.label}`,
    points: data.points.map((p) => {
      const xs = p.summary[x.id];
      const ys = p.summary[y.id];
      return {
        name: `#${p.id}`,
        tip: `#${p.id} ${p.arm} (${assignmentText(data, p)})`,
        x: { mean: xs?.mean ?? null, lo: xs?.lo ?? null, hi: xs?.hi ?? null },
        y: { mean: ys?.mean ?? null, lo: ys?.lo ?? null, hi: ys?.hi ?? null },
        front: p.pareto,
      };
    }),
    x: { label: x.label, unit: x.unit, better: x.better },
    y: { label: y.label, unit: y.unit, better: y.better },
  });
  const rest = data.objectives.filter((o) => o !== x && o !== y);
  const note =
    rest.length > 0
      ? ` The front is computed on all ${data.objectives.length} objectives: a front point that looks dominated in this plane is better on ${esc(rest.map((o) => o.label).join(' and '))}.`
      : '';
  return `<figure>${svg}<figcaption>One point per configuration (mean over seeds; bars are 95% confidence intervals); labelled points are on the front.${note}</figcaption></figure>`;
}

function pointsTable(data: SweepReportData): string {
  const labels = axisLabels(data.grid.map((a) => a.path));
  const objectiveHead = data.objectives
    .map((o) => `<th scope="col" title="${esc(`${o.id} · ${o.better} is better`)}">${esc(o.label)}<span class="unit">${esc(o.role)} ${o.better === 'higher' ? '↑' : '↓'}</span></th>`)
    .join('');
  const head =
    `<tr><th scope="col">#</th>${labels.map((l, k) => `<th scope="col" title="${esc(data.grid[k]?.path ?? '')}">${esc(l)}</th>`).join('')}` +
    `<th scope="col">Arm</th>${objectiveHead}<th scope="col">Front</th><th scope="col">Dominated by</th><th scope="col">Experiment</th></tr>`;
  const rows = data.points.map((p) => {
    const mark = p.comparable ? (p.pareto ? 'yes' : 'no') : NULL_CELL;
    return (
      `<tr class="${p.pareto ? 'front' : 'dominated'}"><th scope="row">#${p.id}</th>` +
      data.grid.map((a) => `<td class="grid-value">${esc(p.assignment[a.path] ?? '')}</td>`).join('') +
      `<td class="arm">${esc(p.arm)}<span class="defenses">${esc(p.defenses.join(', ') || 'no defenses')}</span></td>` +
      data.objectives.map((o) => cell(p.summary[o.id], o.unit)).join('') +
      `<td class="front-mark">${mark}</td><td>${esc(dominatorList(p.dominatedBy))}</td><td><code>${esc(p.experimentId)}</code></td></tr>`
    );
  });
  const star = data.points.some((p) => Object.values(p.assignment).includes('*'))
    ? ' <code>*</code>: the arm is the same at every value of that path, so it ran once.'
    : '';
  return (
    '<section id="points"><h2>All points</h2>' +
    `<p class="note">Mean over seeds with its 95% confidence interval. Each experiment can be shown alone with <code>masec report --run &lt;id&gt;</code>.${star}</p>` +
    `<div class="table-wrap"><table class="summary"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div></section>`
  );
}

function metricsTable(data: SweepReportData): string {
  if (data.metrics.length === 0) return '';
  const head = `<tr><th scope="col">#</th>${data.metrics.map((m) => `<th scope="col">${esc(m.label)}<span class="unit">${esc(m.unit)} ${m.better === 'higher' ? '↑' : '↓'}</span></th>`).join('')}</tr>`;
  const rows = data.points.map((p) => `<tr><th scope="row">#${p.id}</th>${data.metrics.map((m) => cell(p.summary[m.id], m.unit)).join('')}</tr>`);
  return (
    '<section id="metrics"><h2>Every metric</h2><details><summary>All metrics of every point</summary>' +
    `<div class="table-wrap"><table class="summary"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div></details></section>`
  );
}

function errorsSection(data: SweepReportData): string {
  const failing = data.points.filter((p) => p.errors.length > 0);
  if (failing.length === 0) return '';
  const items = failing.map((p) => `<li>#${p.id} ${esc(p.arm)}: ${p.errors.length} failed; first: <code>${esc(p.errors[0] ?? '')}</code></li>`);
  return `<section id="errors"><h2>Errors</h2><p class="note">Failed runs are excluded from every statistic above.</p><ul class="errors">${items.join('')}</ul></section>`;
}

export function renderSweepHtml(data: SweepReportData): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(data.title)}</title>`,
    `<style>${CSS}${SWEEP_CSS}</style></head><body>`,
    header(data),
    '<main>',
    frontSection(data),
    pointsTable(data),
    metricsTable(data),
    errorsSection(data),
    '</main></body></html>',
    '',
  ].join('\n');
}
