/** What `masec monitors` prints: one block per monitor with its operating points, or the result as JSON. */
import { type ModelCallTotals, type MonitorCalibrationResult, type MonitorCalibration, clampSummary, formatSummary, unitDomain } from '@masec/runner';
import type { CliIo } from '../io.js';

const percent = (v: number | null, digits = 2): string => (v === null || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(digits)}%`);
type Cell = Parameters<typeof formatSummary>[0];
const fraction = (s: Cell) => formatSummary(s === undefined ? s : clampSummary(s, unitDomain('fraction')), 'fraction');
const rounds = (s: Cell) => formatSummary(s === undefined ? s : clampSummary(s, unitDomain('rounds')), 'rounds');

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  ').trimEnd()).join('\n');
}

function block(m: MonitorCalibration): string {
  const lines = [
    m.hooks.length === 0 ? `${m.monitor} (market engine: one score per session, its highest over the windows)` : `${m.monitor} (hooks: ${m.hooks.join(', ')})`,
    `  honest: ${m.honest.runs} runs, ${m.honest.envelopes.toLocaleString('en-US')} envelopes, ${percent(m.honest.envelopes === 0 ? null : m.honest.scored / m.honest.envelopes)} scored above 0`,
    `  attack: ${m.attack.runs} runs, ${m.attack.malicious.toLocaleString('en-US')} malicious and ${m.attack.benign.toLocaleString('en-US')} benign envelopes`,
    `  AUROC ${m.auroc === null ? '—' : m.auroc.toFixed(3)} (per run ${formatSummary(m.aurocPerRun, 'rate')})`,
    '',
  ];
  const rows = [['target FPR', 'threshold', 'honest FPR', 'TPR', 'TPR per run', 'attack FPR', 'caught', 'round', 'delay', 'infected then']];
  for (const p of m.points) {
    rows.push([
      percent(p.targetFpr, p.targetFpr < 0.01 ? 1 : 0),
      p.threshold.toFixed(3),
      percent(p.honestFpr, 3),
      percent(p.tpr, 1),
      fraction(p.tprPerRun),
      percent(p.attackFpr, 3),
      `${p.detectedRuns}/${m.attack.runs}`,
      rounds(p.detectRound),
      rounds(p.detectDelay),
      fraction(p.infectedAtDetection),
    ]);
  }
  return `${lines.join('\n')}${table(rows).replace(/^/gm, '  ')}\n`;
}

const int = (n: number): string => n.toLocaleString('en-US');
const spend = (t: ModelCallTotals): string => `${int(t.calls)} calls, ${int(t.inputTokens)} input + ${int(t.outputTokens)} output tokens, $${t.costUsd.toFixed(4)}`;

/** The model calls of the runs: the monitors' apart from the agents', honest and attack runs. */
function modelCalls(models: NonNullable<MonitorCalibrationResult['models']>): string {
  const lines = ['model calls (cost at the models\u2019 prices; monitors\u2019 calls are those the transcript attributes to shield:… or overseer:…)'];
  for (const kind of ['honest', 'attack'] as const) lines.push(`  ${kind}: monitors ${spend(models[kind].monitors)}; agents ${spend(models[kind].agents)}`);
  return `${lines.join('\n')}\n`;
}

export function printCalibration(io: CliIo, result: MonitorCalibrationResult, json: boolean): void {
  if (json) {
    io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  io.stdout(`\nMonitor calibration on ${result.scenario}: attack seeds ${result.seeds[0]}–${result.seeds.at(-1)}, honest seeds ${result.honestSeeds[0]}–${result.honestSeeds.at(-1)}\n\n`);
  for (const m of result.monitors) io.stdout(`${block(m)}\n`);
  if (result.models !== undefined) io.stdout(`${modelCalls(result.models)}\n`);
  io.stdout(
    [
      'threshold: detect when score > threshold, the lowest that keeps the honest false-positive rate at or below the target',
      'TPR and attack FPR pooled over the attack runs\u2019 malicious and benign envelopes; per-run values are mean [95% CI]',
      'caught: attack runs with a malicious envelope above the threshold; round: the first such round; delay: rounds after the',
      'first malicious envelope; infected then: fraction of benign agents compromised by the end of that round',
      '',
    ].join('\n'),
  );
}
