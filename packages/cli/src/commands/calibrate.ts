/**
 * `masec calibrate <scenario>`: run every arm of a message-engine scenario over the seeds, estimate the
 * population engine's per-round probabilities (transmission, recovery, detection, false positives) with 95%
 * intervals, write them as a calibration file and print them.
 */
import type { Command } from 'commander';
import { SqliteResultsStore, loadScenario, messageEngineProblem, runCalibration, seedRange } from '@masec/runner';
import { calibrationFormatOf, formatCalibration } from '@masec/sim';
import type { CliIo } from '../io.js';
import { CliExit, EXIT_USAGE } from '../output/exit.js';
import { createProgress } from '../output/progress.js';
import { PLUGIN_FLAGS, PLUGIN_HELP, chooseWorkers, collect, parseInteger, storePath } from '../options.js';
import { type ModelFlags, addModelFlags, modelOptions } from './model-options.js';
import { printCalibration, toJson } from './calibrate-output.js';
import { streamFor } from './run.js';
import { checkOutputFile, writeOutputFile } from '../output/files.js';

interface CalibrateOptions extends ModelFlags {
  store?: string;
  seeds?: number;
  set?: string[];
  out?: string;
  workers?: number;
  json: boolean;
  quiet: boolean;
  plugin?: string[];
}

const HELP_AFTER = `
What is estimated, per arm, from the pooled runs (maximum likelihood, 95% Wilson-type intervals):
  transmission β    per contact and round: a susceptible agent's compromised contacts each round and
                    whether it was compromised the next (exposures to k contacts: 1 − (1 − β)^k)
  recovery γ        per compromised agent and round: it sends no malicious message after that round
  detection         per compromised agent and round: a monitor flags its mail (or, when the arm
                    quarantines, it is quarantined)
  false positive    the same for agents that are not compromised
The file is what a population scenario names in population.calibration (a path relative to that
scenario); its arms must have the same names. Nothing is stored in the results store.
See docs/guides/calibration.md.

Examples:
  masec calibrate worm-email --seeds 5
  masec calibrate my.yaml --set agents.count=200 --out calibration/my.yaml
  masec calibrate worm-email --json > calibration-report.json`;

/** A failed run is a MasecError RUN_FAILED (exit 1), and no file is written. */
export function registerCalibrate(program: Command, io: CliIo): void {
  const command = program
    .command('calibrate')
    .description('measure per-contact transmission, recovery, detection and false-positive rates from message-engine runs; write a calibration file')
    .argument('<scenario>', 'message-engine scenario file, or the name of a built-in scenario (see `masec list scenarios`)')
    .option('--seeds <n>', 'number of seeds per arm, starting at the scenario\u2019s `seed` (default: the scenario\u2019s `seeds`)', parseInteger('--seeds', 1, 100_000))
    .option('--set <path=value>', 'override a scenario field before validation (repeatable), e.g. agents.count=200', collect)
    .option(PLUGIN_FLAGS, PLUGIN_HELP, collect)
    .option('--out <file>', 'calibration file to write, JSON or YAML by extension (default: <scenario id>.calibration.json)')
    .option('--workers <n>', 'worker threads (0 = in-process; default: one per core)', parseInteger('--workers', 0, 256))
    .option('--json', 'print one JSON object (the file\u2019s contents, diagnostics, where it was written) instead of the table', false)
    .option('-q, --quiet', 'no progress output', false)
    .option('--store <file>', 'for a scenario with models: the results store whose response cache the calls use (default: $MASEC_STORE or .masec/results.sqlite)')
    .addHelpText('after', HELP_AFTER);
  addModelFlags(command).action(async (scenarioRef: string, options: CalibrateOptions) => {
      const loaded = await loadScenario(scenarioRef, options.set ?? [], { cwd: io.cwd, env: io.env, extra: options.plugin ?? [] });
      const { scenario } = loaded;
      const problem = messageEngineProblem(scenario);
      if (problem !== undefined) {
        throw new CliExit(EXIT_USAGE, `calibrate measures message-engine runs, but scenario '${scenario.id}' is not one: ${problem}`);
      }
      const out = checkOutputFile(io, '--out', options.out ?? `${scenario.id}.calibration.json`, { createDirs: true });
      const format = calibrationFormatOf(out);
      if (format === undefined) throw new CliExit(EXIT_USAGE, `option --out: '${options.out ?? out}' must end in .json, .yaml or .yml`);
      const seeds = seedRange(scenario.seed, options.seeds ?? scenario.seeds);
      const progress = createProgress(`masec calibrate ${scenario.id}`, {
        quiet: options.quiet || (options.json && !io.stderrIsTty),
        stream: streamFor(io),
        interrupt: { io, kept: () => 'nothing was written (the calibration file is written once every run is done)' },
      });
      const models = modelOptions(io, options, scenario);
      // Model answers go through the store's response cache: a calibration rerun pays for nothing twice.
      const store = (scenario.models ?? []).length > 0 ? SqliteResultsStore.open(storePath(io, options.store)) : undefined;
      let result;
      try {
        result = await runCalibration({
          scenario,
          baseDir: loaded.baseDir,
          seeds,
          workers: chooseWorkers(options.workers, { note: io.stderr }),
          plugins: loaded.plugins.urls,
          onProgress: (p) => progress.update(p),
          models,
          ...(store === undefined ? {} : { store }),
        });
      } finally {
        await store?.close();
      }
      progress.stop();
      writeOutputFile('--out', out, formatCalibration(result.file, format), { createDirs: true });
      if (options.json) io.stdout(`${toJson(result, out)}\n`);
      else printCalibration(io, scenario, result, out);
    });
}
