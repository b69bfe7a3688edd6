/**
 * A monotonic timer in milliseconds, for measuring what guards cost. Never feeds simulated state (that is the
 * run's `Clock`, from @masec/spec).
 */
export type Timer = () => number;

declare const performance: { now(): number } | undefined;

export const monotonicTimer: Timer =
  typeof performance !== 'undefined' && typeof performance.now === 'function' ? () => performance.now() : () => 0;
