/**
 * The HTML report: one self-contained file (inline CSS and SVG, no scripts, no external URLs) that shows
 * security, utility and cost together for every arm, as DEFENSES.md asks of every evaluation.
 */
import { comparedOver, describeCoverage } from './coverage.js';
import { NULL_CELL, NULL_EXPLANATION, formatSeeds, formatSummaryParts } from './format.js';
import { describeFindings } from './findings.js';
import { CSS, costsSection, errorsSection, reproducibilitySection, swatch } from './html-sections.js';
import { transcriptSection } from './html-models.js';
import { judgeSection } from './model-judge.js';
import { lineChartWithBands, scatterWithErrorBars } from './svg.js';
import { esc } from './svg-util.js';
import type { ReportData, ReportMetric } from './types.js';

/** `1–10 (10 seeds)` for consecutive seeds, otherwise the list (abbreviated past 20). */
function describeSeeds(seeds: readonly number[]): string {
  const n = seeds.length;
  const count = `${n} seed${n === 1 ? '' : 's'}`;
  if (n === 0) return 'none';
  const first = seeds[0] ?? 0;
  const consecutive = n > 2 && seeds.every((s, i) => s === first + i);
  if (consecutive) return `${first}–${first + n - 1} (${count})`;
  const shown = seeds.slice(0, 20).join(', ');
  return `${shown}${n > 20 ? ', …' : ''} (${count})`;
}

/** The planned seeds, and, when the store does not hold every planned run, those the summaries are over. */
function seedsHeld(data: ReportData): string {
  const { coverage } = data;
  if (coverage.complete && coverage.basis === 'shared') return describeSeeds(data.experiment.seeds);
  const compared = coverage.basis === 'all' ? 'each arm’s done runs' : `${formatSeeds(coverage.sharedSeeds)} (done in every arm)`;
  return `${formatSeeds(coverage.planned.seeds)} planned; compared: ${compared}`;
}

/** A warning at the top of the page when the report does not hold every planned run, or compares arms over different seeds. */
function coverageSection(data: ReportData): string {
  const lines = describeCoverage(data);
  if (lines.length === 0) return '';
  const title = data.coverage.complete ? 'Arms compared over different seeds' : 'Incomplete experiment';
  return `<section id="coverage" class="warning"><h2>${title}</h2><ul>${lines.map((line) => `<li>${esc(line.trim())}</li>`).join('')}</ul></section>`;
}

function header(data: ReportData): string {
  const e = data.experiment;
  const armCount = data.arms.length;
  return (
    '<header>' +
    `<h1>${esc(data.title)}</h1>` +
    `<p class="scenario">Scenario: <strong>${esc(e.scenarioName)}</strong> <code>${esc(e.scenarioId)}</code></p>` +
    (e.description ? `<p class="description">${esc(e.description)}</p>` : '') +
    '<dl class="meta">' +
    `<dt>Experiment</dt><dd><code>${esc(e.id)}</code></dd>` +
    `<dt>Agents</dt><dd>${esc(String(e.agents))}</dd>` +
    `<dt>Rounds</dt><dd>${esc(String(e.rounds))}</dd>` +
    `<dt>Topology</dt><dd>${esc(e.topology)}</dd>` +
    `<dt>Seeds</dt><dd>${esc(seedsHeld(data))}</dd>` +
    `<dt>Arms</dt><dd>${esc(String(armCount))}: ${esc(data.arms.map((a) => a.name).join(', '))}</dd>` +
    `<dt>Generated</dt><dd>${esc(data.generatedAt)}</dd>` +
    '</dl></header>'
  );
}

function metricHeader(m: ReportMetric): string {
  const arrow = m.better === 'higher' ? '↑' : '↓';
  const tip = `${m.id} · ${m.unit} · ${m.better} is better`;
  return `<th scope="col" title="${esc(tip)}">${esc(m.label)}<span class="unit">${esc(m.unit)} ${arrow}</span></th>`;
}

function summaryTable(data: ReportData): string {
  const head = `<tr><th scope="col">Arm</th><th scope="col">Runs</th>${data.metrics.map(metricHeader).join('')}</tr>`;
  const rows = data.arms.map((arm, k) => {
    const defenses = arm.defenses.length ? arm.defenses.join(', ') : 'no defenses';
    const cells = data.metrics.map((m) => {
      const s = arm.summary[m.id];
      const p = formatSummaryParts(s, m.unit);
      if (p.mean === NULL_CELL) return `<td class="null" title="${esc(NULL_EXPLANATION)}">${NULL_CELL}</td>`;
      // Mean on the first line, interval (and coverage) below it: keeps wide tables narrow.
      const rest = [p.ci, p.coverage].filter((x): x is string => x !== null).join(' ');
      const body = `<span class="mean">${esc(p.mean)}</span>${rest ? ` <span class="ci">${esc(rest)}</span>` : ''}`;
      if (s && s.n < s.total) return `<td class="partial" title="${esc(`defined in ${s.n} of ${s.total} runs`)}">${body}</td>`;
      return `<td>${body}</td>`;
    });
    return (
      `<tr><th scope="row"><span class="arm">${swatch(k)}${esc(arm.name)}</span><span class="defenses">${esc(defenses)}</span></th>` +
      `<td>${esc(String(arm.runs))}</td>${cells.join('')}</tr>`
    );
  });
  return (
    '<section id="summary"><h2>Summary</h2>' +
    '<p class="note">Mean over seeds with its 95% confidence interval <code>[lo, hi]</code>; ↑/↓ marks the better direction. ' +
    `<code>(n/total)</code>: the metric was defined in only n of the runs; ${NULL_CELL}: ${esc(NULL_EXPLANATION)}.</p>` +
    `<div class="table-wrap"><table class="summary"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div></section>`
  );
}

function metricById(data: ReportData, id: string): ReportMetric | undefined {
  return data.metrics.find((m) => m.id === id);
}

function curveFigure(data: ReportData): string {
  const metric = metricById(data, data.curveMetric);
  const label = metric?.label ?? data.curveMetric;
  const svg = lineChartWithBands({
    title: `${label} per round`,
    width: 900,
    series: data.arms.map((a) => {
      const s = a.series[data.curveMetric];
      return { name: a.name, mean: s?.mean ?? [], lo: s?.lo ?? [], hi: s?.hi ?? [] };
    }),
    unit: metric?.unit ?? 'fraction',
    yLabel: label + (metric ? ` (${metric.better} is better)` : ''),
    xLabel: 'Round',
  });
  return (
    '<section id="curves"><h2>Spread over time</h2>' +
    `<figure>${svg}<figcaption>Mean ${esc(label.toLowerCase())} per round over ${esc(comparedOver(data))}; ` +
    'shaded bands are 95% confidence intervals.</figcaption></figure></section>'
  );
}

function corner(x: ReportMetric | undefined, y: ReportMetric | undefined): string {
  if (!x || !y) return '';
  const v = y.better === 'higher' ? 'top' : 'bottom';
  const h = x.better === 'higher' ? 'right' : 'left';
  return ` The ideal arm sits in the ${v}-${h} corner.`;
}

function tradeoffFigure(data: ReportData): string {
  const xm = metricById(data, data.utilityMetric);
  const ym = metricById(data, data.securityMetric);
  const xLabel = xm?.label ?? data.utilityMetric;
  const yLabel = ym?.label ?? data.securityMetric;
  const svg = scatterWithErrorBars({
    title: `${yLabel} vs ${xLabel}`,
    points: data.arms.map((a) => {
      const xs = a.summary[data.utilityMetric];
      const ys = a.summary[data.securityMetric];
      return {
        name: a.name,
        x: { mean: xs?.mean ?? null, lo: xs?.lo ?? null, hi: xs?.hi ?? null },
        y: { mean: ys?.mean ?? null, lo: ys?.lo ?? null, hi: ys?.hi ?? null },
      };
    }),
    x: { label: xLabel, ...(xm ? { unit: xm.unit, better: xm.better } : {}) },
    y: { label: yLabel, ...(ym ? { unit: ym.unit, better: ym.better } : {}) },
    width: 900,
    height: 460,
  });
  return (
    '<section id="tradeoff"><h2>Security vs utility</h2>' +
    `<figure>${svg}<figcaption>One point per arm (mean over seeds; bars are 95% confidence intervals). ` +
    `A defense is judged by where it moves the arm on both axes, not by security alone.${esc(corner(xm, ym))}</figcaption></figure></section>`
  );
}

/** Render the whole report as one self-contained HTML document. */
function findingsSection(data: ReportData): string {
  const lines = describeFindings(data);
  if (data.arms.length < 2 || lines.length === 0) return '';
  return `<section id="findings"><h2>Findings</h2><p>Each defense setting against the first (95% confidence intervals over seeds):</p><ul>${lines
    .map((line) => `<li>${esc(line)}</li>`)
    .join('')}</ul></section>`;
}

export function renderHtmlReport(data: ReportData): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(data.title)}</title>`,
    `<style>${CSS}</style></head><body>`,
    header(data),
    '<main>',
    coverageSection(data),
    findingsSection(data),
    summaryTable(data),
    curveFigure(data),
    tradeoffFigure(data),
    costsSection(data),
    transcriptSection(data),
    judgeSection(data.modelJudge),
    errorsSection(data.arms),
    reproducibilitySection(data),
    '</main></body></html>',
    '',
  ].join('\n');
}
