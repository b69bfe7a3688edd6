/**
 * Executing an experiment's runs when other processes may be executing the same experiment on the same
 * store: each run is claimed in the store just before it starts (at most `lanes` at once, as many as run in
 * parallel). A run another process has stored since this one looked is done elsewhere; one another live
 * process has claimed is left to it, and once this process has nothing else to do it waits for those: a run
 * the other process stores counts as done elsewhere, and one whose claim goes stale (its process died) is
 * claimed and run here. Two identical commands on one store thus share the
 * runs instead of both doing all of them.
 */
import { HEARTBEAT_MS, claimOwner } from '../store/claims.js';
import { runId } from '../store/order.js';
import type { ResultsStore, RunRecord } from '../store/types.js';
import type { RunTask } from './execute.js';

export interface ClaimedRunsOptions {
  store: ResultsStore;
  experimentId: string;
  /** Runs executed at once. */
  lanes: number;
  /** The experiment's stored runs before this started: a run stored since (a new `finishedAt`) is done elsewhere. */
  before: ReadonlyMap<string, RunRecord>;
  /** How often to look at runs another process holds (default 250 ms). */
  pollMs?: number;
  /** Runs done by another process, as they are found. */
  onElsewhere?: (task: RunTask) => void;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Executes `tasks` as described above; returns the tasks another process did. */
export async function executeClaimed(tasks: readonly RunTask[], execute: (task: RunTask) => Promise<void>, options: ClaimedRunsOptions): Promise<RunTask[]> {
  const { store } = options;
  const owner = claimOwner();
  const idOf = (task: RunTask): string => runId(options.experimentId, task.arm, task.seed);
  const queue = [...tasks];
  const heldElsewhere = new Set<RunTask>();
  const elsewhere: RunTask[] = [];
  const known = (task: RunTask): string | null => options.before.get(idOf(task))?.finishedAt ?? null;
  const doneElsewhere = (task: RunTask): void => {
    elsewhere.push(task);
    options.onElsewhere?.(task);
  };
  const lane = async (): Promise<void> => {
    for (let task = queue.shift(); task !== undefined; task = queue.shift()) {
      const claim = await store.claimRun(idOf(task), owner, Date.now(), known(task));
      if (claim.status === 'claimed') await execute(task);
      else if (claim.status === 'held') heldElsewhere.add(task);
      else doneElsewhere(task);
    }
  };
  const heartbeat = setInterval(() => void store.heartbeat(owner.id, Date.now()).catch(() => undefined), HEARTBEAT_MS);
  heartbeat.unref();
  try {
    for (;;) {
      await Promise.all(Array.from({ length: Math.max(1, options.lanes) }, lane));
      if (heldElsewhere.size === 0) return elsewhere;
      await sleep(options.pollMs ?? 250);
      for (const task of [...heldElsewhere]) {
        const claim = await store.claimRun(idOf(task), owner, Date.now(), known(task));
        if (claim.status === 'held') continue;
        heldElsewhere.delete(task);
        // Stored by the process that held it, or claimed here because that process is gone.
        if (claim.status === 'stored') doneElsewhere(task);
        else queue.push(task);
      }
    }
  } finally {
    clearInterval(heartbeat);
    await store.releaseClaims(owner.id);
  }
}
