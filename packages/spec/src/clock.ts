/**
 * One time model for the engines and the gateway: an explicit clock. In the engines time is the simulated
 * round (`unit: 'round'`), advanced by the engine between rounds; in the gateway it is wall time in
 * milliseconds (`unit: 'ms'`). Envelope times, guard windows and cool-downs are all in the clock's unit, so
 * a guard's configuration reads "5" as five rounds in the lab and as five milliseconds behind the shield.
 */

export const CLOCK_UNITS = ['round', 'ms'] as const;
export type ClockUnit = (typeof CLOCK_UNITS)[number];

export interface Clock {
  readonly unit: ClockUnit;
  /** The current time in `unit`s. Never decreases. */
  now(): number;
}

/** A simulated clock the engine sets: it reads the round the engine is in. */
export class RoundClock implements Clock {
  readonly unit = 'round' as const;
  #round = 0;

  now(): number {
    return this.#round;
  }

  /** Moves the clock to `round`; time never runs backwards. */
  set(round: number): void {
    if (!(round >= this.#round)) throw new RangeError(`round clock cannot go back from ${this.#round} to ${round}`);
    this.#round = round;
  }
}

/** A clock over a source of milliseconds (the gateway passes `Date.now`; tests pass a fake). */
export function millisecondClock(source: () => number): Clock {
  let last = -Infinity;
  return {
    unit: 'ms',
    now() {
      // A wall clock can step back (NTP); windows must not, so the reading never decreases.
      last = Math.max(last, source());
      return last;
    },
  };
}
