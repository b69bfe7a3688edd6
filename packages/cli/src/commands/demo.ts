import type { Command } from 'commander';
import { SqliteResultsStore, loadScenarioFile, runExperiment, seedRange } from '@masec/runner';
import type { CliIo } from '../io.js';
import { createProgress, storedRunsKept } from '../output/progress.js';
import { EXIT_RUN_FAILED } from '../output/exit.js';
import { chooseWorkers, parseInteger, storePath } from '../options.js';
import { streamFor } from './run.js';
import { printSweep } from './sweep-output.js';

export const DEMO_SCENARIO = 'worm-email';

interface DemoOptions {
  seeds: number;
  store?: string;
  html: string;
  workers?: number;
  force: boolean;
  quiet: boolean;
}

export function registerDemo(program: Command, io: CliIo, setStatus: (status: number) => void): void {
  program
    .command('demo')
    .description('run the built-in 500-agent email worm with and without defenses; print the table, write the HTML report')
    .option('--seeds <n>', 'seeds per defense setting', parseInteger('--seeds', 1, 10_000), 20)
    .option('--html <file>', 'HTML report path', 'masec-report.html')
    .option('--store <file>', 'SQLite results store (default: $MASEC_STORE or .masec/results.sqlite)')
    .option('--workers <n>', 'worker threads (0 = in-process; default: one per core)', parseInteger('--workers', 0, 256))
    .option('--force', 're-run runs the store already has', false)
    .option('-q, --quiet', 'no progress output', false)
    .action(async (options: DemoOptions) => {
      const loaded = loadScenarioFile(DEMO_SCENARIO);
      const { scenario } = loaded;
      const file = storePath(io, options.store);
      const store = SqliteResultsStore.open(file);
      try {
        io.stderr(
          `masec demo: ${scenario.name ?? scenario.id} — ${scenario.agents.count} agents, ${options.seeds} seeds x ${scenario.arms?.length ?? 1} defense settings\n`,
        );
        const progress = createProgress('masec demo', { quiet: options.quiet, stream: streamFor(io), interrupt: { io, kept: storedRunsKept(file, 'this experiment') } });
        const result = await runExperiment({
          scenario,
          source: loaded.source,
          baseDir: loaded.baseDir,
          seeds: seedRange(scenario.seed, options.seeds),
          store,
          workers: chooseWorkers(options.workers, { memoryPerRun: loaded.memory.bytes, note: io.stderr }),
          force: options.force,
          onProgress: (p) => progress.update(p),
        });
        progress.stop();
        await printSweep(io, store, result, { json: false, html: options.html, storeFile: file });
        if (result.failed > 0) setStatus(EXIT_RUN_FAILED);
      } finally {
        await store.close();
      }
    });
}
