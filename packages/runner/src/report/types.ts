/** Everything the report renderers need, computed from the store by `buildReportData`. */
import type { MetricUnit } from '@masec/spec';

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

export interface ArmReport {
  name: string;
  defenses: string[];
  runs: number;
  errors: string[];
  summary: Record<string, Summary>;
  /** Series keyed by metric id, e.g. `infected-fraction`. */
  series: Record<string, SeriesSummary>;
  costs: {
    /** Mean µs per envelope spent in each guard. */
    guardMicros: Record<string, number>;
    envelopesPerSecond: number;
    charsAdded: number;
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
  metrics: ReportMetric[];
  arms: ArmReport[];
  /** Metric id used for the y axis of the security-vs-utility chart (attack success/spread). */
  securityMetric: string;
  /** Metric id used for the x axis (benign utility). */
  utilityMetric: string;
  /** Series metric id drawn as curves with confidence bands. */
  curveMetric: string;
  manifest: { versions: Record<string, string>; node: string; gitSha: string | null; scenarioHash: string };
}
