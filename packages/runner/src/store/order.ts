/** Orderings shared by the store implementations, so that both list in exactly the same order. */
import type { RunRecord } from './types.js';

/** `${experimentId}/${arm}/${seed}`: the id of a run, as `RunRecord.id` documents it. */
export function runId(experimentId: string, arm: string, seed: number): string {
  return `${experimentId}/${arm}/${seed}`;
}

/** `${arm}/${seed}`: the key of a run inside one experiment. */
export function runKey(arm: string, seed: number): string {
  return `${arm}/${seed}`;
}

/**
 * Comparator of runs of one experiment: by the arm's position in `arms` (arms not listed there come after,
 * by name), then by seed.
 */
export function compareRunsByArmThenSeed(arms: readonly string[]): (a: RunRecord, b: RunRecord) => number {
  const position = new Map<string, number>();
  arms.forEach((arm, index) => {
    if (!position.has(arm)) position.set(arm, index);
  });
  return (a, b) => {
    const pa = position.get(a.arm) ?? Number.POSITIVE_INFINITY;
    const pb = position.get(b.arm) ?? Number.POSITIVE_INFINITY;
    if (pa !== pb) return pa < pb ? -1 : 1;
    if (a.arm !== b.arm) return a.arm < b.arm ? -1 : 1;
    return a.seed - b.seed;
  };
}

/** Experiments oldest first: by `createdAt`, then by insertion order (`seq`). */
export function compareByCreation(a: { createdAt: string; seq: number }, b: { createdAt: string; seq: number }): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.seq - b.seq;
}
