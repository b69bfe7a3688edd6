/**
 * The end of every run, on every engine: the scenario's metrics reduced from the log, and each threat's
 * judge reading the same log. Both engines end here, so a run is measured and judged by the same rules
 * whichever engine produced its log.
 */
import type { EventLogView, JudgeResult, Scenario } from '@masec/spec';
import type { EventLog } from '../log/event-log.js';
import { computeMetrics } from '../metrics/compute.js';
import type { PluginRegistries } from '@masec/spec';
import { defaultMetrics } from './metric-defaults.js';

export interface Judge {
  id: string;
  judge(log: EventLogView): JudgeResult;
}

export function finishRun(
  scenario: Scenario,
  registries: PluginRegistries,
  log: EventLog,
  judges: readonly Judge[],
): { metrics: Record<string, number | null>; series: Record<string, number[]>; judges: Record<string, JudgeResult> } {
  const events = log.events();
  const start = first(events);
  // A run that failed during setup has no run-start: nothing to measure or judge.
  if (start?.type !== 'run-start') return { metrics: {}, series: {}, judges: {} };
  const view: EventLogView = { events, rounds: scenario.rounds, agents: start.agents, benign: start.benign };
  const metricIds = scenario.metrics ?? defaultMetrics(scenario, registries);
  const { metrics, series } = computeMetrics(view, metricIds, registries.metrics);
  const verdicts: Record<string, JudgeResult> = {};
  for (const j of judges) verdicts[j.id] = j.judge(view);
  return { metrics, series, judges: verdicts };
}

function first<T>(items: Iterable<T>): T | undefined {
  for (const item of items) return item;
  return undefined;
}
