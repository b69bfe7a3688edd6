/**
 * An experiment: every arm of a scenario × every seed. Runs that the store already holds as `done` are
 * skipped, so a sweep killed half-way and started again completes only what is missing. Each finished
 * run is written in one transaction as soon as it arrives, so nothing finished is lost to a kill.
 */
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Arm, MasecError, type Scenario } from '@masec/spec';
import { armsOf, defaultMetrics } from '@masec/sim';
import type { Spent, TranscriptEntry } from '@masec/models';
import { type ExperimentModelOptions, experimentModelHost } from '../models/experiment-models.js';
import { experimentPlugins, pluginFingerprints } from '../plugins/load-plugins.js';
import { type RunExecutor, createExecutor } from '../pool/pool.js';
import { runId } from '../store/order.js';
import type { ExperimentRecord, ResultsStore, RunManifest, RunRecord, StoredRun } from '../store/types.js';
import { executeClaimed } from './claimed-runs.js';
import type { RunTask, RunTaskResult } from './execute.js';
import { codeFingerprint, gitSha, packageVersions, scenarioHash } from './manifest.js';

export interface ExperimentOptions {
  scenario: Scenario;
  /** Absolute path of the scenario file, or null for a scenario built in code. */
  source: string | null;
  baseDir: string;
  seeds: readonly number[];
  /** Only these arms (default: all). */
  arms?: readonly string[];
  store: ResultsStore;
  /** Worker threads; 0 runs in-process. */
  workers: number;
  /**
   * Runs on this executor instead of starting a pool of `workers` threads, and leaves it open: a sweep of
   * many small experiments shares one pool rather than starting threads for each.
   */
  executor?: RunExecutor;
  /** Re-run runs the store already has. */
  force?: boolean;
  /**
   * Plugin modules besides those the scenario's own `plugins` names (both relative to `baseDir`; or
   * absolute paths, `file:` URLs, package names), e.g. `LoadedScenario.plugins.urls`. Every run, in-process
   * or on a worker thread, registers them next to the built-ins.
   */
  plugins?: readonly string[];
  onProgress?: (progress: ExperimentProgress) => void;
  /** How the scenario's models are called: cache mode, budget, environment (ignored without a `models` block). */
  models?: ExperimentModelOptions;
}

export interface ExperimentProgress {
  done: number;
  total: number;
  skipped: number;
  failed: number;
  last?: { arm: string; seed: number; status: 'done' | 'error'; error: string | null };
  /** A run under way that reports rounds (population runs): its arm, seed and rounds done of all. */
  running?: { arm: string; seed: number; round: number; rounds: number };
}

export interface ExperimentResult {
  experiment: ExperimentRecord;
  runs: RunRecord[];
  /** Runs executed now by this process (not taken from the store). */
  executed: number;
  /** Runs the store held (done) when this started. */
  skipped: number;
  /** Runs another process executed meanwhile (it had claimed them; see claimed-runs.ts). */
  elsewhere: number;
  failed: number;
  wallMs: number;
  envelopes: number;
  /** What this command's model requests spent (absent when the scenario declares no models). */
  modelSpend?: Spent;
}

/** Where masec's own code lives: the manifest records its commit, not the scenario's. */
const codeDir = dirname(fileURLToPath(import.meta.url));

/**
 * Same scenario, arms, seeds, masec versions and compiled engine code ⇒ same experiment, so a rerun resumes
 * it. Changed code (see `codeFingerprint`) starts a new experiment rather than mixing results of two engines.
 */
export function experimentId(hash: string, arms: readonly string[], seeds: readonly number[], versions: Record<string, string> = {}): string {
  const h = createHash('sha256').update(JSON.stringify({ hash, arms, seeds, versions })).digest('hex');
  return `exp-${h.slice(0, 12)}`;
}

export function seedRange(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}

/** The arms to run: all, or the named ones (each once, in the order given). Unknown names are a usage error. */
export function selectArms(scenario: Scenario, names: readonly string[] | undefined): Arm[] {
  const all = armsOf(scenario);
  if (names === undefined || names.length === 0) return all;
  return [...new Set(names)].map((name) => {
    const arm = all.find((a) => a.name === name);
    if (arm === undefined) throw new MasecError('USAGE', `no arm '${name}' in scenario '${scenario.id}'; arms: ${all.map((a) => a.name).join(', ')}`);
    return arm;
  });
}

export async function runExperiment(options: ExperimentOptions): Promise<ExperimentResult> {
  const started = performance.now();
  const { scenario, store } = options;
  if (options.seeds.length === 0) throw new MasecError('USAGE', 'no seeds to run');
  const arms = selectArms(scenario, options.arms);
  const plugins = await experimentPlugins(scenario, options.baseDir, options.plugins);
  const hash = scenarioHash(scenario);
  const armNames = arms.map((a) => a.name);
  // Changed plugin code, like changed engine code, starts a new experiment; no plugins, no change of id.
  const versions = { ...packageVersions(), ...pluginFingerprints(plugins) };
  const experiment: ExperimentRecord = {
    id: experimentId(hash, armNames, options.seeds, { ...versions, code: codeFingerprint() }),
    scenarioId: scenario.id,
    scenarioName: scenario.name ?? scenario.id,
    scenarioHash: hash,
    scenario,
    source: options.source,
    arms: armNames,
    seeds: [...options.seeds],
    metrics: scenario.metrics ?? defaultMetrics(scenario, plugins.registries),
    createdAt: new Date().toISOString(),
  };
  await store.putExperiment(experiment);
  const stored = await store.getExperiment(experiment.id);
  const record = stored ?? experiment;

  const existing = new Map((await store.listRuns(record.id)).map((r) => [r.id, r]));
  const tasks: RunTask[] = [];
  let skipped = 0;
  for (const arm of arms) {
    for (const seed of options.seeds) {
      const prior = existing.get(runId(record.id, arm.name, seed));
      if (prior !== undefined && prior.status === 'done' && options.force !== true) skipped++;
      else tasks.push({ scenario, arm: arm.name, seed, baseDir: options.baseDir, ...(plugins.urls.length === 0 ? {} : { plugins: plugins.urls }) });
    }
  }

  // Runs on several pool threads at once already keep the cores busy: no helper threads for population
  // runs then (a single run, or runs one after another, may use one).
  const concurrent = options.executor === undefined ? Math.min(options.workers, tasks.length) : options.workers;
  if (concurrent > 1) for (const task of tasks) task.helperThread = false;

  const baseManifest = {
    scenarioId: scenario.id,
    scenarioHash: hash,
    versions,
    node: process.version,
    gitSha: gitSha(codeDir),
  };
  const total = tasks.length + skipped;
  const progress: ExperimentProgress = { done: skipped, total, skipped, failed: 0 };
  options.onProgress?.({ ...progress });

  let envelopes = 0;
  const host = experimentModelHost(scenario, store, options.models);
  const executor = options.executor ?? createExecutor(Math.min(options.workers, tasks.length));
  let writes = Promise.resolve();
  let elsewhere: RunTask[] = [];
  try {
    // Each run is claimed in the store as it starts, so that another process running this experiment on
    // the same store does the runs this one has not started (claimed-runs.ts).
    elsewhere = await executeClaimed(
      tasks,
      async (task) => {
        const onRound =
          options.onProgress === undefined
            ? undefined
            : (round: number, rounds: number): void => options.onProgress?.({ ...progress, running: { arm: task.arm, seed: task.seed, round, rounds } });
        const models = host?.openRun({ id: runId(record.id, task.arm, task.seed), seed: task.seed });
        const result = await executor.run(task, onRound, models);
        envelopes += result.costs.envelopes;
        const transcript = models?.transcript() ?? [];
        if (models !== undefined) result.costs = { ...result.costs, models: models.costs() };
        // Serialise writes: one transaction per finished run, in completion order.
        // The manifest records what actually ran: the resolved engine and the models the run used.
        const manifest: RunManifest = { ...baseManifest, seed: task.seed, arm: task.arm, engine: result.engine, models: result.models, ...endpointsOf(scenario, result.models) };
        writes = writes.then(() => store.putRun(toStoredRun(record.id, result, manifest, transcript)));
        await writes;
        progress.done++;
        if (result.status === 'error') progress.failed++;
        progress.last = { arm: result.arm, seed: result.seed, status: result.status, error: result.error };
        options.onProgress?.({ ...progress });
      },
      {
        store,
        experimentId: record.id,
        // One more lane than threads keeps a claimed run queued in the pool, so no thread idles while a
        // finished run is written and the next one claimed; in process, one run at a time.
        lanes: concurrent > 0 ? concurrent + 1 : 1,
        before: existing,
        onElsewhere: () => {
          progress.done++;
          progress.skipped++;
          options.onProgress?.({ ...progress });
        },
      },
    );
  } finally {
    if (options.executor === undefined) await executor.close();
  }
  const runs = (await store.listRuns(record.id)).filter((r) => armNames.includes(r.arm) && options.seeds.includes(r.seed));
  return {
    experiment: record,
    runs,
    executed: tasks.length - elsewhere.length,
    skipped,
    elsewhere: elsewhere.length,
    failed: runs.filter((r) => r.status === 'error').length,
    wallMs: performance.now() - started,
    envelopes,
    ...(host === undefined ? {} : { modelSpend: host.spent }),
  };
}

/** The endpoints of the models a run used, for its manifest (nothing when it used none). */
export function endpointsOf(scenario: Scenario, used: readonly string[]): Pick<RunManifest, 'endpoints'> {
  if (used.length === 0) return {};
  const endpoints: NonNullable<RunManifest['endpoints']> = {};
  for (const model of scenario.models ?? []) {
    if (used.includes(model.id)) endpoints[model.id] = { provider: model.provider, model: model.model, ...(model.baseUrl === undefined ? {} : { baseUrl: model.baseUrl }) };
  }
  return { endpoints };
}

function toStoredRun(experimentId: string, result: RunTaskResult, manifest: RunManifest, transcript: readonly TranscriptEntry[]): StoredRun {
  const run: RunRecord = {
    id: runId(experimentId, result.arm, result.seed),
    experimentId,
    arm: result.arm,
    seed: result.seed,
    status: result.status,
    digest: result.digest,
    metrics: result.metrics,
    judges: result.judges,
    ...(result.modelJudge === undefined ? {} : { modelJudge: result.modelJudge }),
    costs: result.costs,
    manifest,
    error: result.error,
    errorCode: result.errorCode,
    errorRound: result.errorRound,
    end: result.end,
    finishedAt: new Date().toISOString(),
  };
  return { run, series: result.series, eventLog: { gz: result.eventLog, count: result.eventCount }, ...(transcript.length === 0 ? {} : { transcript }) };
}
