/**
 * The results store in process memory, for tests and throwaway runs. Same semantics and orderings as the
 * SQLite store; records are deep-copied (structuredClone) on the way in and out, so callers can never mutate
 * what is stored.
 */
import { MasecError } from '@masec/spec';
import type { MasecEvent, ModelResponse } from '@masec/spec';
import type { TranscriptEntry } from '@masec/models';
import { decodeEventLog } from './event-codec.js';
import { compareByCreation, compareRunsByArmThenSeed, runKey } from './order.js';
import { type StoredClaim, claimIsStale } from './claims.js';
import type { ClaimOwner, ClaimResult, ExperimentRecord, ResultsStore, RoundSeries, RunRecord, StoredRun } from './types.js';

interface StoredExperiment {
  record: ExperimentRecord;
  createdAt: string;
  /** Insertion order, the tie-break after `createdAt` (the SQLite store's rowid). */
  seq: number;
}

export class InMemoryResultsStore implements ResultsStore {
  private closed = false;
  private seq = 0;
  private readonly experiments = new Map<string, StoredExperiment>();
  private readonly runs = new Map<string, StoredRun>();
  private readonly claims = new Map<string, StoredClaim>();
  private readonly responses = new Map<string, ModelResponse>();

  putExperiment(experiment: ExperimentRecord): Promise<void> {
    return this.op('putExperiment', () => {
      if (this.experiments.has(experiment.id)) return;
      this.experiments.set(experiment.id, { record: structuredClone(experiment), createdAt: experiment.createdAt, seq: this.seq++ });
    });
  }

  getExperiment(id: string): Promise<ExperimentRecord | undefined> {
    return this.op('getExperiment', () => cloneOptional(this.experiments.get(id)?.record));
  }

  latestExperiment(): Promise<ExperimentRecord | undefined> {
    return this.op('latestExperiment', () => cloneOptional(this.sortedExperiments().at(-1)?.record));
  }

  listExperiments(): Promise<ExperimentRecord[]> {
    return this.op('listExperiments', () => this.sortedExperiments().map((entry) => structuredClone(entry.record)));
  }

  putRun(stored: StoredRun): Promise<void> {
    return this.op('putRun', () => {
      const copy = structuredClone(stored);
      const { run } = copy;
      const slot = runKey(run.arm, run.seed);
      // Replace the earlier run with this id, and any run holding the same (experiment, arm, seed) slot.
      for (const [id, existing] of this.runs) {
        if (existing.run.experimentId === run.experimentId && runKey(existing.run.arm, existing.run.seed) === slot) {
          this.runs.delete(id);
        }
      }
      this.runs.delete(run.id);
      this.runs.set(run.id, copy);
      this.claims.delete(run.id);
    });
  }

  getRun(id: string): Promise<RunRecord | undefined> {
    return this.op('getRun', () => cloneOptional(this.runs.get(id)?.run));
  }

  listRuns(experimentId: string): Promise<RunRecord[]> {
    return this.op('listRuns', () => {
      const arms = this.experiments.get(experimentId)?.record.arms ?? [];
      const runs: RunRecord[] = [];
      for (const stored of this.runs.values()) {
        if (stored.run.experimentId === experimentId) runs.push(structuredClone(stored.run));
      }
      return runs.sort(compareRunsByArmThenSeed(arms));
    });
  }

  roundSeries(runId: string): Promise<RoundSeries> {
    return this.op('roundSeries', () => structuredClone(this.runs.get(runId)?.series ?? {}));
  }

  eventLog(runId: string): Promise<MasecEvent[]> {
    return this.op('eventLog', () => {
      const blob = this.runs.get(runId)?.eventLog;
      return blob === undefined || blob.gz.byteLength === 0 ? [] : decodeEventLog(blob.gz);
    });
  }

  claimRun(runId: string, owner: ClaimOwner, now: number, known: string | null): Promise<ClaimResult> {
    return this.op('claimRun', (): ClaimResult => {
      const stored = this.runs.get(runId)?.run.finishedAt;
      if (stored !== undefined && stored !== known) return { status: 'stored' };
      const held = this.claims.get(runId);
      if (held !== undefined && held.owner !== owner.id && !claimIsStale(held, now)) return { status: 'held', by: held.owner };
      this.claims.set(runId, { owner: owner.id, host: owner.host, pid: owner.pid, heartbeatAt: now });
      return { status: 'claimed' };
    });
  }

  getResponse(key: string): Promise<ModelResponse | undefined> {
    return this.op('getResponse', () => cloneOptional(this.responses.get(key)));
  }

  putResponse(key: string, response: ModelResponse): Promise<void> {
    return this.op('putResponse', () => {
      if (!this.responses.has(key)) this.responses.set(key, structuredClone({ ...response, cached: false }));
    });
  }

  transcript(runId: string): Promise<TranscriptEntry[]> {
    return this.op('transcript', () => structuredClone([...(this.runs.get(runId)?.transcript ?? [])]));
  }

  releaseClaims(owner: string): Promise<void> {
    return this.op('releaseClaims', () => {
      for (const [runId, claim] of this.claims) if (claim.owner === owner) this.claims.delete(runId);
    });
  }

  heartbeat(owner: string, now: number): Promise<void> {
    return this.op('heartbeat', () => {
      for (const claim of this.claims.values()) if (claim.owner === owner) claim.heartbeatAt = now;
    });
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }

  private sortedExperiments(): StoredExperiment[] {
    return [...this.experiments.values()].sort(compareByCreation);
  }

  private op<T>(name: string, body: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new MasecError('STORE_ERROR', `in-memory results store: ${name}: the store is closed`));
    try {
      return Promise.resolve(body());
    } catch (error) {
      if (error instanceof MasecError) return Promise.reject(error);
      const message = error instanceof Error ? error.message : String(error);
      return Promise.reject(new MasecError('STORE_ERROR', `in-memory results store: ${name} failed: ${message}`, { cause: error }));
    }
  }
}

function cloneOptional<T>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : structuredClone(value);
}
