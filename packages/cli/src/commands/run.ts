import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { SqliteResultsStore, estimateExperiment, loadScenario, runExperiment, seedRange, selectArms } from '@masec/runner';
import { resolveEngine } from '@masec/spec';
import { relaunchForHugePages } from '../hugepages.js';
import type { CliIo } from '../io.js';
import { CliExit, EXIT_RUN_FAILED, EXIT_USAGE } from '../output/exit.js';
import { checkOutputFile } from '../output/files.js';
import { createProgress, storedRunsKept } from '../output/progress.js';
import { PLUGIN_FLAGS, PLUGIN_HELP, chooseWorkers, collect, parseInteger, storePath } from '../options.js';
import { printSweep } from './sweep-output.js';
import { type ModelFlags, addModelFlags, modelOptions } from './model-options.js';
import { printDryRun } from './dry-run-output.js';

interface RunOptions extends ModelFlags {
  dryRun: boolean;
  seeds?: number;
  seed?: number;
  set?: string[];
  store?: string;
  json: boolean;
  workers?: number;
  arm?: string[];
  force: boolean;
  html?: string;
  quiet: boolean;
  plugin?: string[];
}

export function registerRun(program: Command, io: CliIo, setStatus: (status: number) => void): void {
  const command = program
    .command('run')
    .description('run a scenario over seeds (every arm), store the results and print a summary')
    .argument('<scenario>', 'scenario file, or the name of a built-in scenario (see `masec list scenarios`)')
    .option('--seeds <n>', 'number of seeds per arm, starting at the scenario\u2019s `seed` (default: the scenario\u2019s `seeds`)', parseInteger('--seeds', 1, 100_000))
    .option('--seed <s>', 'run exactly this one seed', parseInteger('--seed', 0, 2 ** 31 - 1))
    .option('--set <path=value>', 'override a scenario field before validation (repeatable), e.g. agents.count=200', collect)
    .option('--arm <name>', 'only this arm (repeatable; default: all arms)', collect)
    .option(PLUGIN_FLAGS, PLUGIN_HELP, collect)
    .option('--store <file>', 'SQLite results store (default: $MASEC_STORE or .masec/results.sqlite)')
    .option('--workers <n>', 'worker threads (0 = in-process; default: one per core)', parseInteger('--workers', 0, 256))
    .option('--force', 're-run runs the store already has', false)
    .option('--html <file>', 'also write the HTML report to this file')
    .option('--json', 'print one JSON object (per-run seed, digest, metrics; summary with CIs) instead of the table', false)
    .option('-q, --quiet', 'no progress output', false)
    .option('--dry-run', 'run nothing for real: estimate the model calls, tokens and cost of the runs not stored yet (no request is made, nothing is stored)', false);
  addModelFlags(command)
    .addHelpText(
      'after',
      '\nExamples:\n  masec run worm-email --seeds 5\n  masec run scenarios/worm-email.yaml --seed 7 --set agents.count=200 --json\n  masec run my.yaml --arm none --arm detector-quarantine --html report.html\n  masec run my-llm.yaml --dry-run            # calls, tokens and cost before spending anything\n  masec run my-llm.yaml --cache replay       # from stored answers only: no request',
    )
    .action(async (scenarioRef: string, options: RunOptions) => {
      if (options.seed !== undefined && options.seeds !== undefined) throw new CliExit(EXIT_USAGE, 'use either --seed or --seeds, not both');
      const loaded = await loadScenario(scenarioRef, options.set ?? [], { cwd: io.cwd, env: io.env, extra: options.plugin ?? [] });
      const { scenario } = loaded;
      selectArms(scenario, options.arm); // unknown arms are a usage error before anything is opened or stored
      if (resolveEngine(scenario) === 'population') {
        const relaunched = relaunchForHugePages(io, scenario.agents.count);
        if (relaunched !== null) {
          setStatus(relaunched);
          return;
        }
      }
      const models = modelOptions(io, options, scenario);
      const seeds = options.seed !== undefined ? [options.seed] : seedRange(scenario.seed, options.seeds ?? scenario.seeds);
      const file = storePath(io, options.store);
      const workers = chooseWorkers(options.workers, { memoryPerRun: loaded.memory.bytes, note: io.stderr });
      if (options.dryRun) {
        // Reads the store (cached answers, runs done) without writing to it.
        const reader = existsSync(file) ? SqliteResultsStore.openReadOnly(file) : undefined;
        try {
          const estimate = await estimateExperiment({ scenario, baseDir: loaded.baseDir, seeds, arms: options.arm ?? [], workers, force: options.force, plugins: loaded.plugins.urls, models, ...(reader === undefined ? {} : { store: reader }) });
          printDryRun(io, scenario, estimate, models.budget ?? {}, options.json);
        } finally {
          await reader?.close();
        }
        return;
      }
      if (options.html !== undefined) checkOutputFile(io, '--html', options.html);
      const store = SqliteResultsStore.open(file);
      try {
        const progress = createProgress(`masec run ${scenario.id}`, {
          quiet: options.quiet || (options.json && !io.stderrIsTty),
          stream: streamFor(io),
          interrupt: { io, kept: storedRunsKept(file, 'this experiment') },
        });
        const result = await runExperiment({
          scenario,
          source: loaded.source,
          baseDir: loaded.baseDir,
          seeds,
          arms: options.arm ?? [],
          store,
          workers,
          force: options.force,
          plugins: loaded.plugins.urls,
          models,
          onProgress: (p) => progress.update(p),
        });
        progress.stop();
        await printSweep(io, store, result, { json: options.json, html: options.html, storeFile: file, metrics: loaded.plugins.registries.metrics });
        if (result.failed > 0) setStatus(EXIT_RUN_FAILED);
      } finally {
        await store.close();
      }
    });
}

/** A minimal stream for the progress reporter that writes through the injected io. */
export function streamFor(io: CliIo): NodeJS.WriteStream {
  if (io.stderrIsTty) return process.stderr;
  return { isTTY: false, write: (text: string) => (io.stderr(text), true) } as unknown as NodeJS.WriteStream;
}
