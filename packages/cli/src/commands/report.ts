import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { MasecError } from '@masec/spec';
import { SqliteResultsStore, buildReportData, renderHtmlReport } from '@masec/runner';
import { printSummary } from './sweep-output.js';
import type { CliIo } from '../io.js';
import { CliExit, EXIT_USAGE } from '../output/exit.js';
import { PLUGIN_FLAGS, collect, commandPlugins, storePath } from '../options.js';
import { checkOutputFile, writeOutputFile } from '../output/files.js';

interface ReportOptions {
  run?: string;
  last?: boolean;
  html?: string;
  store?: string;
  json: boolean;
  list: boolean;
  plugin?: string[];
}

export function registerReport(program: Command, io: CliIo): void {
  program
    .command('report')
    .description('summarise a stored experiment (table, JSON or self-contained HTML with charts)')
    .option('--run <id>', 'experiment id (as printed by `masec run`), or a run id inside it')
    .option('--last', 'the most recent experiment (what is shown when --run is not given)')
    .option('--html <file>', 'write the HTML report to this file')
    .option('--json', 'print the report data as JSON', false)
    .option('--list', 'list the experiments in the store', false)
    .option('--store <file>', 'SQLite results store (default: $MASEC_STORE or .masec/results.sqlite)')
    .option(PLUGIN_FLAGS, 'load a plugin module whose metrics the experiment reports (repeatable; a path relative to the working directory, or a package name)', collect)
    .action(async (options: ReportOptions) => {
      if (options.run !== undefined && options.last === true) throw new CliExit(EXIT_USAGE, 'use either --run or --last, not both');
      const file = storePath(io, options.store);
      if (!existsSync(file)) throw new MasecError('NOT_FOUND', `no results store at ${file}; run \`masec run\` or \`masec demo\` first`);
      const store = SqliteResultsStore.open(file);
      try {
        if (options.list) {
          for (const e of await store.listExperiments()) {
            io.stdout(`${e.id}  ${e.createdAt}  ${e.scenarioId}  arms: ${e.arms.join(', ')}  seeds: ${e.seeds.length}\n`);
          }
          return;
        }
        let id: string | undefined;
        if (options.run !== undefined) {
          const experimentId = options.run.split('/')[0] ?? options.run;
          if ((await store.getExperiment(experimentId)) === undefined) {
            throw new MasecError('NOT_FOUND', `no experiment '${options.run}' in ${file} (see \`masec report --list\`)`);
          }
          id = experimentId;
        } else {
          id = (await store.latestExperiment())?.id;
          if (id === undefined) throw new MasecError('NOT_FOUND', `the store ${file} holds no experiments yet`);
        }
        const { registries } = await commandPlugins(io, options.plugin);
        const data = await buildReportData(store, id, undefined, registries.metrics);
        if (options.html !== undefined) {
          const path = checkOutputFile(io, '--html', options.html);
          writeOutputFile('--html', path, renderHtmlReport(data));
          io.stderr(`report: ${path}\n`);
        }
        if (options.json) io.stdout(`${JSON.stringify(data, null, 2)}\n`);
        else if (options.html === undefined) {
          io.stdout(`experiment ${data.experiment.id} (${data.experiment.createdAt})\n`);
          printSummary(io, data);
        }
      } finally {
        await store.close();
      }
    });
}
