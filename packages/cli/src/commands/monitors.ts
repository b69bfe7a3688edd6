/**
 * `masec monitors <scenario>`: calibrate the scenario's monitors on honest runs and report them at fixed
 * false-positive rates — threshold, TPR, AUROC and time to detect — on attack runs.
 */
import type { Command } from 'commander';
import { DEFAULT_FPRS, calibrateMonitors, loadScenario, loadScenarioFile, seedRange } from '@masec/runner';
import type { CliIo } from '../io.js';
import { CliExit, EXIT_USAGE } from '../output/exit.js';
import { createProgress } from '../output/progress.js';
import { PLUGIN_FLAGS, PLUGIN_HELP, chooseWorkers, collect, parseInteger } from '../options.js';
import { printCalibration } from './monitors-output.js';
import { streamFor } from './run.js';

interface MonitorsOptions {
  seeds?: number;
  set?: string[];
  honestSet?: string[];
  monitor?: string[];
  fpr: string;
  workers?: number;
  json: boolean;
  quiet: boolean;
  plugin?: string[];
}

function parseFprs(text: string): number[] {
  const values = text.split(',').map((s) => s.trim());
  const out = values.map(Number);
  if (values.some((v) => v === '') || out.some((v) => !Number.isFinite(v) || v <= 0 || v >= 1)) {
    throw new CliExit(EXIT_USAGE, `option --fpr: expected comma-separated rates in (0, 1), e.g. 0.01,0.001; got '${text}'`);
  }
  return out;
}

const HELP_AFTER = `
The monitors run together and only observe (each flags every envelope it scores above 0 and blocks
nothing, so the runs are what they would be without them): on honest runs — the scenario without its
threats, or with --honest-set overrides instead — to choose the threshold for each false-positive rate, and
on attack runs — the scenario as it is — to measure the TPR there, the AUROC, and when the attack was first
caught. Honest runs use the seeds after the attack seeds. Envelopes are messages, outputs, tool calls and
memory writes on the monitor's hooks; records read from shared stores carry no per-record ground truth and
are not scored. Nothing is stored. See docs/reference/monitor-calibration.md.

Examples:
  masec monitors worm-email --seeds 5
  masec monitors worm-email --monitor propagation-monitor --monitor content-detector --fpr 0.01,0.001 --json
  masec monitors worm-email --set agents.count=200 --honest-set agents.policy.config.susceptibility=0`;

export function registerMonitors(program: Command, io: CliIo): void {
  program
    .command('monitors')
    .description('calibrate monitors on honest runs: thresholds at fixed false-positive rates, TPR, AUROC, time to detect')
    .argument('<scenario>', 'scenario file, or the name of a built-in scenario (see `masec list scenarios`)')
    .option('--seeds <n>', 'attack seeds (and as many honest seeds), starting at the scenario\u2019s `seed` (default: 5)', parseInteger('--seeds', 1, 100_000))
    .option('--monitor <id>', 'calibrate this monitor (repeatable; default: every monitor the scenario\u2019s arms use)', collect)
    .option('--fpr <rates>', 'target false-positive rates, comma-separated', DEFAULT_FPRS.join(','))
    .option('--set <path=value>', 'override a scenario field before validation (repeatable)', collect)
    .option('--honest-set <path=value>', 'honest runs: the scenario with these overrides instead of without its threats (repeatable)', collect)
    .option(PLUGIN_FLAGS, PLUGIN_HELP, collect)
    .option('--workers <n>', 'worker threads (0 = in-process; default: one per core)', parseInteger('--workers', 0, 256))
    .option('--json', 'print one JSON object instead of the text report', false)
    .option('-q, --quiet', 'no progress output', false)
    .addHelpText('after', HELP_AFTER)
    .action(async (scenarioRef: string, options: MonitorsOptions) => {
      const fprs = parseFprs(options.fpr);
      const loaded = await loadScenario(scenarioRef, options.set ?? [], { cwd: io.cwd, env: io.env, extra: options.plugin ?? [] });
      const honestSets = [...(options.set ?? []), ...(options.honestSet ?? [])];
      const honest = options.honestSet === undefined ? undefined : loadScenarioFile(scenarioRef, honestSets, { cwd: io.cwd, env: io.env, plugins: loaded.plugins }).scenario;
      const seeds = seedRange(loaded.scenario.seed, options.seeds ?? 5);
      const progress = createProgress(`masec monitors ${loaded.scenario.id}`, {
        quiet: options.quiet || (options.json && !io.stderrIsTty),
        stream: streamFor(io),
        interrupt: { io, kept: () => 'nothing was written (monitors stores nothing)' },
      });
      const result = await calibrateMonitors({
        scenario: loaded.scenario,
        ...(honest === undefined ? {} : { honest }),
        baseDir: loaded.baseDir,
        seeds,
        ...(options.monitor === undefined ? {} : { monitors: options.monitor }),
        fprs,
        workers: chooseWorkers(options.workers, { note: io.stderr }),
        plugins: loaded.plugins.urls,
        onProgress: (done, total) => progress.update({ done, total, skipped: 0, failed: 0 }),
      });
      progress.stop();
      printCalibration(io, result, options.json);
    });
}
