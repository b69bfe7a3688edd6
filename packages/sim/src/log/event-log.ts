/**
 * A run's event log as the engines write it: each event goes to the sink the caller gave (the runner's encoder,
 * which digests and compresses it as it arrives) and, unless the run is long, into memory too. Metrics and
 * judges read `events()`: the events in memory, or the sink's replay of what it encoded, one at a time, so
 * that a long run needs memory for its state, not for its log (ADR 0017).
 */
import type { EventLogSink, MasecEvent } from '@masec/spec';

export class EventLog {
  readonly #sink: EventLogSink | undefined;
  readonly #kept: MasecEvent[] | undefined;
  #count = 0;
  #last: MasecEvent | undefined;

  /** @param keep whether to hold the events in memory (always, without a sink). */
  constructor(sink?: EventLogSink, keep = true) {
    this.#sink = sink;
    this.#kept = sink === undefined || keep ? [] : undefined;
  }

  push(...events: MasecEvent[]): number {
    for (const event of events) {
      this.#sink?.write(event);
      this.#kept?.push(event);
      this.#last = event;
      this.#count++;
    }
    return this.#count;
  }

  get length(): number {
    return this.#count;
  }

  /** Whether the events are held in memory (`kept()` returns them all). */
  get keeps(): boolean {
    return this.#kept !== undefined;
  }

  /** The events held in memory (empty when they went to the sink only). */
  kept(): MasecEvent[] {
    return this.#kept ?? [];
  }

  /**
   * Every event so far, in order: from memory, or read back from the sink — an iterable that replays the log
   * afresh each time it is iterated (metrics each read it through), and one object, so caches keyed on it work.
   */
  events(): Iterable<MasecEvent> {
    if (this.#kept !== undefined) return this.#kept;
    const sink = this.#sink as EventLogSink;
    return { [Symbol.iterator]: () => sink.replay()[Symbol.iterator]() };
  }

  /** The last event written (the run's `run-end` once it ended). */
  last(): MasecEvent | undefined {
    return this.#last;
  }
}
