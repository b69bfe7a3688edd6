/**
 * A sweep: the cartesian product of parameter grids × the scenario's arms × seeds. Each grid point is its
 * own experiment in the store (so a rerun skips what is stored, as `masec run` does). Every point is
 * loaded and validated before anything runs. An arm whose configuration a point does not change (a grid
 * over `arms[2]...` leaves arms 0 and 1 alone) is run once, at the first point, and reported once.
 */
import { type Arm, type IssueLocation, MasecError, type Scenario, isMasecError } from '@masec/spec';
import { parseSetPath } from '@masec/sim';
import { type ExperimentProgress, runExperiment, seedRange, selectArms } from '../experiment/run-experiment.js';
import { loadScenarioFile } from '../experiment/scenario-file.js';
import { createExecutor } from '../pool/pool.js';
import type { ExperimentModelOptions } from '../models/experiment-models.js';
import { type PluginSet, builtinPluginSet } from '../plugins/load-plugins.js';
import { scenarioHash } from '../experiment/manifest.js';
import { canonicalJson } from '../store/event-codec.js';
import type { ResultsStore, RunRecord } from '../store/types.js';
import { DEFAULT_MAX_POINTS, type GridAxis, type GridPoint, expandGrid, parseGrid } from './grid.js';

export interface SweepOptions {
  /** Scenario file or built-in name. */
  scenario: string;
  /** Directory the scenario path is resolved against. */
  cwd?: string;
  /** Plain `--set` overrides, applied before each point's grid values. */
  sets?: readonly string[];
  /** `--grid path=v1,v2,...` options. */
  grid: readonly string[];
  /** Seeds per arm (default: the scenario's `seeds`), from the scenario's `seed`. */
  seeds?: number;
  /** Only these arms (default: all). */
  arms?: readonly string[];
  maxPoints?: number;
  /** Plugins every point is validated and run with (`loadScenarioPlugins`); default: built-ins only. */
  plugins?: PluginSet;
}

/** One configuration the sweep measures: an arm at a grid point. */
export interface SweepCell {
  /** Grid point where it was first met (and run). */
  point: number;
  /** Path → value; `*` for a path whose value does not change this arm (it is the same at every value). */
  assignment: Record<string, string>;
  arm: Arm;
  /** Grid points with this same configuration. */
  points: number[];
}

export interface PlannedPoint {
  grid: GridPoint;
  scenario: Scenario;
  source: string;
  baseDir: string;
  seeds: number[];
  /** Arms first met at this point: the ones it runs. */
  arms: string[];
}

export interface SweepPlan {
  axes: GridAxis[];
  points: PlannedPoint[];
  cells: SweepCell[];
  /** Runs the sweep consists of (stored ones included). */
  totalRuns: number;
  /** The plugins every point was validated with and runs with. */
  plugins: PluginSet;
}

export interface SweepCellResult extends SweepCell {
  experimentId: string;
  runs: RunRecord[];
}

export interface SweepResult {
  plan: SweepPlan;
  cells: SweepCellResult[];
  executed: number;
  skipped: number;
  failed: number;
  wallMs: number;
  envelopes: number;
}

/** Describes a point for messages: `a=1, b=2`. */
export function describeAssignment(assignment: Record<string, string>): string {
  return Object.entries(assignment)
    .map(([path, value]) => `${path}=${value}`)
    .join(', ');
}

/** Rewrites load errors of a point so they name the grid value that caused them. */
function pointError(error: unknown, point: GridPoint): unknown {
  if (!isMasecError(error)) return error;
  const where = `grid point ${describeAssignment(point.assignment)}`;
  const issues: IssueLocation[] = error.issues.map((issue) => {
    const fromGrid = issue.file === '--set' && point.sets.some((set) => issue.message.includes(set));
    return fromGrid ? { ...issue, file: '--grid', message: issue.message.replace('(from --set ', '(from --grid ') } : { ...issue, message: `${issue.message} (at ${where})` };
  });
  return new MasecError(error.code, `${where}: ${error.message}`, { issues, cause: error });
}

/** Identity of what an arm's runs compute: the scenario minus the other arms, plus the seeds. */
function cellKey(scenario: Scenario, arm: Arm, seeds: readonly number[]): string {
  const { arms: _arms, defenses: _defenses, ...rest } = scenario;
  return canonicalJson({ scenario: rest, arm, seeds });
}

/** Loads and validates every point and decides what runs where. Throws USAGE/SCENARIO_INVALID before anything runs. */
export function planSweep(options: SweepOptions): SweepPlan {
  const axes = parseGrid(options.grid);
  const gridPoints = expandGrid(axes, options.maxPoints ?? DEFAULT_MAX_POINTS);
  const topLevelDefenses = axes.filter((a) => parseSetPath(a.path)[0] === 'defenses');
  const byHash = new Map<string, GridPoint>();
  const byKey = new Map<string, SweepCell>();
  const cells: SweepCell[] = [];
  const points: PlannedPoint[] = [];
  const plugins = options.plugins ?? builtinPluginSet();
  for (const grid of gridPoints) {
    let loaded;
    try {
      loaded = loadScenarioFile(options.scenario, [...(options.sets ?? []), ...grid.sets], { ...(options.cwd === undefined ? {} : { cwd: options.cwd }), plugins });
    } catch (error) {
      throw pointError(error, grid);
    }
    const { scenario } = loaded;
    const ignored = topLevelDefenses[0];
    if (ignored !== undefined && scenario.arms !== undefined) {
      throw new MasecError(
        'USAGE',
        `--grid ${ignored.path}: scenario '${scenario.id}' declares arms, which replace its top-level defenses, so this path changes nothing; ` +
          `sweep an arm's pipeline instead, e.g. arms[${scenario.arms.length - 1}].${ignored.path}`,
      );
    }
    const hash = scenarioHash(scenario);
    const same = byHash.get(hash);
    if (same !== undefined) {
      throw new MasecError(
        'USAGE',
        `grid points ${describeAssignment(same.assignment)} and ${describeAssignment(grid.assignment)} give the same scenario; ` +
          'a value the scenario does not use, or two spellings of one value?',
      );
    }
    byHash.set(hash, grid);
    const seeds = seedRange(scenario.seed, options.seeds ?? scenario.seeds);
    const arms: string[] = [];
    for (const arm of selectArms(scenario, options.arms)) {
      const key = cellKey(scenario, arm, seeds);
      const cell = byKey.get(key);
      if (cell !== undefined) {
        cell.points.push(grid.index);
        continue;
      }
      const created: SweepCell = { point: grid.index, assignment: { ...grid.assignment }, arm, points: [grid.index] };
      byKey.set(key, created);
      cells.push(created);
      arms.push(arm.name);
    }
    points.push({ grid, scenario, source: loaded.source, baseDir: loaded.baseDir, seeds, arms });
  }
  for (const cell of cells) {
    for (const axis of axes) {
      const values = new Set(cell.points.map((p) => gridPoints[p]?.assignment[axis.path]));
      if (values.size > 1) cell.assignment[axis.path] = '*';
    }
  }
  const totalRuns = points.reduce((n, p) => n + p.arms.length * p.seeds.length, 0);
  return { axes, points, cells, totalRuns, plugins };
}

export interface RunSweepOptions {
  store: ResultsStore;
  workers: number;
  force?: boolean;
  /** How model calls are made (each point is an experiment: an experiment budget holds per point). */
  models?: ExperimentModelOptions;
  /** Progress across the whole sweep: `done`/`total` count runs of every point. */
  onProgress?: (progress: ExperimentProgress & { point: number; points: number }) => void;
}

/** Runs a planned sweep point by point, each point one experiment; stored runs are skipped. */
export async function runSweep(plan: SweepPlan, options: RunSweepOptions): Promise<SweepResult> {
  const started = performance.now();
  const totals = { done: 0, skipped: 0, failed: 0, executed: 0, envelopes: 0 };
  const experimentOf = new Map<number, { id: string; runs: RunRecord[] }>();
  const pointsToRun = plan.points.filter((p) => p.arms.length > 0);
  // One pool for the whole sweep: starting threads per point would cost more than a small point's runs.
  const executor = createExecutor(Math.min(options.workers, plan.totalRuns));
  try {
    for (const [k, point] of pointsToRun.entries()) {
      const result = await runExperiment({
        scenario: point.scenario,
        source: point.source,
        baseDir: point.baseDir,
        seeds: point.seeds,
        arms: point.arms,
        store: options.store,
        workers: options.workers,
        executor,
        force: options.force ?? false,
        plugins: plan.plugins.urls,
        ...(options.models === undefined ? {} : { models: options.models }),
        onProgress: (p) =>
          options.onProgress?.({
            done: totals.done + p.done,
            total: plan.totalRuns,
            skipped: totals.skipped + p.skipped,
            failed: totals.failed + p.failed,
            ...(p.last === undefined ? {} : { last: { ...p.last, arm: `${describeAssignment(point.grid.assignment)} ${p.last.arm}` } }),
            point: k + 1,
            points: pointsToRun.length,
          }),
      });
      totals.done += result.executed + result.skipped + result.elsewhere;
      totals.skipped += result.skipped;
      totals.failed += result.failed;
      totals.executed += result.executed;
      totals.envelopes += result.envelopes;
      experimentOf.set(point.grid.index, { id: result.experiment.id, runs: result.runs });
    }
  } finally {
    await executor.close();
  }
  const cells = plan.cells.map((cell): SweepCellResult => {
    const experiment = experimentOf.get(cell.point);
    if (experiment === undefined) throw new Error(`sweep: no experiment for grid point ${cell.point}`);
    return { ...cell, experimentId: experiment.id, runs: experiment.runs.filter((r) => r.arm === cell.arm.name) };
  });
  return { plan, cells, executed: totals.executed, skipped: totals.skipped, failed: totals.failed, wallMs: performance.now() - started, envelopes: totals.envelopes };
}
