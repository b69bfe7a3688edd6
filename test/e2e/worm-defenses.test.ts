/**
 * The built-in email worm (threat `worm`) with and without defenses, end to end through the CLI: the worm
 * reaches most of the network undefended; the content-detector + quarantine arm contains it by a margin
 * larger than both confidence intervals, and pays for it in blocked benign mail, which the text table and the
 * HTML report both show; provenance-tagging also slows it, without blocking mail.
 *
 * Shrunk to stay fast: 80 agents instead of 500 (the scenario's 40 rounds kept), 6 seeds per arm.
 * Measured (seeds 1-6): infected-fraction mean [95% CI] none 0.831 [0.807, 0.856] (every seed 0.79-0.85),
 * tagging 0.200 [0.140, 0.260], detector-quarantine 0.029 [0.016, 0.043]; benign-blocked 115.2 [89.4, 141.0]
 * for detector-quarantine, 0 for the others. (At 100 and 200 agents one seed of eight never takes off,
 * which widens none's interval to [0.49, 0.99]; at 80 agents all of seeds 1-8 do.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type MetricSummary, type SweepJson, countCell, masec, runJson, tableCell, tempDir } from './helpers.js';

const SEEDS = 6;
let dir: string;
let sweep: SweepJson;

function summary(arm: string, metric: string): MetricSummary {
  const s = sweep.summary[arm]?.[metric];
  if (s === undefined) throw new Error(`no summary of ${metric} for arm ${arm}`);
  return s;
}

beforeAll(async () => {
  dir = tempDir('worm');
  sweep = await runJson(
    ['run', 'worm-email', '--set', 'agents.count=80', '--seeds', String(SEEDS), '--workers', '2', '--store', 's.sqlite', '--html', 'report.html'],
    { cwd: dir, timeoutMs: 55_000 },
  );
}, 60_000);

describe('threat worm on worm-email (80 agents, 40 rounds, 6 seeds per arm)', () => {
  it('every run of every arm completed', () => {
    expect({ executed: sweep.executed, skipped: sweep.skipped, failed: sweep.failed }).toEqual({ executed: 3 * SEEDS, skipped: 0, failed: 0 });
    expect(Object.keys(sweep.summary)).toEqual(['none', 'tagging', 'detector-quarantine']);
    expect(summary('none', 'infected-fraction').n).toBe(SEEDS);
  });

  it('worm without defenses (arm none) reaches most of the network: mean infected-fraction > 0.5', () => {
    const none = summary('none', 'infected-fraction');
    expect(none.mean!).toBeGreaterThan(0.5);
    // Most seeds are outbreaks, not just one lucky one.
    const outbreaks = sweep.runs.filter((r) => r.arm === 'none' && (r.metrics['infected-fraction'] ?? 0) > 0.5);
    expect(outbreaks.length).toBeGreaterThanOrEqual(SEEDS / 2);
    // Nothing is blocked or quarantined without defenses.
    expect(summary('none', 'benign-blocked').mean).toBe(0);
    expect(summary('none', 'quarantined-agents').mean).toBe(0);
  });

  it('content-detector + quarantine cuts infected-fraction below none by more than both CIs (detector.hi < none.lo)', () => {
    const none = summary('none', 'infected-fraction');
    const detector = summary('detector-quarantine', 'infected-fraction');
    expect(detector.hi!).toBeLessThan(none.lo!);
    expect(detector.mean!).toBeLessThan(none.mean!);
    // It also stops most of the exfiltration.
    expect(summary('detector-quarantine', 'records-exfiltrated').hi!).toBeLessThan(summary('none', 'records-exfiltrated').lo!);
  });

  it('content-detector + quarantine has a cost: benign-blocked mean > 0 and benign-task-completion lower than none', () => {
    const blocked = summary('detector-quarantine', 'benign-blocked');
    expect(blocked.mean!).toBeGreaterThan(0);
    expect(blocked.lo!).toBeGreaterThan(0);
    expect(summary('detector-quarantine', 'quarantined-agents').mean!).toBeGreaterThan(0);
    expect(summary('detector-quarantine', 'benign-task-completion').hi!).toBeLessThan(summary('none', 'benign-task-completion').lo!);
  });

  it('provenance-tagging lowers infected-fraction below none (tagging.hi < none.lo) without blocking benign mail', () => {
    expect(summary('tagging', 'infected-fraction').hi!).toBeLessThan(summary('none', 'infected-fraction').lo!);
    expect(summary('tagging', 'benign-blocked')).toMatchObject({ mean: 0, n: SEEDS });
    expect(summary('tagging', 'quarantined-agents').mean).toBe(0);
  });

  it('the text table (report --last) shows a benign-blocked column with each arm’s cost', async () => {
    const result = await masec(['report', '--last', '--store', 's.sqlite'], { cwd: dir });
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')[0]).toMatch(new RegExp(`^experiment ${sweep.experiment} \\(`));
    const column = 'benign mail blocked';
    expect(tableCell(result.stdout, 'detector-quarantine', column)).toBe(countCell(summary('detector-quarantine', 'benign-blocked')));
    // Nothing blocked in any run: the value alone, no zero-width interval.
    expect(tableCell(result.stdout, 'none', column)).toBe('0.0');
    expect(tableCell(result.stdout, 'tagging', column)).toBe('0.0');
  });

  it('the HTML report (run --html) shows a benign-blocked column and a chart of it', () => {
    expect(sweep.html).toBe(join(dir, 'report.html'));
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    // The summary table: a benign-blocked header, and the detector row's cell under it.
    const header = /<thead>([\s\S]*?)<\/thead>/.exec(html)?.[1] ?? '';
    const columns = [...header.matchAll(/<th\b[^>]*>/g)].map((m) => /title="([a-z0-9-]+) ·/.exec(m[0])?.[1] ?? null);
    const index = columns.indexOf('benign-blocked');
    expect(index, 'benign-blocked column in the summary table').toBeGreaterThan(1);
    const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!);
    const detectorRow = rows.find((r) => r.includes('</span>detector-quarantine</span>'));
    expect(detectorRow, 'detector-quarantine row').toBeDefined();
    // Cells after the row header: Runs, then one per metric (the header's first th is the arm column).
    const cells = [...detectorRow!.matchAll(/<td\b[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, '').trim());
    const s = summary('detector-quarantine', 'benign-blocked');
    expect(cells[index - 1]).toBe(`${s.mean!.toFixed(1)} [${s.lo!.toFixed(1)}, ${s.hi!.toFixed(1)}]`);
    expect(html).toContain('<title>benign mail blocked</title>');
  });
});
