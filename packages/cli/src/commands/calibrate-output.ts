/** Text and JSON output of `masec calibrate`. */
import { relative } from 'node:path';
import type { Estimate, Scenario } from '@masec/spec';
import type { CalibrationResult } from '@masec/runner';
import type { CliIo } from '../io.js';

/** Three significant digits; very small values in exponent form. */
export function probability(x: number): string {
  if (x === 0 || x === 1) return String(x);
  return x >= 1e-3 ? String(Number(x.toPrecision(3))) : x.toExponential(2);
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

const PARAMETERS = [
  { key: 'transmission', label: 'transmission β', trials: 'contacts' },
  { key: 'recovery', label: 'recovery γ', trials: 'agent-rounds' },
  { key: 'detection', label: 'detection', trials: 'agent-rounds' },
  { key: 'falsePositive', label: 'false positive', trials: 'agent-rounds' },
] as const;

/** One JSON document: where the file went, its contents, and per arm what detection meant and the diagnostics. */
export function toJson(result: CalibrationResult, out: string): string {
  const arms: Record<string, unknown> = {};
  for (const [name, arm] of Object.entries(result.arms)) arms[name] = { detection: result.detection[name], diagnostics: arm.diagnostics };
  return JSON.stringify({ file: out, calibration: result.file, arms, runs: result.runs, wallMs: Math.round(result.wallMs) }, null, 2);
}

export function printCalibration(io: CliIo, scenario: Scenario, result: CalibrationResult, out: string): void {
  const seeds = result.file.seeds.length;
  const lines: string[] = [
    '',
    `Calibration of ${scenario.name ?? scenario.id}: ${count(scenario.agents.count)} agents, ${scenario.rounds} rounds, ${seeds} seed${seeds === 1 ? '' : 's'} per arm (message engine)`,
    '',
  ];
  const header = ['arm', 'parameter', 'estimate', '95% CI', 'events / trials'];
  const rows: string[][] = [];
  for (const [name, arm] of Object.entries(result.arms)) {
    PARAMETERS.forEach((p, i) => {
      const e: Estimate = arm[p.key];
      const interval = `[${probability(e.low)}, ${probability(e.high)}]`;
      rows.push([i === 0 ? name : '', p.label, probability(e.estimate), interval, `${count(e.events)} / ${count(e.trials)} ${p.trials}`]);
    });
  }
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const join = (cells: string[]): string => cells.map((cell, c) => cell.padEnd(widths[c] ?? 0)).join('  ').trimEnd();
  lines.push(join(header), join(widths.map((w) => '─'.repeat(w))));
  for (const row of rows) lines.push(join(row));
  lines.push(
    '',
    'transmission: per contact and round (maximum likelihood over exposures to k compromised contacts; events are',
    'infections, trials contacts); recovery and detection: per compromised agent and round; false positive: per',
    'other agent and round. Intervals are 95% score (Wilson) intervals.',
  );

  const notes: string[] = [];
  for (const [name, arm] of Object.entries(result.arms)) {
    const d = arm.diagnostics;
    const detection = result.detection[name] === 'quarantine' ? 'quarantine (the arm isolates flagged agents)' : 'a monitor\u2019s flag';
    notes.push(`${name}: detection counts ${detection}.`);
    if (arm.transmission.trials === 0) notes.push(`${name}: no exposures observed (nobody was ever compromised by a benign agent's message); transmission is 0 with no information.`);
    else if (d.meanContacts > 1.05) {
      notes.push(`${name}: ${probability(d.meanContacts)} compromised contacts per exposure on average; infections / contacts would give ${probability(d.perContactRatio.estimate)}, below β.`);
    }
    if (d.offGraph > 0) {
      notes.push(`${name}: ${count(d.offGraph)} of ${count(d.infections)} infections had no compromised contact the round before (a reply outside the topology, a payload retrieved from memory later); each counts as one contact.`);
    }
    if (d.afterIsolation > 0) notes.push(`${name}: ${count(d.afterIsolation)} agents were compromised after they were quarantined; they are left out.`);
  }
  lines.push('', ...notes);
  const shown = relative(io.cwd, out);
  lines.push(
    '',
    `${result.runs} run(s) in ${(result.wallMs / 1000).toFixed(1)}s`,
    `wrote ${shown.startsWith('..') ? out : shown}`,
    'use it from a population scenario with the same arm names:  population: { calibration: <path relative to that scenario> }',
    '',
  );
  io.stdout(lines.join('\n'));
}
