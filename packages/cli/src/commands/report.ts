import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { MasecError } from '@masec/spec';
import { type ResultsStore, SqliteResultsStore, buildReportData, formatSeeds, renderHtmlReport } from '@masec/runner';
import { printSummary } from './sweep-output.js';
import { printTranscript } from './transcript-output.js';
import type { CliIo } from '../io.js';
import { CliExit, EXIT_RUN_FAILED, EXIT_USAGE } from '../output/exit.js';
import { PLUGIN_FLAGS, collect, commandPlugins, storePath } from '../options.js';
import { checkOutputFile, writeOutputFile } from '../output/files.js';

interface ReportOptions {
  run?: string;
  last?: boolean;
  html?: string;
  store?: string;
  json: boolean;
  list: boolean;
  allSeeds?: boolean;
  plugin?: string[];
  transcript?: string;
}

export function registerReport(program: Command, io: CliIo, setStatus: (status: number) => void): void {
  program
    .command('report')
    .description('summarise a stored experiment (table, JSON or self-contained HTML with charts)')
    .option('--run <id>', 'experiment id (as printed by `masec run`), or a run id inside it')
    .option('--last', 'the most recent experiment (what is shown when --run is not given)')
    .option('--html <file>', 'write the HTML report to this file')
    .option('--json', 'print the report data as JSON', false)
    .option('--list', 'list the experiments in the store', false)
    .option('--all-seeds', 'summarise each arm over all its done runs, even when the arms then rest on different seeds (default: only the seeds done in every arm)')
    .option('--store <file>', 'SQLite results store (default: $MASEC_STORE or .masec/results.sqlite)')
    .option('--transcript <agent>', 'with --run <run id>: the model calls this agent made in that run (`all`: every agent\u2019s)')
    .option(PLUGIN_FLAGS, 'load a plugin module whose metrics the experiment reports (repeatable; a path relative to the working directory, or a package name)', collect)
    .action(async (options: ReportOptions) => {
      if (options.run !== undefined && options.last === true) throw new CliExit(EXIT_USAGE, 'use either --run or --last, not both');
      const file = storePath(io, options.store);
      if (!existsSync(file)) throw new MasecError('NOT_FOUND', `no results store at ${file}; run \`masec run\` or \`masec demo\` first`);
      const store = SqliteResultsStore.openReadOnly(file);
      try {
        if (options.list) {
          for (const e of await store.listExperiments()) {
            io.stdout(`${e.id}  ${e.createdAt}  ${e.scenarioId}  arms: ${e.arms.join(', ')}  seeds: ${e.seeds.length}\n`);
          }
          return;
        }
        const id = options.run === undefined ? await latestExperimentId(store, file) : await experimentOfRun(store, file, options.run);
        if (options.transcript !== undefined) {
          if (options.run === undefined || options.run === id) throw new CliExit(EXIT_USAGE, '--transcript needs --run <run id> (<experiment>/<arm>/<seed>), e.g. from `masec report --json`');
          const entries = await store.transcript(options.run);
          if (options.transcript !== 'all' && !entries.some((e) => e.agent === options.transcript)) {
            const agents = [...new Set(entries.map((e) => e.agent ?? '(none)'))];
            throw new MasecError('NOT_FOUND', `run ${options.run} has no model calls by agent '${options.transcript}'${agents.length === 0 ? ' (it made no model calls)' : `; agents with calls: ${agents.join(', ')}`}`);
          }
          printTranscript(io, options.run, options.transcript, entries, await store.eventLog(options.run));
          return;
        }
        const { registries } = await commandPlugins(io, options.plugin);
        // The HTML shows the model calls of the run named by --run, else of the first run that made any.
        const transcriptRun = options.html === undefined ? undefined : options.run !== undefined && options.run !== id ? options.run : 'first';
        const data = await buildReportData(store, id, { allSeeds: options.allSeeds === true, metricRegistry: registries.metrics, ...(transcriptRun === undefined ? {} : { transcriptRun }) });
        // The report is printed either way; the status tells a script that it does not hold every planned run.
        if (!data.coverage.complete) setStatus(EXIT_RUN_FAILED);
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

async function latestExperimentId(store: ResultsStore, file: string): Promise<string> {
  const id = (await store.latestExperiment())?.id;
  if (id === undefined) throw new MasecError('NOT_FOUND', `the store ${file} holds no experiments yet`);
  return id;
}

/** The experiment `ref` names: an experiment id, or the id of a run the store holds (`<experiment>/<arm>/<seed>`). */
async function experimentOfRun(store: ResultsStore, file: string, ref: string): Promise<string> {
  const experimentId = ref.split('/')[0] ?? ref;
  if ((await store.getExperiment(experimentId)) === undefined) {
    throw new MasecError('NOT_FOUND', `no experiment '${ref}' in ${file} (see \`masec report --list\`)`);
  }
  if (ref === experimentId) return experimentId;
  const run = await store.getRun(ref);
  if (run === undefined || run.experimentId !== experimentId) {
    const runs = await store.listRuns(experimentId);
    const holds =
      runs.length === 0
        ? `experiment ${experimentId} has no runs stored`
        : `experiment ${experimentId} has arms ${[...new Set(runs.map((r) => r.arm))].join(', ')} and seeds ${formatSeeds(runs.map((r) => r.seed))}`;
    throw new MasecError('NOT_FOUND', `no run '${ref}' in ${file} (${holds})`);
  }
  return experimentId;
}
