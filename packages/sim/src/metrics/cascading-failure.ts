/**
 * Metrics of the `cascading-failure` threat, read from the `health` and `failed` agent-state events that
 * `service` agents report (a `health` event holds from its round until the next one; an agent that never
 * reported one is `up`). Only benign agents count: an agent a threat corrupted is not part of the system
 * whose failure is measured.
 */
import type { EventLogView, MetricDefinition } from '@masec/spec';

export interface HealthTimeline {
  /** Benign agents `down` at the end of each round. */
  down: number[];
  /** Benign agents `down` or `degraded` at the end of each round. */
  impaired: number[];
  /** Sum of the `failed` counts benign agents reported. */
  failed: number;
}

const cache = new WeakMap<object, HealthTimeline>();

export function healthTimeline(log: EventLogView): HealthTimeline {
  const hit = cache.get(log.events);
  if (hit !== undefined) return hit;
  const adversaries = new Set<string>();
  const current = new Map<string, string>();
  const timeline: HealthTimeline = { down: [], impaired: [], failed: 0 };
  let down = 0;
  let impaired = 0;
  const flushUntil = (round: number): void => {
    while (timeline.down.length < Math.min(round, log.rounds)) {
      timeline.down.push(down);
      timeline.impaired.push(impaired);
    }
  };
  for (const e of log.events) {
    if (e.type === 'run-start') for (const a of e.adversaries ?? []) adversaries.add(a);
    if (e.type !== 'agent-state' || adversaries.has(e.agent)) continue;
    if (e.key === 'failed' && typeof e.value === 'number') timeline.failed += e.value;
    if (e.key !== 'health') continue;
    flushUntil(e.round);
    const before = current.get(e.agent) ?? 'up';
    const after = String(e.value);
    current.set(e.agent, after);
    down += (after === 'down' ? 1 : 0) - (before === 'down' ? 1 : 0);
    impaired += (after !== 'up' ? 1 : 0) - (before !== 'up' ? 1 : 0);
  }
  flushUntil(log.rounds);
  cache.set(log.events, timeline);
  return timeline;
}

const fractionOf = (log: EventLogView, counts: readonly number[]): number[] => counts.map((c) => (log.benign === 0 ? 0 : c / log.benign));

export const peakDown: MetricDefinition = {
  id: 'peak-down',
  specVersion: 'v1',
  label: 'peak down',
  description: 'Largest fraction of benign agents down (crashed by sustained overload) at once (series: at the end of each round)',
  unit: 'fraction',
  better: 'lower',
  reduce: (log) => Math.max(0, ...fractionOf(log, healthTimeline(log).down)),
  series: (log) => fractionOf(log, healthTimeline(log).down),
};

export const peakImpaired: MetricDefinition = {
  id: 'peak-impaired',
  specVersion: 'v1',
  label: 'peak impaired',
  description: 'Largest fraction of benign agents down or degraded (running but failing calls) at once (series: at the end of each round)',
  unit: 'fraction',
  better: 'lower',
  reduce: (log) => Math.max(0, ...fractionOf(log, healthTimeline(log).impaired)),
  series: (log) => fractionOf(log, healthTimeline(log).impaired),
};

export const agentRoundsDown: MetricDefinition = {
  id: 'agent-rounds-down',
  specVersion: 'v1',
  label: 'agent-rounds down',
  description: 'Sum over rounds of the benign agents down in that round: the size of the failure in time and extent',
  unit: 'count',
  better: 'lower',
  reduce: (log) => healthTimeline(log).down.reduce((a, b) => a + b, 0),
};

export const downAtEnd: MetricDefinition = {
  id: 'down-at-end',
  specVersion: 'v1',
  label: 'down at end',
  description: 'Fraction of benign agents still down in the last round (a failure that outlives its cause)',
  unit: 'fraction',
  better: 'lower',
  reduce: (log) => {
    const { down } = healthTimeline(log);
    return down.length === 0 || log.benign === 0 ? 0 : (down[down.length - 1] as number) / log.benign;
  },
};

export const recoveryTime: MetricDefinition = {
  id: 'recovery-time',
  specVersion: 'v1',
  label: 'time to recover',
  description:
    'Rounds from the peak of the failure (the first round with the most agents down or degraded) until every benign agent is up again; undefined when nothing failed or the system had not recovered by the end',
  unit: 'rounds',
  better: 'lower',
  reduce: (log) => {
    const { impaired } = healthTimeline(log);
    const peak = Math.max(0, ...impaired);
    if (peak === 0) return null;
    const at = impaired.indexOf(peak);
    const back = impaired.findIndex((c, r) => r > at && c === 0);
    return back < 0 ? null : back - at;
  },
};

export const requestsFailed: MetricDefinition = {
  id: 'requests-failed',
  specVersion: 'v1',
  label: 'requests failed',
  description: 'Calls that benign services answered with an error (overloaded, down, or a dependency out), retries included',
  unit: 'count',
  better: 'lower',
  reduce: (log) => healthTimeline(log).failed,
};

export const CASCADING_FAILURE_METRICS: readonly MetricDefinition[] = [peakDown, peakImpaired, agentRoundsDown, downAtEnd, recoveryTime, requestsFailed];
