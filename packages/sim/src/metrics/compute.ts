import type { EventLogView, MetricDefinition, Registry } from '@masec/spec';

/** Reduce a log with the given metrics: scalar values, and series for metrics that define one. */
export function computeMetrics(
  log: EventLogView,
  ids: readonly string[],
  registry: Registry<MetricDefinition>,
): { metrics: Record<string, number | null>; series: Record<string, number[]> } {
  const metrics: Record<string, number | null> = {};
  const series: Record<string, number[]> = {};
  for (const id of ids) {
    const metric = registry.get(id);
    metrics[id] = metric.reduce(log);
    if (metric.series !== undefined) series[id] = metric.series(log);
  }
  return { metrics, series };
}
