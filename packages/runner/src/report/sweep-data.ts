/**
 * What the sweep report shows: one point per configuration (an arm at a grid point), each objective and
 * metric summarised over seeds with its 95% CI, and which points are on the Pareto front of the objectives.
 */
import { defaultMetrics } from '@masec/sim';
import { type Direction, paretoFront } from '../stats/pareto.js';
import { type Summary, clampSummary, summarize, unitDomain } from '../stats/summary.js';
import type { GridAxis } from '../sweep/grid.js';
import { type Objective, objectiveValue } from '../sweep/objectives.js';
import type { SweepPlan, SweepResult } from '../sweep/run-sweep.js';
import { describeTopology } from './build.js';
import type { ReportMetric } from './types.js';

export interface SweepPointReport {
  /** 1-based label, `#id` in tables and charts. */
  id: number;
  /** Grid path → value (`*`: the value does not change this arm, which ran once). */
  assignment: Record<string, string>;
  arm: string;
  defenses: string[];
  experimentId: string;
  runs: number;
  errors: string[];
  /** Per objective id and per metric id. */
  summary: Record<string, Summary>;
  /** Non-dominated on the objective means. */
  pareto: boolean;
  /** Every objective has a mean, so the point was compared. */
  comparable: boolean;
  /** Ids of the points that dominate it. */
  dominatedBy: number[];
}

export interface SweepReportData {
  title: string;
  generatedAt: string;
  scenario: { id: string; name: string; description: string; agents: number; rounds: number; topology: string };
  seeds: number[];
  grid: GridAxis[];
  objectives: Objective[];
  metrics: ReportMetric[];
  points: SweepPointReport[];
  /** Ids of the points on the front. */
  front: number[];
  totals: { executed: number; skipped: number; failed: number; runs: number };
}

/** Metric ids the runs of a planned sweep store (a point's own `metrics`, else its threats' defaults). */
export function sweepMetricIds(plan: SweepPlan): string[] {
  const { registries } = plan.plugins;
  const ids: string[] = [];
  for (const point of plan.points) {
    for (const id of point.scenario.metrics ?? defaultMetrics(point.scenario, registries)) if (!ids.includes(id)) ids.push(id);
  }
  return ids;
}

export function buildSweepReport(result: SweepResult, objectives: readonly Objective[], generatedAt = new Date().toISOString()): SweepReportData {
  const registry = result.plan.plugins.registries.metrics;
  const metrics: ReportMetric[] = sweepMetricIds(result.plan)
    .filter((id) => registry.has(id))
    .map((id) => {
      const m = registry.get(id);
      return { id, label: m.label, unit: m.unit, better: m.better };
    });
  const points: SweepPointReport[] = result.cells.map((cell, i) => {
    const ok = cell.runs.filter((r) => r.status === 'done');
    const summary: Record<string, Summary> = {};
    for (const m of metrics) summary[m.id] = clampSummary(summarize(ok.map((r) => r.metrics[m.id] ?? null)), unitDomain(m.unit));
    for (const o of objectives) summary[o.id] = clampSummary(summarize(ok.map((r) => objectiveValue(o, r))), unitDomain(o.unit));
    return {
      id: i + 1,
      assignment: cell.assignment,
      arm: cell.arm.name,
      defenses: cell.arm.defenses.map((d) => d.id),
      experimentId: cell.experimentId,
      runs: cell.runs.length,
      errors: cell.runs.filter((r) => r.status === 'error').map((r) => `seed ${r.seed}: ${r.error ?? 'unknown error'}`),
      summary,
      pareto: false,
      comparable: false,
      dominatedBy: [],
    };
  });
  const directions: Direction[] = objectives.map((o) => o.better);
  const front = paretoFront(
    points.map((p) => objectives.map((o) => p.summary[o.id]?.mean ?? null)),
    directions,
  );
  points.forEach((p, i) => {
    p.pareto = front.pareto[i] ?? false;
    p.comparable = front.comparable[i] ?? false;
    p.dominatedBy = (front.dominatedBy[i] ?? []).map((j) => j + 1);
  });
  const first = result.plan.points[0];
  const scenario = first?.scenario;
  return {
    title: `${scenario?.name ?? scenario?.id ?? 'sweep'} — trade-off sweep`,
    generatedAt,
    scenario: {
      id: scenario?.id ?? '',
      name: scenario?.name ?? scenario?.id ?? '',
      description: scenario?.description ?? '',
      agents: scenario?.agents.count ?? 0,
      rounds: scenario?.rounds ?? 0,
      topology: scenario === undefined ? '' : describeTopology(scenario.topology),
    },
    seeds: first?.seeds ?? [],
    grid: result.plan.axes,
    objectives: [...objectives],
    metrics,
    points,
    front: points.filter((p) => p.pareto).map((p) => p.id),
    totals: { executed: result.executed, skipped: result.skipped, failed: result.failed, runs: result.plan.totalRuns },
  };
}

/** Short column names for grid paths: the shortest dotted suffix that tells them apart (`threshold`). */
export function axisLabels(paths: readonly string[]): string[] {
  const parts = paths.map((p) => p.split('.'));
  return parts.map((segments, i) => {
    for (let n = 1; n <= segments.length; n++) {
      const label = segments.slice(-n).join('.');
      const clash = parts.some((other, j) => j !== i && other.slice(-n).join('.') === label);
      if (!clash) return label;
    }
    return paths[i] ?? '';
  });
}
