/**
 * Config fields shared by the built-in guards: how much state they may keep, and time spans in the clock's
 * unit. The defaults are far above what a lab run uses (at most 10^5 agents and 10^5 rounds), so nothing is
 * ever forgotten in the lab; a gateway sets them to what its memory allows (ADR 0016).
 */
import type { ClockUnit } from '@masec/spec';
import { z } from 'zod';

/** The clock's unit, as the descriptions of time fields say it. */
export const CLOCK_UNIT_NOTE = 'in the clock\u2019s unit: rounds in the lab, milliseconds in the shield';

/** Default bound of per-agent state: ten times the largest lab population. */
export const DEFAULT_MAX_AGENTS = 1_000_000;

/** Upper limit of every bound field (a typo of three zeros too many is an error, not an out-of-memory). */
const MAX_BOUND = 100_000_000;

/** A bound on entries of guard state: past it the least recently used entry is forgotten. */
export function maxEntriesField(what: string, fallback: number) {
  return z
    .number()
    .int()
    .min(1)
    .max(MAX_BOUND)
    .default(fallback)
    .describe(`most ${what} kept; past this the least recently used is forgotten (bounds memory in a long-running gateway)`);
}

/** Time a span of clock units reads as in a reason text: `5 round(s)` in the lab, `5 ms` in the shield. */
export function span(amount: number, unit: ClockUnit): string {
  return unit === 'round' ? `${amount} round(s)` : `${amount} ms`;
}

/** A point in time as a reason text reads it: `round 7` in the lab, `t=1712000000000 ms` in the shield. */
export function instant(at: number, unit: ClockUnit): string {
  return unit === 'round' ? `round ${at}` : `t=${at} ms`;
}
