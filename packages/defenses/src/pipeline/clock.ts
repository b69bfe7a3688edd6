/** A monotonic clock in milliseconds, for measuring what guards cost. Never feeds simulated state. */
export type Clock = () => number;

declare const performance: { now(): number } | undefined;

export const monotonicClock: Clock =
  typeof performance !== 'undefined' && typeof performance.now === 'function' ? () => performance.now() : () => 0;
