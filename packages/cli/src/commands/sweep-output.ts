/** What `run` and `demo` print after a sweep: the table (or JSON) and where things were stored. */
import { type ExperimentResult, type ReportData, type ResultsStore, buildReportData, describeCoverage, describeFindings, renderHtmlReport, renderTextTable } from '@masec/runner';
import type { PluginRegistries } from '@masec/spec';
import type { CliIo } from '../io.js';
import { checkOutputFile, writeOutputFile } from '../output/files.js';

export interface SweepOutputOptions {
  json: boolean;
  html: string | undefined;
  storeFile: string;
  /** Where the experiment's metrics are defined (default: the built-ins). */
  metrics?: PluginRegistries['metrics'];
}

/** The table and findings of a report, as `run`, `demo` and `report` print them. */
export function printSummary(io: CliIo, data: ReportData): void {
  const { agents, rounds, seeds } = data.experiment;
  const planned = data.coverage.complete ? '' : ' planned';
  io.stdout(`\n${data.experiment.scenarioName}: ${agents} agents, ${rounds} rounds, ${seeds.length} seed${seeds.length === 1 ? '' : 's'} per arm${planned}\n\n`);
  const coverage = describeCoverage(data);
  if (coverage.length > 0) io.stdout(`${coverage.map((line) => `! ${line}\n`).join('')}\n`);
  io.stdout(renderTextTable(data));
  const findings = data.arms.length > 1 ? describeFindings(data) : [];
  if (findings.length > 0) {
    io.stdout('\nCompared with the first arm:\n');
    for (const line of findings) io.stdout(`  ${line}\n`);
  }
}

export async function printSweep(io: CliIo, store: ResultsStore, result: ExperimentResult, options: SweepOutputOptions): Promise<void> {
  const data = await buildReportData(store, result.experiment.id, { transcriptRun: 'first', ...(options.metrics === undefined ? {} : { metricRegistry: options.metrics }) });
  let htmlPath: string | undefined;
  if (options.html !== undefined) {
    htmlPath = checkOutputFile(io, '--html', options.html);
    writeOutputFile('--html', htmlPath, renderHtmlReport(data));
  }
  if (options.json) {
    const summary: Record<string, unknown> = {};
    for (const arm of data.arms) summary[arm.name] = arm.summary;
    const out = {
      experiment: result.experiment.id,
      scenario: result.experiment.scenarioId,
      store: options.storeFile,
      executed: result.executed,
      skipped: result.skipped,
      elsewhere: result.elsewhere,
      failed: result.failed,
      runs: result.runs.map((r) => ({
        arm: r.arm,
        seed: r.seed,
        status: r.status,
        digest: r.digest,
        metrics: r.metrics,
        judges: r.judges,
        ...(r.modelJudge === undefined ? {} : { modelJudge: r.modelJudge }),
        ...(r.costs.models === undefined ? {} : { models: r.costs.models }),
        ...(r.error === null ? {} : { error: r.error, errorCode: r.errorCode ?? null, errorRound: r.errorRound ?? null }),
      })),
      coverage: data.coverage,
      summary,
      ...(result.modelSpend === undefined ? {} : { modelSpend: result.modelSpend }),
      ...(htmlPath === undefined ? {} : { html: htmlPath }),
    };
    io.stdout(`${JSON.stringify(out, null, 2)}\n`);
    return;
  }
  printSummary(io, data);
  const seconds = (result.wallMs / 1000).toFixed(1);
  // The population engine sends no envelopes: its throughput is agent-rounds simulated per second.
  const work = result.envelopes > 0 ? result.envelopes : result.executed * data.experiment.agents * data.experiment.rounds;
  const rate = result.wallMs > 0 ? Math.round((work * 1000) / result.wallMs) : 0;
  const unit = result.envelopes > 0 ? 'envelopes/s' : 'agent-rounds/s';
  io.stdout(
    `\n${result.executed} run(s) in ${seconds}s (${rate.toLocaleString('en-US')} ${unit})` +
      `${result.skipped > 0 ? `, ${result.skipped} already in the store` : ''}` +
      `${result.elsewhere > 0 ? `, ${result.elsewhere} done meanwhile by another masec on this store` : ''}` +
      `${result.failed > 0 ? `, ${result.failed} FAILED` : ''}\n`,
  );
  if (result.modelSpend !== undefined) {
    const calls = result.runs.reduce((n, r) => n + (r.costs.models?.calls ?? 0), 0);
    const { requests, tokens, costUsd } = result.modelSpend;
    io.stdout(`model calls: ${requests.toLocaleString('en-US')} request(s) now, ${tokens.toLocaleString('en-US')} tokens, $${costUsd.toFixed(4)} spent; ${calls.toLocaleString('en-US')} call(s) in the stored runs\n`);
  }
  io.stdout(`experiment ${result.experiment.id} stored in ${options.storeFile}\n`);
  if (htmlPath !== undefined) io.stdout(`report: ${htmlPath}\n`);
}
