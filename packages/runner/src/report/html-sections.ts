/** Sections of the HTML report that describe costs, errors and reproducibility, and the stylesheet. */
import { formatSummary } from './format.js';
import { barChart } from './svg.js';
import { colorAt, esc, isNum } from './svg-util.js';
import type { ArmReport, ReportData } from './types.js';
import { modelCostsTable } from './html-models.js';

export const BENIGN_BLOCKED = 'benign-blocked';

export const CSS = `
:root { color-scheme: light; }
#transcript details { border: 1px solid #ddd; border-radius: 4px; margin: 6px 0; padding: 4px 8px; }
#transcript pre { white-space: pre-wrap; margin: 2px 0 6px; font-size: 12px; }
#transcript .msg.cause { background: #fff3cd; border-left: 3px solid #d39e00; padding-left: 6px; }
#transcript .msg.answer { border-top: 1px dashed #ccc; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #222; background: #fff;
  max-width: 1120px; margin: 24px auto; padding: 0 20px; }
header h1 { font-size: 22px; margin: 0 0 2px; }
header .scenario { font-size: 16px; margin: 0 0 6px; color: #333; }
header .description { margin: 0 0 12px; color: #444; max-width: 80ch; white-space: pre-wrap; }
h2 { font-size: 17px; border-bottom: 1px solid #ddd; padding-bottom: 4px; margin: 30px 0 10px; }
h3 { font-size: 14px; margin: 16px 0 6px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 18px; margin: 0; }
dl.meta dt { color: #666; }
dl.meta dd { margin: 0; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; margin: 6px 0; }
th, td { border-bottom: 1px solid #e6e6e6; padding: 5px 10px; text-align: right; white-space: nowrap; vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
thead th { background: #f4f4f4; vertical-align: bottom; font-weight: 600; }
th .unit { display: block; font-weight: 400; color: #666; font-size: 12px; }
th .defenses { display: block; font-weight: 400; color: #666; font-size: 12px; white-space: normal; max-width: 30ch; }
td.null, td.na { color: #888; }
table.summary .mean { font-weight: 600; }
table.summary .ci { display: block; color: #555; font-size: 12px; }
table.summary td.partial .ci { color: #7a4d00; }
table.summary th { white-space: normal; }
table.summary .arm { white-space: nowrap; }
table.summary th[scope=col] { min-width: 9ch; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
figure { margin: 14px 0 8px; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption, p.note { color: #555; font-size: 13px; max-width: 90ch; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
ul.plain { list-style: none; padding-left: 0; margin: 4px 0; }
ul.errors { margin: 4px 0 10px; padding-left: 20px; }
ul.errors code { white-space: pre-wrap; word-break: break-word; }
section.warning { border: 1px solid #d9a400; background: #fff8e1; padding: 4px 14px 8px; margin: 18px 0; }
section.warning h2 { border-bottom: none; margin: 8px 0 4px; color: #7a4d00; }
section.warning ul { margin: 4px 0; padding-left: 20px; }
details { margin: 8px 0; }
details summary { cursor: pointer; color: #333; }
td.digests { white-space: normal; text-align: left; word-break: break-all; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  figure, tr, dl.meta { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  thead th { background: #eee; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  svg, .swatch { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

export function swatch(index: number): string {
  return `<span class="swatch" style="background:${colorAt(index)}" aria-hidden="true"></span>`;
}

function micros(v: number): string {
  if (v > 0 && v < 0.1) return '&lt;0.1';
  return v.toFixed(1);
}

function grouped(v: number): string {
  const [int, frac] = Math.round(v).toFixed(0).split('.');
  return (int ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? `.${frac}` : '');
}

function benignBlocked(data: ReportData): string {
  const metric = data.metrics.find((m) => m.id === BENIGN_BLOCKED);
  if (!metric) return '';
  const chart = barChart({
    title: metric.label,
    bars: data.arms.map((a) => {
      const s = a.summary[metric.id];
      return { name: a.name, mean: s?.mean ?? null, lo: s?.lo ?? null, hi: s?.hi ?? null };
    }),
    unit: metric.unit,
    xLabel: `${metric.label} per run (${metric.better} is better)`,
  });
  const items = data.arms
    .map((a, k) => `<li>${swatch(k)}<strong>${esc(a.name)}</strong>: ${esc(formatSummary(a.summary[metric.id], metric.unit))}</li>`)
    .join('');
  return (
    `<h3>Benign mail blocked</h3>` +
    `<figure>${chart}<figcaption>Benign messages a defense stopped, per run (mean, whiskers = 95% CI). ` +
    `Every blocked benign message is utility the defense removed.</figcaption></figure>` +
    `<ul class="plain">${items}</ul>`
  );
}

function guardTable(arms: readonly ArmReport[]): string {
  const guards = [...new Set(arms.flatMap((a) => Object.keys(a.costs.guardMicros)))].sort();
  const head = ['<th>Arm</th>', ...guards.map((g) => `<th>${esc(g)}<span class="unit">µs / envelope</span></th>`)]
    .concat(['<th>All guards<span class="unit">µs / envelope</span></th>', '<th>Throughput<span class="unit">envelopes / s</span></th>', '<th>Chars added<span class="unit">per run</span></th>'])
    .join('');
  const rows = arms.map((a, k) => {
    const cells = guards.map((g) => {
      const v = a.costs.guardMicros[g];
      return isNum(v) ? `<td>${micros(v)}</td>` : '<td class="na" title="guard not used in this arm">—</td>';
    });
    const total = Object.values(a.costs.guardMicros).filter(isNum).reduce((x, y) => x + y, 0);
    const eps = a.costs.envelopesPerSecond;
    const chars = a.costs.charsAdded;
    cells.push(`<td>${micros(total)}</td>`);
    cells.push(isNum(eps) ? `<td>${grouped(eps)}</td>` : '<td class="na">—</td>');
    cells.push(isNum(chars) ? `<td>${grouped(chars)}</td>` : '<td class="na">—</td>');
    return `<tr><td>${swatch(k)}${esc(a.name)}</td>${cells.join('')}</tr>`;
  });
  return `<div class="table-wrap"><table class="costs"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

/** "What each defense cost": blocked benign mail, guard latency, throughput and added characters. */
export function costsSection(data: ReportData): string {
  return (
    '<section id="costs"><h2>What each defense cost</h2>' +
    '<p class="note">No defense is reported by its security alone: these are the utility and runtime costs it paid. ' +
    'Latency and throughput are wall-clock measurements; they vary between machines and runs and are not part of the run digests.</p>' +
    benignBlocked(data) +
    '<h3>Guard latency and throughput</h3>' +
    guardTable(data.arms) +
    modelCostsTable(data) +
    '</section>'
  );
}

/** Failed runs per arm, identical messages merged with a count; empty when no arm had errors. */
export function errorsSection(arms: readonly ArmReport[]): string {
  const failing = arms.filter((a) => a.errors.length > 0);
  if (failing.length === 0) return '';
  const parts = failing.map((a) => {
    const counts = new Map<string, number>();
    for (const e of a.errors) counts.set(e, (counts.get(e) ?? 0) + 1);
    const entries = [...counts.entries()];
    const items = entries.slice(0, 20).map(([msg, n]) => `<li>${n > 1 ? `${n}× ` : ''}<code>${esc(msg)}</code></li>`);
    if (entries.length > 20) items.push(`<li>… ${entries.length - 20} more distinct errors</li>`);
    const n = a.errors.length;
    return `<h3>${esc(a.name)}: ${n} failed run${n === 1 ? '' : 's'}</h3><ul class="errors">${items.join('')}</ul>`;
  });
  return `<section id="errors"><h2>Errors</h2><p class="note">Failed runs are excluded from every statistic above.</p>${parts.join('')}</section>`;
}

/** Versions, environment, hashes and per-arm digests, enough to reproduce and check a rerun. */
export function reproducibilitySection(data: ReportData): string {
  const m = data.manifest;
  const versions = Object.entries(m.versions)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, v]) => `<tr><td><code>${esc(name)}</code></td><td><code>${esc(v)}</code></td></tr>`)
    .join('');
  const digests = data.arms
    .map((a) => `<tr><td>${esc(a.name)}</td><td class="digests">${a.digests.length ? a.digests.map((d) => `<code>${esc(d)}</code>`).join('<br>') : '—'}</td></tr>`)
    .join('');
  return (
    '<section id="reproducibility"><h2>Reproducibility</h2><dl class="meta">' +
    `<dt>Scenario hash</dt><dd><code>${esc(m.scenarioHash)}</code></dd>` +
    `<dt>Git SHA</dt><dd>${m.gitSha ? `<code>${esc(m.gitSha)}</code>` : 'unknown (not a git checkout)'}</dd>` +
    `<dt>Node</dt><dd><code>${esc(m.node)}</code></dd>` +
    `<dt>Seeds</dt><dd><code>${esc(data.experiment.seeds.join(', '))}</code></dd>` +
    `<dt>Experiment created</dt><dd>${esc(data.experiment.createdAt)}</dd>` +
    `<dt>Report generated</dt><dd>${esc(data.generatedAt)}</dd>` +
    '</dl>' +
    (versions ? `<h3>Versions</h3><table class="versions"><tbody>${versions}</tbody></table>` : '') +
    '<details><summary>Run digests per arm (sha256 of each run’s canonical event log, in seed order)</summary>' +
    `<table class="digest-table"><tbody>${digests}</tbody></table></details>` +
    '</section>'
  );
}
