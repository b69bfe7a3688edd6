/**
 * The results store: experiments (one `masec run` invocation: arms × seeds), runs (one arm × one seed),
 * per-round metric series and the event log of every run. Writes of a run are atomic: a run is either
 * wholly stored with status `done`/`error` or absent, so an interrupted sweep resumes by running what is absent.
 */
import type { JudgeResult, MasecEvent, ModelJudgeReport, ModelResponse, RunEndStatus, Scenario } from '@masec/spec';
import type { ModelRunCosts, TranscriptEntry } from '@masec/models';

export interface RunManifest {
  seed: number;
  arm: string;
  scenarioId: string;
  /** sha256 of the canonical JSON of the resolved scenario. */
  scenarioHash: string;
  engine: string;
  /** Package name → version of the masec packages and key dependencies. */
  versions: Record<string, string>;
  node: string;
  gitSha: string | null;
  /** LLM model ids used (empty for surrogate policies). */
  models: string[];
  /** Where each model used was called: provider, model name and base URL as resolved (scenario, --set, environment); never a key. Absent without models. */
  endpoints?: Record<string, { provider: string; model: string; baseUrl?: string }>;
}

/** Wall-clock costs measured outside the deterministic log (they vary run to run). */
export interface RunCosts {
  /** Whole run, wall time. */
  durationMs: number;
  envelopes: number;
  /** Mean microseconds each guard spent per envelope it saw, keyed by defense id. */
  guardMicros: Record<string, number>;
  /** Characters the pipeline added to delivered content (e.g. datamarking). */
  charsAdded: number;
  /** Model calls of the run: calls, requests, cache hits, tokens, cost, latency (absent without models). */
  models?: ModelRunCosts;
}

export interface ExperimentRecord {
  id: string;
  scenarioId: string;
  scenarioName: string;
  scenarioHash: string;
  /** The resolved scenario the runs used. */
  scenario: Scenario;
  /** Absolute path of the scenario file, when it came from a file. */
  source: string | null;
  arms: string[];
  seeds: number[];
  metrics: string[];
  createdAt: string;
}

export type RunStatus = 'done' | 'error';

export interface RunRecord {
  /** `${experimentId}/${arm}/${seed}` */
  id: string;
  experimentId: string;
  arm: string;
  seed: number;
  status: RunStatus;
  /** sha256 of the run's event log as canonical NDJSON (a failed run's log up to the failure); null when no log was kept. */
  digest: string | null;
  metrics: Record<string, number | null>;
  /** Each threat's judge: did the attack succeed on this run (empty for failed runs). */
  judges: Record<string, JudgeResult>;
  /** The model judge's verdicts against the rule judges' (scenarios with a `judge` block; ADR 0094). */
  modelJudge?: ModelJudgeReport;
  costs: RunCosts;
  manifest: RunManifest;
  /** What went wrong (`error` runs): `Name: message`. */
  error: string | null;
  /** The stable code of the failure (RUN_FAILED, RUN_CANCELLED, SERVICE_MISSING...); absent for runs stored before codes. */
  errorCode?: string | null;
  /** The round a failed run ended in (its `run-end` event's), when it got that far. */
  errorRound?: number | null;
  /** How the run ended, as its `run-end` event says (`ok`, `error`, `cancelled`, `budget-exceeded`). */
  end?: RunEndStatus;
  finishedAt: string;
}

/** Per-round values of each series metric, index = round. */
export type RoundSeries = Record<string, number[]>;

/** A run's event log as stored: canonical NDJSON, gzipped (see `encodeEventLog`), and its event count. */
export interface EventLogBlob {
  gz: Uint8Array;
  count: number;
}

/**
 * A finished run ready to store. The event log arrives already encoded — the worker that ran it encoded it
 * once to compute the digest — so the store neither re-encodes it nor ships 10x the bytes across threads.
 */
export interface StoredRun {
  run: RunRecord;
  series: RoundSeries;
  eventLog: EventLogBlob;
  /** Every model call of the run, in transcript order (absent or empty for runs without models). */
  transcript?: readonly TranscriptEntry[];
}

/** Who holds a claim on a run: one process's run of an experiment, on a host. */
export interface ClaimOwner {
  /** Unique per process and invocation, e.g. `host:pid:random`. */
  id: string;
  host: string;
  pid: number;
}

/** `claimed`: run it; `held`: another live process is running it; `stored`: it was stored since `known`. */
export type ClaimResult = { status: 'claimed' } | { status: 'held'; by: string } | { status: 'stored' };

export interface ResultsStore {
  /** Insert the experiment, or do nothing if one with the same id exists. */
  putExperiment(experiment: ExperimentRecord): Promise<void>;
  getExperiment(id: string): Promise<ExperimentRecord | undefined>;
  /** Most recently created experiment. */
  latestExperiment(): Promise<ExperimentRecord | undefined>;
  listExperiments(): Promise<ExperimentRecord[]>;
  /** Store a finished run with its series and event log in one transaction, replacing any earlier one. */
  putRun(stored: StoredRun): Promise<void>;
  getRun(id: string): Promise<RunRecord | undefined>;
  /** Runs of an experiment ordered by arm (experiment order) then seed. */
  listRuns(experimentId: string): Promise<RunRecord[]>;
  roundSeries(runId: string): Promise<RoundSeries>;
  eventLog(runId: string): Promise<MasecEvent[]>;
  /**
   * Claim the run `runId` for `owner` before executing it, so that another process running the same
   * experiment on this store leaves it alone. `known` is the `finishedAt` of the run's record as `owner`
   * last saw it (null: none). Says `stored` when the store holds another record of it than `known` (someone
   * stored it meanwhile); else claims it (`claimed`) when it is unclaimed, already `owner`'s, or its claim is
   * stale (`claimIsStale`: its process is gone); else says who holds it (`held`). Storing the run
   * (`putRun`) drops its claim. `now`: milliseconds since the epoch.
   */
  claimRun(runId: string, owner: ClaimOwner, now: number, known: string | null): Promise<ClaimResult>;
  /** The stored answer under a response-cache key (see `@masec/models` `cacheKey`), if any. */
  getResponse(key: string): Promise<ModelResponse | undefined>;
  /** Stores an answer under its key at once (a killed run must not pay for it again); a stored key keeps its answer. */
  putResponse(key: string, response: ModelResponse): Promise<void>;
  /** The model calls of a run, in transcript order (empty when it made none, or for a store older than transcripts). */
  transcript(runId: string): Promise<TranscriptEntry[]>;
  /** Drop the claims `owner` (its id) holds. */
  releaseClaims(owner: string): Promise<void>;
  /** Mark the claims `owner` holds as alive at `now`. */
  heartbeat(owner: string, now: number): Promise<void>;
  close(): Promise<void>;
}
