/** Assemble `ReportData` for one experiment from the store: summaries over seeds, per arm. */
import type { PluginRegistries, Topology } from '@masec/spec';
import { armsOf, createRegistries } from '@masec/sim';
import { clampSummary, summarize, summarizeSeries, unitDomain } from '../stats/summary.js';
import type { ResultsStore, RunRecord } from '../store/types.js';
import { type CoverageOptions, experimentCoverage } from './coverage.js';
import { judgeViews } from './model-judge.js';
import type { ArmModelCosts, ArmReport, ReportData, ReportMetric, TranscriptView } from './types.js';

const SECURITY_PREFERENCE = ['asr-target', 'infected-fraction', 'records-exfiltrated'];
// Population runs have no tasks: their utility cost is the agents containment isolated.
const UTILITY_PREFERENCE = ['benign-task-completion', 'rag-answer-rate', 'quarantined-agents', 'benign-purged'];

export interface ReportDataOptions extends CoverageOptions {
  /** When the report was made (default: now). */
  generatedAt?: string;
  /** Where the experiment's metric ids are defined (default: the built-ins; add a plugin's to report its metrics). */
  metricRegistry?: PluginRegistries['metrics'];
  /**
   * The run whose model calls the report shows (a run id); `first`: the first stored run that made any
   * (in arm and seed order). Default: none.
   */
  transcriptRun?: string | 'first';
}

/**
 * The report of one stored experiment. Each arm is summarised over the seeds every arm has done (see
 * `experimentCoverage`), or over all its done runs with `allSeeds`; `coverage` says which.
 */
export async function buildReportData(store: ResultsStore, experimentId: string, options: ReportDataOptions = {}): Promise<ReportData> {
  const generatedAt = options.generatedAt ?? new Date().toISOString();
  const experiment = await store.getExperiment(experimentId);
  if (experiment === undefined) throw new Error(`no experiment '${experimentId}' in the store`);
  const runs = await store.listRuns(experiment.id);
  const { coverage, arms: armSeeds } = experimentCoverage(experiment, runs, options);
  const registry = options.metricRegistry ?? createRegistries().metrics;
  const metrics: ReportMetric[] = experiment.metrics
    .filter((id) => registry.has(id))
    .map((id) => {
      const m = registry.get(id);
      return { id, label: m.label, unit: m.unit, better: m.better };
    });
  const seriesIds = experiment.metrics.filter((id) => registry.has(id) && registry.get(id).series !== undefined);
  const arms = armsOf(experiment.scenario);

  const armReports: ArmReport[] = [];
  for (const name of experiment.arms) {
    const armRuns = runs.filter((r) => r.arm === name);
    const seeds = armSeeds.get(name) ?? { done: [], failed: [], missing: [], compared: [] };
    const compared = new Set(seeds.compared);
    const ok = armRuns.filter((r) => r.status === 'done' && compared.has(r.seed));
    const summary: ArmReport['summary'] = {};
    for (const metric of metrics) summary[metric.id] = clampSummary(summarize(ok.map((r) => r.metrics[metric.id] ?? null)), unitDomain(metric.unit));
    const series: ArmReport['series'] = {};
    if (seriesIds.length > 0) {
      const perRun = await Promise.all(ok.map((r) => store.roundSeries(r.id)));
      for (const id of seriesIds) {
        const [min, max] = unitDomain(registry.get(id).unit);
        const raw = summarizeSeries(perRun.map((s) => s[id] ?? []));
        const clip = (values: number[]) => values.map((v) => Math.min(max, Math.max(min, v)));
        series[id] = { mean: raw.mean, lo: clip(raw.lo), hi: clip(raw.hi) };
      }
    }
    const guardMicros: Record<string, number> = {};
    const guardIds = new Set(ok.flatMap((r) => Object.keys(r.costs.guardMicros)));
    for (const id of guardIds) {
      const values = ok.map((r) => r.costs.guardMicros[id]).filter((v): v is number => v !== undefined);
      guardMicros[id] = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    }
    const totalEnvelopes = ok.reduce((a, r) => a + r.costs.envelopes, 0);
    const totalMs = ok.reduce((a, r) => a + r.costs.durationMs, 0);
    armReports.push({
      name,
      defenses: (arms.find((a) => a.name === name)?.defenses ?? []).map((d) => d.id),
      runs: armRuns.length,
      seeds,
      errors: armRuns.filter((r) => r.status === 'error').map(describeFailure),
      summary,
      series,
      costs: {
        guardMicros,
        envelopesPerSecond: totalMs > 0 ? (totalEnvelopes * 1000) / totalMs : 0,
        charsAdded: ok.length === 0 ? 0 : ok.reduce((a, r) => a + r.costs.charsAdded, 0) / ok.length,
        ...modelCosts(ok),
      },
      digests: ok.map((r) => r.digest ?? ''),
    });
  }

  const pick = (preference: string[], fallback: string): string => preference.find((id) => metrics.some((m) => m.id === id)) ?? fallback;
  const first = runs[0];
  const scenario = experiment.scenario;
  const transcript = options.transcriptRun === undefined ? undefined : await transcriptView(store, runs, options.transcriptRun);
  const judged = judgeViews(runs.filter((r) => armSeeds.get(r.arm)?.compared.includes(r.seed) === true));
  return {
    title: `${experiment.scenarioName} — ${experiment.id}`,
    generatedAt,
    experiment: {
      id: experiment.id,
      scenarioId: experiment.scenarioId,
      scenarioName: experiment.scenarioName,
      description: scenario.description ?? '',
      agents: scenario.agents.count,
      rounds: scenario.rounds,
      topology: describeTopology(scenario.topology),
      seeds: experiment.seeds,
      createdAt: experiment.createdAt,
    },
    coverage,
    metrics,
    arms: armReports,
    securityMetric: pick(SECURITY_PREFERENCE, metrics[0]?.id ?? ''),
    utilityMetric: pick(UTILITY_PREFERENCE, metrics[metrics.length - 1]?.id ?? ''),
    curveMetric: seriesIds[0] ?? '',
    manifest: {
      versions: first?.manifest.versions ?? {},
      node: first?.manifest.node ?? process.version,
      gitSha: first?.manifest.gitSha ?? null,
      scenarioHash: experiment.scenarioHash,
    },
    ...(transcript === undefined ? {} : { transcript }),
    ...(judged.length === 0 ? {} : { modelJudge: judged }),
  };
}

/** Means per run of the model costs of `runs` (those that called models); nothing when none did. */
function modelCosts(runs: readonly RunRecord[]): { models?: ArmModelCosts } {
  const costs = runs.map((r) => r.costs.models).filter((c) => c !== undefined);
  if (costs.length === 0) return {};
  const mean = (f: (c: (typeof costs)[number]) => number): number => costs.reduce((s, c) => s + f(c), 0) / costs.length;
  const requests = costs.reduce((s, c) => s + c.requests, 0);
  return {
    models: {
      calls: mean((c) => c.calls),
      cacheHits: mean((c) => c.cacheHits),
      inputTokens: mean((c) => c.inputTokens),
      outputTokens: mean((c) => c.outputTokens),
      costUsd: mean((c) => c.costUsd),
      listCostUsd: mean((c) => c.listCostUsd),
      latencyMs: requests === 0 ? null : costs.reduce((s, c) => s + c.requestMs, 0) / requests,
    },
  };
}

/** The transcript view of one run: its model calls and the compromises its log records. */
async function transcriptView(store: ResultsStore, runs: readonly RunRecord[], which: string): Promise<TranscriptView | undefined> {
  const candidates = which === 'first' ? runs.filter((r) => (r.costs.models?.calls ?? 0) > 0) : runs.filter((r) => r.id === which);
  const run = candidates[0];
  if (run === undefined) return undefined;
  const entries = await store.transcript(run.id);
  if (entries.length === 0) return undefined;
  const compromises: TranscriptView['compromises'] = [];
  for (const event of await store.eventLog(run.id)) {
    if (event.type === 'agent-compromise') compromises.push({ agent: event.agent, round: event.round, ...(event.via === undefined ? {} : { via: event.via }) });
  }
  return { runId: run.id, entries, compromises };
}

export function describeTopology(topology: Topology): string {
  const { kind, ...params } = topology;
  const detail = Object.entries(params)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
  return detail === '' ? kind : `${kind} (${detail})`;
}

/** `seed 3 (RUN_FAILED in round 12): TypeError: ...`: which run, the failure's code and round when known, and why. */
export function describeFailure(run: Pick<RunRecord, 'seed' | 'error'> & Partial<Pick<RunRecord, 'errorCode' | 'errorRound'>>): string {
  const code = run.errorCode ?? undefined;
  const round = run.errorRound ?? undefined;
  const detail = code === undefined ? '' : ` (${code}${round === undefined ? '' : ` in round ${round}`})`;
  return `seed ${run.seed}${detail}: ${run.error ?? 'unknown error'}`;
}
