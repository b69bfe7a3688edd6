/**
 * A report says what the store actually holds. An experiment interrupted when 5, 5 and 2 of 6 seeds per arm
 * were stored (made here by deleting the other runs of a complete one, which is what a kill leaves) is
 * reported as incomplete, on the terminal, in --json and in the HTML, with exit 1; its arms are compared over
 * the seeds every arm has, unless --all-seeds asks for each arm's own runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { type MetricSummary, copyFixture, masec, masecInProcess, parseJson, runJson, tempDir } from './helpers.js';

interface ReportJson {
  coverage: { complete: boolean; basis: string; planned: { arms: number; seeds: number[]; runs: number }; runs: { done: number; failed: number; missing: number }; sharedSeeds: number[] };
  arms: { name: string; seeds: { done: number[]; failed: number[]; missing: number[]; compared: number[] }; summary: Record<string, MetricSummary> }[];
}

describe('report of an interrupted experiment', () => {
  let dir: string;
  let experiment: string;

  beforeAll(async () => {
    dir = tempDir('partial');
    const scenario = copyFixture('small-worm.yaml', dir);
    const run = await runJson(['run', scenario, '--set', 'agents.count=20', '--set', 'rounds=5', '--seeds', '6', '--workers', '0', '--store', 's.sqlite'], { cwd: dir });
    experiment = run.experiment;
    // What `kill -9` leaves after 5, 5 and 2 runs of the three arms: the other runs are absent.
    const db = new Database(join(dir, 's.sqlite'));
    const gone = db.prepare<[], string>("SELECT id FROM runs WHERE seed = 6 OR (arm = 'detector-quarantine' AND seed > 2)").pluck().all();
    for (const table of ['round_metrics', 'event_logs']) db.prepare(`DELETE FROM ${table} WHERE run_id IN (${gone.map(() => '?').join(', ')})`).run(...gone);
    db.prepare(`DELETE FROM runs WHERE id IN (${gone.map(() => '?').join(', ')})`).run(...gone);
    db.close();
  }, 60_000);

  it('prints what it holds, compares the arms over the 2 seeds they share, and exits 1', async () => {
    const result = await masecInProcess(['report', '--store', 's.sqlite'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    expect(lines.slice(1, 9)).toEqual([
      '',
      'Small email worm: 20 agents, 5 rounds, 6 seeds per arm planned',
      '',
      '! incomplete: 12 of 18 runs done, 6 missing, 0 failed',
      '!   none: 5 of 6 seeds done (1–5); missing 6',
      '!   tagging: 5 of 6 seeds done (1–5); missing 6',
      '!   detector-quarantine: 2 of 6 seeds done (1–2); missing 3–6',
      '! arms are compared over the 2 seeds done in every arm (1–2); --all-seeds summarises each arm over all its runs',
    ]);
    expect(result.stdout).toContain('\nmean [95% CI] over the 2 seeds done in every arm; ↑ higher is better, ↓ lower is better\n');
    expect(result.stdout).not.toContain('over 6 seeds');
  });

  it('--json carries the coverage and per-arm seeds, with summaries over the shared seeds', async () => {
    const result = await masecInProcess(['report', '--json', '--store', 's.sqlite'], dir);
    expect(result.status).toBe(1);
    const data = parseJson<ReportJson>(result.stdout);
    expect(data.coverage).toEqual({
      complete: false,
      basis: 'shared',
      planned: { arms: 3, seeds: [1, 2, 3, 4, 5, 6], runs: 18 },
      runs: { done: 12, failed: 0, missing: 6 },
      sharedSeeds: [1, 2],
    });
    expect(data.arms.map((a) => a.seeds)).toEqual([
      { done: [1, 2, 3, 4, 5], failed: [], missing: [6], compared: [1, 2] },
      { done: [1, 2, 3, 4, 5], failed: [], missing: [6], compared: [1, 2] },
      { done: [1, 2], failed: [], missing: [3, 4, 5, 6], compared: [1, 2] },
    ]);
    for (const arm of data.arms) expect(arm.summary['infected-fraction']?.total, arm.name).toBe(2);
  });

  it('--all-seeds summarises each arm over all its runs and says the arms were compared over different seeds', async () => {
    const result = await masecInProcess(['report', '--all-seeds', '--json', '--store', 's.sqlite'], dir);
    const data = parseJson<ReportJson>(result.stdout);
    expect(data.coverage.basis).toBe('all');
    expect(data.arms.map((a) => a.summary['infected-fraction']?.total)).toEqual([5, 5, 2]);
    const text = await masecInProcess(['report', '--all-seeds', '--store', 's.sqlite'], dir);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain('\n! --all-seeds: each arm is summarised over all its done runs (5, 5 and 2 seeds), so arms are compared over different seeds\n');
    expect(text.stdout).toContain("\nmean [95% CI] over each arm's done runs; ↑ higher is better, ↓ lower is better\n");
  });

  it('the HTML report warns that it is incomplete and shows the seeds it holds, not the planned range alone', async () => {
    const result = await masec(['report', '--run', experiment, '--html', 'r.html', '--store', 's.sqlite'], { cwd: dir });
    expect(result.status).toBe(1);
    const html = readFileSync(join(dir, 'r.html'), 'utf8');
    expect(html).toContain('<section id="coverage" class="warning"><h2>Incomplete experiment</h2>');
    expect(html).toContain('12 of 18 runs done, 6 missing, 0 failed');
    expect(html).toContain('<dt>Seeds</dt><dd>1–6 planned; compared: 1–2 (done in every arm)</dd>');
    expect(html).toContain('per round over the 2 seeds done in every arm;');
  });
});
