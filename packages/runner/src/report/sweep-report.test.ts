// The sweep report: Pareto front of the worm's objectives across defense settings (provenance-tagging,
// content-detector + quarantine), as data, terminal table, HTML and SVG.
import { describe, expect, it } from 'vitest';
import { type Arm, ScenarioSchema } from '@masec/spec';
import type { RunRecord } from '../store/types.js';
import type { SweepResult } from '../sweep/run-sweep.js';
import { resolveObjectives } from '../sweep/objectives.js';
import { builtinPluginSet } from '../plugins/load-plugins.js';
import { axisLabels, buildSweepReport } from './sweep-data.js';
import { renderSweepHtml } from './sweep-html.js';
import { renderSweepTable } from './sweep-table.js';
import { paretoScatter } from './svg-pareto.js';

const scenario = ScenarioSchema.parse({
  id: 'worm-sweep',
  name: 'Worm <sweep>',
  rounds: 10,
  agents: { count: 20, policy: { id: 'email-assistant' } },
  topology: { kind: 'ring' },
  threats: [{ id: 'worm' }],
});
const PATH = 'arms[2].defenses[0].config.threshold';

function run(arm: string, seed: number, infected: number, done: number, blocked: number, status: 'done' | 'error' = 'done'): RunRecord {
  return {
    id: `x/${arm}/${seed}`,
    experimentId: 'x',
    arm,
    seed,
    status,
    digest: status === 'done' ? 'd' : null,
    metrics: status === 'done' ? { 'infected-fraction': infected, 'benign-task-completion': done, 'benign-blocked': blocked } : {},
    judges: {},
    costs: { durationMs: 1, envelopes: 1, guardMicros: {}, charsAdded: 0 },
    manifest: {} as RunRecord['manifest'],
    error: status === 'done' ? null : 'Error: boom',
    finishedAt: '',
  };
}

function cell(point: number, value: string, arm: Arm, runs: RunRecord[]): SweepResult['cells'][number] {
  return { point, assignment: { [PATH]: value }, arm, points: [point], experimentId: `exp-${point}`, runs };
}

const detector = (threshold: number): Arm => ({ name: 'detector-quarantine', defenses: [{ id: 'content-detector', config: { threshold } }, { id: 'quarantine', config: {} }] });
const result: SweepResult = {
  plan: {
    axes: [{ path: PATH, values: ['0.3', '0.7'] }],
    points: [{ grid: { index: 0, assignment: { [PATH]: '0.3' }, sets: [] }, scenario, source: '/s.yaml', baseDir: '/', seeds: [1, 2, 3], arms: [] }],
    cells: [],
    totalRuns: 12,
    plugins: builtinPluginSet(),
  },
  cells: [
    { ...cell(0, '*', { name: 'none', defenses: [] }, [run('none', 1, 0.6, 0.83, 0), run('none', 2, 0.7, 0.84, 0), run('none', 3, 0.5, 0.82, 0)]), points: [0, 1] },
    cell(0, '0.3', detector(0.3), [run('d', 1, 0.01, 0.7, 700), run('d', 2, 0.0, 0.72, 690), run('d', 3, 0.02, 0.71, 710)]),
    cell(1, '0.7', detector(0.7), [run('d', 1, 0.03, 0.8, 100), run('d', 2, 0.05, 0.79, 120), run('d', 3, 0.04, 0.81, 110, 'error')]),
    cell(1, '0.7', { name: 'worse', defenses: [] }, [run('w', 1, 0.125, 0.5, 800), run('w', 2, 0.125, 0.5, 800), run('w', 3, 0.125, 0.5, 800)]),
  ],
  executed: 12,
  skipped: 0,
  failed: 1,
  wallMs: 5,
  envelopes: 10,
};

const objectives = resolveObjectives(scenario, ['infected-fraction', 'benign-task-completion', 'benign-blocked']);
const data = buildSweepReport(result, objectives, '2025-01-01T00:00:00Z');

describe('sweep report data', () => {
  it('summarises each point over its good runs and marks the Pareto front on the means', () => {
    expect(data.points.map((p) => [p.id, p.arm, p.pareto, p.dominatedBy])).toEqual([
      [1, 'none', true, []],
      [2, 'detector-quarantine', true, []],
      [3, 'detector-quarantine', true, []],
      [4, 'worse', false, [2, 3]],
    ]);
    expect(data.front).toEqual([1, 2, 3]);
    const none = data.points[0]!.summary['infected-fraction']!;
    expect(none.mean).toBeCloseTo(0.6, 12);
    expect(none.lo).toBeLessThan(0.6);
    expect(none.hi).toBeGreaterThan(0.6);
    // The failed run is excluded from the statistics and reported.
    expect(data.points[2]!.summary['benign-blocked']).toMatchObject({ mean: 110, n: 2, total: 2 });
    expect(data.points[2]!.errors).toEqual(['seed 3: Error: boom']);
    expect(data.totals).toEqual({ executed: 12, skipped: 0, failed: 1, runs: 12 });
  });

  it('labels grid axes by their shortest distinct suffix', () => {
    expect(axisLabels(['arms[2].defenses[0].config.threshold', 'arms[2].defenses[1].config.afterFlags'])).toEqual(['threshold', 'afterFlags']);
    expect(axisLabels(['arms[1].defenses[0].config.threshold', 'arms[2].defenses[0].config.threshold'])).toEqual([
      'arms[1].defenses[0].config.threshold',
      'arms[2].defenses[0].config.threshold',
    ]);
    expect(axisLabels(['a.x.t', 'b.y.t'])).toEqual(['x.t', 'y.t']);
  });
});

describe('sweep table', () => {
  const text = renderSweepTable(data);
  const lines = text.split('\n');

  it('has one row per point with CIs, the front marked, and who dominates the rest', () => {
    expect(lines[0]).toMatch(/^#\s+threshold\s+arm\s+infected ↓\s+benign tasks done ↑\s+benign mail blocked ↓\s+front\s+dominated by$/);
    const row = (id: number) => lines.find((l) => l.startsWith(`#${id} `)) ?? '';
    expect(row(1)).toMatch(/^#1\s+\*\s+none\s+60\.0% \[\d+\.\d, \d+\.\d\]\s+83\.0% \[[\d., ]+\]\s+0\.0\s+yes$/);
    expect(row(4)).toMatch(/^#4\s+0\.7\s+worse\s+12\.5%\s+50\.0%\s+800\.0\s+no\s+#2, #3$/);
    expect(text).toContain('Pareto front: #1, #2, #3\n');
    expect(text).toContain('front = non-dominated on the MEANS of infected ↓, benign tasks done ↑ and benign mail blocked ↓');
    expect(text).toContain("objectives: attack = infected-fraction (primary metric of threat 'worm'); utility = benign-task-completion");
    expect(text).toContain(`threshold = ${PATH}\n`);
    expect(text).toContain('* the arm is the same at every value of this path; it ran once');
    expect(text).toContain('! #3 detector-quarantine: 1 run failed; first: seed 3: Error: boom');
  });
});

describe('sweep HTML report', () => {
  const html = renderSweepHtml(data);

  it('is self-contained, escapes text and never prints NaN', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)|NaN|>undefined|"undefined"/);
    expect(html).toContain('Worm &lt;sweep&gt;');
  });

  it('states the front, draws one scatter per non-attack objective, and marks front rows', () => {
    expect(html).toContain('3 of 4 points are on the front: non-dominated on the <strong>means</strong>');
    expect(html.split('class="chart pareto-chart"').length - 1).toBe(2);
    expect(html).toContain('infected vs benign tasks done');
    expect(html).toContain('infected vs benign mail blocked');
    expect(html.split('<tr class="front">').length - 1).toBe(3);
    expect(html.split('<tr class="dominated">').length - 1).toBe(1);
    expect(html).toContain('a front point that looks dominated in this plane is better on benign mail blocked');
    expect(html).toContain('<code>exp-1</code>');
  });
});

describe('paretoScatter', () => {
  it('fills and labels front points, rings dominated ones, and skips points without both values', () => {
    const svg = paretoScatter({
      title: 't',
      points: [
        { name: '#1', tip: 'a', x: { mean: 0.8, lo: 0.7, hi: 0.9 }, y: { mean: 0.6, lo: 0.5, hi: 0.7 }, front: true },
        { name: '#2', tip: 'b', x: { mean: 0.7 }, y: { mean: 0.7 }, front: false },
        { name: '#3', tip: 'c', x: { mean: null }, y: { mean: 0.1 }, front: true },
      ],
      x: { label: 'utility', unit: 'fraction', better: 'higher' },
      y: { label: 'attack', unit: 'fraction', better: 'lower' },
    });
    expect(svg.split('class="point front"').length - 1).toBe(1);
    expect(svg.split('class="point dominated"').length - 1).toBe(1);
    expect(svg).toContain('>#1</text>');
    expect(svg).not.toContain('>#2</text>');
    expect(svg).not.toContain('#3');
    expect(svg).toContain('utility (higher is better →)');
    expect(svg).toContain('attack (lower is better ↓)');
    expect(paretoScatter({ title: 'e', points: [], x: { label: 'x' }, y: { label: 'y' } })).toContain('No point has both metrics defined');
  });

  it('a count axis whose values are never negative starts at zero', () => {
    const svg = paretoScatter({
      title: 'c',
      points: [
        { name: '#1', tip: 'a', x: { mean: 0, lo: 0, hi: 0 }, y: { mean: 0.5 }, front: true },
        { name: '#2', tip: 'b', x: { mean: 700, lo: 650, hi: 750 }, y: { mean: 0.1 }, front: true },
      ],
      x: { label: 'blocked', unit: 'count', better: 'lower' },
      y: { label: 'attack', unit: 'fraction', better: 'lower' },
    });
    expect(svg).toContain('>0</text>');
    expect(svg).not.toMatch(/>-\d/);
  });
});
