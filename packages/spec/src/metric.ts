import type { MasecEvent } from './events.js';
import type { RegistryEntry } from './registry.js';

/**
 * What a metric reducer reads: the event log and the population it describes. `events` is iterable (not
 * necessarily an array): a long run's log is read back from its encoded form, one event at a time, and may
 * be iterated several times.
 */
export interface EventLogView {
  readonly events: Iterable<MasecEvent>;
  readonly rounds: number;
  readonly agents: number;
  readonly benign: number;
}

export type MetricUnit = 'fraction' | 'count' | 'rounds' | 'rate';

/**
 * A metric is a pure reducer over the event log. `null` means undefined for this run
 * (e.g. time to 50% when the outbreak never reached 50%, or a detector rate with no detector).
 */
export interface MetricDefinition extends RegistryEntry {
  readonly unit: MetricUnit;
  /** Which direction is better for the defender: `lower` for attack success and spread, `higher` for utility. */
  readonly better: 'higher' | 'lower';
  readonly label: string;
  reduce(log: EventLogView): number | null;
  /** Optional per-round series (index = round), for curves. */
  series?(log: EventLogView): number[];
}
