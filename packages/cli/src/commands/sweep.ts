/**
 * `masec sweep <scenario> --grid path=v1,v2,...`: the cartesian product of parameter grids × arms × seeds,
 * each grid point stored as its own experiment, and the Pareto front of (attack, utility, cost).
 */
import type { Command } from 'commander';
import {
  DEFAULT_MAX_POINTS,
  type ObjectiveChoice,
  SqliteResultsStore,
  type SweepReportData,
  buildSweepReport,
  planSweep,
  renderSweepHtml,
  renderSweepTable,
  resolveObjectives,
  loadScenarioPlugins,
  runSweep,
  sweepMetricIds,
} from '@masec/runner';
import type { CliIo } from '../io.js';
import { type ModelFlags, addModelFlags, modelOptions } from './model-options.js';
import { EXIT_RUN_FAILED } from '../output/exit.js';
import { createProgress, storedRunsKept } from '../output/progress.js';
import { PLUGIN_FLAGS, PLUGIN_HELP, chooseWorkers, collect, parseInteger, storePath } from '../options.js';
import { streamFor } from './run.js';
import { checkOutputFile, writeOutputFile } from '../output/files.js';

interface SweepCliOptions extends ModelFlags {
  grid?: string[];
  seeds?: number;
  set?: string[];
  arm?: string[];
  attack?: string;
  utility?: string;
  cost?: string;
  store?: string;
  workers?: number;
  force: boolean;
  maxPoints: number;
  html?: string;
  json: boolean;
  quiet: boolean;
  plugin?: string[];
}

const HELP_AFTER = `
Each --grid is a scenario path (as in --set) and a comma-separated list of YAML values; the sweep runs every
combination × every arm × every seed. Each grid point is its own experiment in the store: a rerun skips what is
stored. An arm a path does not touch (a grid over arms[2] leaves arms 0 and 1 alone) runs once and shows * for it.

Objectives (each a metric the runs store, cost:guard-micros, cost:chars-added, or none):
  --attack   default: the first threat's primary metric (worm: infected-fraction)
  --utility  default: benign-task-completion
  --cost     default: benign-blocked (population engine: quarantined-agents)
The Pareto front is the set of points no other point beats on the means of all objectives.

Examples:
  masec sweep worm-email --grid 'arms[2].defenses[0].config.threshold=0.5,0.7,0.9' --seeds 10
  masec sweep worm-email --arm detector-quarantine --grid 'arms[2].defenses[0].config.threshold=0.5,0.9' \\
    --grid 'arms[2].defenses[1].config.afterFlags=1,2,4' --html sweep.html
  masec sweep my.yaml --grid 'agents.policy.config.compliance=0.5,0.9' --cost cost:chars-added --json`;

export function registerSweep(program: Command, io: CliIo, setStatus: (status: number) => void): void {
  const command = program
    .command('sweep')
    .description('run a parameter grid × arms × seeds and report the Pareto front of attack, utility and cost')
    .argument('<scenario>', 'scenario file, or the name of a built-in scenario (see `masec list scenarios`)')
    .option('--grid <path=v1,v2,...>', 'a scenario path and the values to sweep (repeatable: the product of all)', collect)
    .option('--seeds <n>', 'seeds per arm and point, from the scenario\u2019s `seed` (default: the scenario\u2019s `seeds`)', parseInteger('--seeds', 1, 100_000))
    .option('--set <path=value>', 'override a scenario field at every point (repeatable)', collect)
    .option('--arm <name>', 'only this arm (repeatable; default: all arms)', collect)
    .option(PLUGIN_FLAGS, PLUGIN_HELP, collect)
    .option('--attack <metric>', 'attack objective (default: the threat\u2019s primary metric)')
    .option('--utility <metric>', 'utility objective, or none (default: benign-task-completion)')
    .option('--cost <metric>', 'cost objective, or none (default: benign-blocked)')
    .option('--max-points <n>', 'refuse grids with more points than this', parseInteger('--max-points', 1, 100_000), DEFAULT_MAX_POINTS)
    .option('--store <file>', 'SQLite results store (default: $MASEC_STORE or .masec/results.sqlite)')
    .option('--workers <n>', 'worker threads (0 = in-process; default: one per core)', parseInteger('--workers', 0, 256))
    .option('--force', 're-run runs the store already has', false)
    .option('--html <file>', 'also write the sweep report (Pareto front, scatter, every point) to this file')
    .option('--json', 'print one JSON object (points with metrics, CIs and pareto flags) instead of the table', false)
    .option('-q, --quiet', 'no progress output', false)
    .addHelpText('after', HELP_AFTER);
  addModelFlags(command).action(async (scenarioRef: string, options: SweepCliOptions) => {
      const plugins = await loadScenarioPlugins(scenarioRef, options.set ?? [], { cwd: io.cwd, extra: options.plugin ?? [] });
      const plan = planSweep({
        plugins,
        scenario: scenarioRef,
        cwd: io.cwd,
        sets: options.set ?? [],
        grid: options.grid ?? [],
        ...(options.seeds === undefined ? {} : { seeds: options.seeds }),
        ...(options.arm === undefined ? {} : { arms: options.arm }),
        maxPoints: options.maxPoints,
      });
      const choice: ObjectiveChoice = {};
      if (options.attack !== undefined) choice.attack = options.attack;
      if (options.utility !== undefined) choice.utility = options.utility;
      if (options.cost !== undefined) choice.cost = options.cost;
      const first = plan.points[0];
      if (first === undefined) throw new Error('sweep: the plan has no points');
      const objectives = resolveObjectives(first.scenario, sweepMetricIds(plan), choice, plan.plugins.registries);
      const models = modelOptions(io, options, first.scenario);
      const file = storePath(io, options.store);
      const store = SqliteResultsStore.open(file);
      try {
        const progress = createProgress(`masec sweep ${first.scenario.id}`, {
          quiet: options.quiet || (options.json && !io.stderrIsTty),
          stream: streamFor(io),
          interrupt: { io, kept: storedRunsKept(file, 'this sweep') },
        });
        const result = await runSweep(plan, {
          store,
          workers: chooseWorkers(options.workers, { note: io.stderr }),
          force: options.force,
          models,
          onProgress: (p) => progress.update(p),
        });
        progress.stop();
        const data = buildSweepReport(result, objectives);
        const htmlPath = options.html === undefined ? undefined : checkOutputFile(io, '--html', options.html);
        if (htmlPath !== undefined) writeOutputFile('--html', htmlPath, renderSweepHtml(data));
        if (options.json) io.stdout(`${JSON.stringify(sweepJson(data, file, htmlPath), null, 2)}\n`);
        else {
          const pointsWord = `${data.points.length} point${data.points.length === 1 ? '' : 's'}`;
          io.stdout(`\n${data.scenario.name}: sweep of ${pointsWord}, ${data.seeds.length} seed${data.seeds.length === 1 ? '' : 's'} each\n\n`);
          io.stdout(renderSweepTable(data));
          const seconds = (result.wallMs / 1000).toFixed(1);
          io.stdout(
            `\n${result.executed} run(s) in ${seconds}s${result.skipped > 0 ? `, ${result.skipped} already in the store` : ''}` +
              `${result.failed > 0 ? `, ${result.failed} FAILED` : ''}; ${new Set(data.points.map((p) => p.experimentId)).size} experiment(s) in ${file}\n`,
          );
          if (htmlPath !== undefined) io.stdout(`report: ${htmlPath}\n`);
        }
        if (result.failed > 0) setStatus(EXIT_RUN_FAILED);
      } finally {
        await store.close();
      }
    });
}

/** What `masec sweep --json` prints. */
export function sweepJson(data: SweepReportData, store: string, html: string | undefined): Record<string, unknown> {
  return {
    scenario: data.scenario.id,
    store,
    seeds: data.seeds,
    grid: data.grid,
    objectives: data.objectives,
    points: data.points.map((p) => ({
      id: p.id,
      grid: p.assignment,
      arm: p.arm,
      defenses: p.defenses,
      experiment: p.experimentId,
      runs: p.runs,
      failed: p.errors.length,
      objectives: Object.fromEntries(data.objectives.map((o) => [o.role, { id: o.id, ...p.summary[o.id] }])),
      metrics: p.summary,
      pareto: p.pareto,
      comparable: p.comparable,
      dominatedBy: p.dominatedBy,
    })),
    front: data.front,
    executed: data.totals.executed,
    skipped: data.totals.skipped,
    failed: data.totals.failed,
    ...(html === undefined ? {} : { html }),
  };
}
