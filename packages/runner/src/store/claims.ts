/**
 * Claims on runs: a process running an experiment claims each run in the store before executing it, so
 * that two identical commands on one store share the work instead of both doing all of it. A claim is
 * stale, and may be taken over, when its process is gone: on this host when the process no longer exists,
 * on any host when it has sent no heartbeat for `CLAIM_STALE_MS`.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ClaimOwner } from './types.js';

/** A claim without a heartbeat for this long is stale, wherever its process runs. */
export const CLAIM_STALE_MS = 10 * 60_000;
/** How often a running experiment renews its claims. */
export const HEARTBEAT_MS = 30_000;

export interface StoredClaim {
  owner: string;
  host: string;
  pid: number;
  heartbeatAt: number;
}

/** Whether process `pid` exists on this host (one owned by another user counts). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: unknown }).code === 'EPERM';
  }
}

export function claimIsStale(claim: StoredClaim, now: number, isAlive: (pid: number) => boolean = processIsAlive): boolean {
  if (now - claim.heartbeatAt > CLAIM_STALE_MS) return true;
  return claim.host === hostname() && !isAlive(claim.pid);
}

/** The owner of the claims this process makes for one experiment. */
export function claimOwner(): ClaimOwner {
  const host = hostname();
  return { id: `${host}:${process.pid}:${randomUUID().slice(0, 8)}`, host, pid: process.pid };
}
