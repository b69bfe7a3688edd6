/** Everything the report renderers need, computed from the store by `buildReportData`. */
import type { MetricUnit } from '@masec/spec';
import type { TranscriptEntry } from '@masec/models';
import type { JudgeRunView } from './model-judge.js';

import type { Summary } from '../stats/summary.js';

export type { Summary };

export interface SeriesSummary {
  mean: number[];
  lo: number[];
  hi: number[];
}

export interface ReportMetric {
  id: string;
  label: string;
  unit: MetricUnit;
  /** Direction that favours the *defender* is not implied; `better` is from the metric definition. */
  better: 'higher' | 'lower';
}

/** What an arm's runs asked of their models, as means per run (latency per request). */
export interface ArmModelCosts {
  calls: number;
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
  /** USD spent by the executions that stored the runs. */
  costUsd: number;
  /** USD of every answer at the models' prices (the run's cost without a cache). */
  listCostUsd: number;
  /** Mean wall milliseconds per request made (null when every answer came from the cache). */
  latencyMs: number | null;
}

/** One run's model calls for the report's transcript view, with the compromises its log records. */
export interface TranscriptView {
  runId: string;
  entries: TranscriptEntry[];
  compromises: { agent: string; round: number; via?: string }[];
}

/** Which seeds of an arm the store holds, and which the summaries use. Each list ascending. */
export interface ArmSeeds {
  /** Seeds with a run stored as `done`. */
  done: number[];
  /** Seeds whose stored run failed (`error`). */
  failed: number[];
  /** Planned seeds with no stored run (not run yet, or the run was interrupted). */
  missing: number[];
  /** Seeds whose runs the summaries, series and costs of this arm are computed over. */
  compared: number[];
}

/**
 * What the report holds against what the experiment planned. Arms are compared over `sharedSeeds` (the
 * seeds done in every arm), unless the report was built with `allSeeds` (`basis: 'all'`), when each arm is
 * summarised over all its done runs and arms may be compared over different seeds.
 */
export interface ReportCoverage {
  /** Every planned run is stored as done. */
  complete: boolean;
  basis: 'shared' | 'all';
  planned: { arms: number; seeds: number[]; runs: number };
  runs: { done: number; failed: number; missing: number };
  /** Seeds with a done run in every arm. */
  sharedSeeds: number[];
}

export interface ArmReport {
  name: string;
  defenses: string[];
  /** Runs stored for this arm (done and failed). */
  runs: number;
  seeds: ArmSeeds;
  errors: string[];
  summary: Record<string, Summary>;
  /** Series keyed by metric id, e.g. `infected-fraction`. */
  series: Record<string, SeriesSummary>;
  costs: {
    /** Mean µs per envelope spent in each guard. */
    guardMicros: Record<string, number>;
    envelopesPerSecond: number;
    charsAdded: number;
    /** Model calls, per run (means over the compared runs that called models); absent without models. */
    models?: ArmModelCosts;
  };
  /** Distinct digests of this arm's runs, in seed order. */
  digests: string[];
}

export interface ReportData {
  title: string;
  generatedAt: string;
  experiment: {
    id: string;
    scenarioId: string;
    scenarioName: string;
    description: string;
    agents: number;
    rounds: number;
    topology: string;
    seeds: number[];
    createdAt: string;
  };
  coverage: ReportCoverage;
  metrics: ReportMetric[];
  arms: ArmReport[];
  /** Metric id used for the y axis of the security-vs-utility chart (attack success/spread). */
  securityMetric: string;
  /** Metric id used for the x axis (benign utility). */
  utilityMetric: string;
  /** Series metric id drawn as curves with confidence bands. */
  curveMetric: string;
  manifest: { versions: Record<string, string>; node: string; gitSha: string | null; scenarioHash: string };
  /** The model calls of one run (`ReportDataOptions.transcriptRun`), for the HTML transcript view. */
  transcript?: TranscriptView;
  /** Per run, the model judge against the rule judges (scenarios with a `judge` block; ADR 0094). */
  modelJudge?: JudgeRunView[];
}
