/**
 * The model judge in the reports (ADR 0094): per run, each judged threat's rule verdict (the threat's judge)
 * beside the model judge's reading of a sample of the mail — messages judged, how many each calls attacks,
 * agreement, Cohen's kappa — and the messages where they disagree (agent, round, what the model said).
 */
import type { JudgeResult, ModelJudgeReport } from '@masec/spec';
import type { RunRecord } from '../store/types.js';
import { esc } from './svg-util.js';

/** One run's model judge report with the rule judges' verdicts it is set against. */
export interface JudgeRunView {
  arm: string;
  seed: number;
  rules: Record<string, JudgeResult>;
  report: ModelJudgeReport;
}

/** Disagreements listed per threat and run at most (the count is always given). */
export const MAX_LISTED_DISAGREEMENTS = 10;

/** The judge views of the done runs that have one, in store order (arm, then seed). */
export function judgeViews(runs: readonly RunRecord[]): JudgeRunView[] {
  return runs.filter((r) => r.status === 'done' && r.modelJudge !== undefined).map((r) => ({ arm: r.arm, seed: r.seed, rules: r.judges, report: r.modelJudge as ModelJudgeReport }));
}

const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const kappa = (x: number | null): string => (x === null ? '—' : x.toFixed(2));
const verdict = (x: boolean | null): string => (x === null ? 'no answer' : x ? 'attack' : 'not an attack');

/** One line per run and threat, then one per disagreement listed. */
export function judgeLines(views: readonly JudgeRunView[]): string[] {
  if (views.length === 0) return [];
  const lines = [`Model judge (${views[0]?.report.model ?? ''}) against the rule judges, per run:`];
  for (const view of views) {
    if (view.report.error !== undefined) lines.push(`  ${view.arm} seed ${view.seed}: the model judge failed: ${view.report.error}`);
    for (const t of view.report.threats) {
      const rule = view.rules[t.threat];
      const ruleText = rule === undefined ? 'rule: —' : `rule: ${rule.success ? 'success' : 'no success'} (${(rule.score * 100).toFixed(1)}%)`;
      lines.push(
        `  ${view.arm} seed ${view.seed} ${t.threat}: ${ruleText}; ${t.judged} message(s) judged, attacks by rule ${t.rulePositive} / by model ${t.modelPositive}` +
          `${t.unanswered > 0 ? `, ${t.unanswered} unanswered` : ''}; agreement ${pct(t.agreement)}, kappa ${kappa(t.kappa)}; ${t.disagreements.length} disagreement(s)`,
      );
      for (const d of t.disagreements.slice(0, MAX_LISTED_DISAGREEMENTS)) {
        lines.push(`    ${d.agent} round ${d.round}: rule says ${verdict(d.rule)}, model says ${verdict(d.model)}${d.reason === undefined ? '' : ` (${d.reason})`}`);
      }
      if (t.disagreements.length > MAX_LISTED_DISAGREEMENTS) lines.push(`    … and ${t.disagreements.length - MAX_LISTED_DISAGREEMENTS} more`);
    }
  }
  return lines;
}

/** The HTML section: a table of runs × threats, each with its disagreements; nothing without a model judge. */
export function judgeSection(views: readonly JudgeRunView[] | undefined): string {
  if (views === undefined || views.length === 0) return '';
  const head = '<tr><th>Arm</th><th>Seed</th><th>Threat</th><th>Rule judge</th><th>Judged</th><th>Attacks (rule / model)</th><th>Agreement</th><th>Kappa</th><th>Disagreements</th></tr>';
  const rows: string[] = [];
  for (const view of views) {
    if (view.report.error !== undefined) rows.push(`<tr><td>${esc(view.arm)}</td><td>${view.seed}</td><td colspan="7">${esc(`the model judge failed: ${view.report.error}`)}</td></tr>`);
    for (const t of view.report.threats) {
      const rule = view.rules[t.threat];
      const listed = t.disagreements
        .slice(0, MAX_LISTED_DISAGREEMENTS)
        .map((d) => `<li>${esc(`${d.agent}, round ${d.round}: rule ${verdict(d.rule)}, model ${verdict(d.model)}${d.reason === undefined ? '' : ` — ${d.reason}`}`)}</li>`)
        .join('');
      const more = t.disagreements.length > MAX_LISTED_DISAGREEMENTS ? `<li>… and ${t.disagreements.length - MAX_LISTED_DISAGREEMENTS} more</li>` : '';
      const cells = [
        view.arm,
        String(view.seed),
        t.threat,
        rule === undefined ? '—' : `${rule.success ? 'success' : 'no success'} (${(rule.score * 100).toFixed(1)}%)`,
        String(t.judged),
        `${t.rulePositive} / ${t.modelPositive}`,
        pct(t.agreement),
        kappa(t.kappa),
      ];
      rows.push(`<tr>${cells.map((c) => `<td>${esc(c)}</td>`).join('')}<td>${t.disagreements.length}${listed === '' ? '' : `<ul>${listed}${more}</ul>`}</td></tr>`);
    }
  }
  return (
    `<section id="model-judge"><h2>Model judge</h2><p>${esc(`A sample of the mail benign agents sent, judged by the model ${views[0]?.report.model ?? ''}, against the rule judges' reading of the same messages; kappa is Cohen's (agreement beyond chance).`)}</p>` +
    `<div class="table-wrap"><table class="summary"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div></section>`
  );
}
