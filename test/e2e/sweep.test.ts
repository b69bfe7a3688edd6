/**
 * `masec sweep` end to end on the small worm fixture: a grid over the content-detector threshold of the
 * detector-quarantine arm (content-detector + quarantine) against the `none` arm, JSON with CIs and
 * Pareto flags, the table, the HTML report, resuming from the store, and exit 2 for bad grids.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type MetricSummary, copyFixture, masec, masecInProcess, parseJson, readStore, tempDir } from './helpers.js';

interface PointJson {
  id: number;
  grid: Record<string, string>;
  arm: string;
  experiment: string;
  runs: number;
  objectives: Record<'attack' | 'utility' | 'cost', MetricSummary & { id: string }>;
  metrics: Record<string, MetricSummary>;
  pareto: boolean;
  comparable: boolean;
  dominatedBy: number[];
}

interface SweepCliJson {
  scenario: string;
  objectives: { role: string; id: string; better: 'higher' | 'lower' }[];
  points: PointJson[];
  front: number[];
  executed: number;
  skipped: number;
  failed: number;
  html?: string;
}

const THRESHOLD = 'arms[2].defenses[0].config.threshold';
const ARGS = ['--grid', `${THRESHOLD}=0.3,0.7`, '--arm', 'none', '--arm', 'detector-quarantine', '--seeds', '2', '--workers', '0', '--store', 's.sqlite'];

describe('masec sweep', () => {
  let dir: string;
  let scenario: string;
  let first: SweepCliJson;

  beforeAll(async () => {
    dir = tempDir('sweep');
    scenario = copyFixture('small-worm.yaml', dir);
    const result = await masec(['sweep', scenario, ...ARGS, '--json', '--html', 'sweep.html'], { cwd: dir });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    first = parseJson<SweepCliJson>(result.stdout);
  });

  it('--json: one point per distinct configuration, objectives with CIs, Pareto flags that match the means', () => {
    expect(first.objectives.map((o) => [o.role, o.id, o.better])).toEqual([
      ['attack', 'infected-fraction', 'lower'],
      ['utility', 'benign-task-completion', 'higher'],
      ['cost', 'benign-blocked', 'lower'],
    ]);
    expect(first.points.map((p) => [p.id, p.arm, p.grid[THRESHOLD], p.runs])).toEqual([
      [1, 'none', '*', 2],
      [2, 'detector-quarantine', '0.3', 2],
      [3, 'detector-quarantine', '0.7', 2],
    ]);
    expect({ executed: first.executed, skipped: first.skipped, failed: first.failed }).toEqual({ executed: 6, skipped: 0, failed: 0 });
    for (const p of first.points) {
      for (const role of ['attack', 'utility', 'cost'] as const) {
        const s = p.objectives[role];
        expect(s.mean, `${p.id} ${role}`).toEqual(expect.any(Number));
        expect(s.total).toBe(2);
        expect(p.metrics[s.id]).toMatchObject({ mean: s.mean });
      }
    }
    // Check the flags against the definition: on the front iff no other point is as good on all and better on one.
    const vector = (p: PointJson) => first.objectives.map((o) => (o.better === 'higher' ? 1 : -1) * (p.objectives[o.role as 'attack'].mean ?? 0));
    for (const p of first.points) {
      const dominators = first.points.filter((q) => q !== p && vector(q).every((v, k) => v >= vector(p)[k]!) && vector(q).some((v, k) => v > vector(p)[k]!));
      expect(p.pareto, `point ${p.id}`).toBe(dominators.length === 0);
      expect(p.dominatedBy).toEqual(dominators.map((q) => q.id));
    }
    expect(first.front).toEqual(first.points.filter((p) => p.pareto).map((p) => p.id));
    // The `none` arm blocks nothing: a detector point cannot beat it on cost.
    expect(first.points[0]?.objectives.cost.mean).toBe(0);
  });

  it('stores one experiment per grid point and writes the HTML report with the Pareto scatter', () => {
    const store = readStore(join(dir, 's.sqlite'));
    expect(new Set(first.points.map((p) => p.experiment)).size).toBe(2);
    expect(store.experiments.sort()).toEqual([...new Set(first.points.map((p) => p.experiment))].sort());
    expect(store.runs).toHaveLength(6);
    const html = readFileSync(join(dir, 'sweep.html'), 'utf8');
    expect(first.html).toBe(join(dir, 'sweep.html'));
    expect(html).toContain('<section id="pareto"><h2>Pareto front</h2>');
    expect(html.split('class="chart pareto-chart"').length - 1).toBe(2);
    expect(html.split('<tr class="front">').length - 1).toBe(first.front.length);
  });

  it('a rerun takes every run from the store and prints the table with the front marked', async () => {
    const again = await masecInProcess(['sweep', scenario, ...ARGS], dir);
    expect(again.status).toBe(0);
    const lines = again.stdout.split('\n');
    expect(lines.find((l) => l.startsWith('#  '))).toMatch(/^#\s+threshold\s+arm\s+infected ↓\s+benign tasks done ↑\s+benign mail blocked ↓\s+front\s+dominated by$/);
    for (const p of first.points) {
      const row = lines.find((l) => l.startsWith(`#${p.id} `)) ?? '';
      expect(row).toMatch(new RegExp(`\\s${p.pareto ? 'yes' : 'no'}(\\s|$)`));
    }
    expect(again.stdout).toContain(`Pareto front: ${first.front.map((id) => `#${id}`).join(', ')}\n`);
    expect(again.stdout).toContain('0 run(s) in');
    expect(again.stdout).toContain('6 already in the store');
  });

  it('--help names the options and the objective defaults', async () => {
    const help = await masecInProcess(['sweep', '--help'], dir);
    expect(help.status).toBe(0);
    for (const text of ['--grid <path=v1,v2,...>', '--attack <metric>', '--utility <metric>', '--cost <metric>', '--max-points <n>', '--json', '--html <file>', 'infected-fraction', 'benign-blocked']) {
      expect(help.stdout, text).toContain(text);
    }
  });
});

describe('masec sweep: usage errors exit 2 before anything runs', () => {
  const cases: { name: string; args: string[]; stderr: RegExp }[] = [
    { name: 'no --grid', args: [], stderr: /no --grid given/ },
    { name: 'an empty grid', args: ['--grid', `${THRESHOLD}=`], stderr: /empty grid: give at least one value after =/ },
    { name: 'a malformed path', args: ['--grid', 'arms..x=1'], stderr: /--grid: arms\.\.x: expected a field name at '\.x'/ },
    { name: 'a path out of range', args: ['--grid', 'arms[7].name=x,y'], stderr: /index \[7\] is out of range: arms has 3 items/ },
    { name: 'a value the defense rejects', args: ['--grid', `${THRESHOLD}=0.5,lots`], stderr: /--grid: arms\[2\]\.defenses\[0\]\.config\.threshold: .*\(from --grid arms\[2\]\.defenses\[0\]\.config\.threshold=lots\)/ },
    { name: 'too many points', args: ['--grid', `${THRESHOLD}=0.1,0.2,0.3`, '--max-points', '2'], stderr: /the grid has 3 points \(3\), more than the limit of 2; narrow it or raise --max-points/ },
    { name: 'an unknown objective metric', args: ['--grid', `${THRESHOLD}=0.3`, '--utility', 'joy'], stderr: /--utility joy: not a metric these runs store/ },
  ];
  it.each(cases)('$name', async ({ args, stderr }) => {
    const dir = tempDir('sweep-usage');
    const scenario = copyFixture('small-worm.yaml', dir);
    const result = await masecInProcess(['sweep', scenario, ...args, '--store', 's.sqlite', '--workers', '0'], dir);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(stderr);
    expect(existsSync(join(dir, 's.sqlite'))).toBe(false);
  });
});
