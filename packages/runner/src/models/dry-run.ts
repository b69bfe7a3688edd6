/**
 * `masec run --dry-run`: what an experiment would ask of its models, before anything is spent. Every run
 * that is not stored yet is executed with no socket (`DryTransport`): answers the response cache holds are
 * used (and cost nothing), the others are answered like the stub's `careful` model would and counted as
 * requests, at the model's `maxTokens` (an upper bound) for their output. Nothing is stored.
 */
import { MasecError, type Scenario } from '@masec/spec';
import { DryTransport, type TranscriptEntry } from '@masec/models';
import { experimentPlugins } from '../plugins/load-plugins.js';
import { createExecutor } from '../pool/pool.js';
import { runId } from '../store/order.js';
import type { ResultsStore } from '../store/types.js';
import { experimentId, selectArms } from '../experiment/run-experiment.js';
import { codeFingerprint, packageVersions, scenarioHash } from '../experiment/manifest.js';
import { pluginFingerprints } from '../plugins/load-plugins.js';
import type { RunTask } from '../experiment/execute.js';
import { type ExperimentModelOptions, experimentModelHost } from './experiment-models.js';

export interface DryRunOptions {
  scenario: Scenario;
  baseDir: string;
  seeds: readonly number[];
  arms?: readonly string[];
  /** Where cached answers are looked up, and which runs are already done (read only). */
  store?: ResultsStore;
  workers: number;
  force?: boolean;
  plugins?: readonly string[];
  models?: Pick<ExperimentModelOptions, 'env' | 'budget'>;
}

export interface ModelEstimate {
  model: string;
  calls: number;
  /** Calls the response cache answers (free). */
  cached: number;
  /** Calls that would be requests. */
  requests: number;
  inputTokens: number;
  /** At most: each request at the model's maxTokens. */
  outputTokens: number;
  /** At most, from the model's price (0 without one). */
  costUsd: number;
  priced: boolean;
}

export interface DryRunEstimate {
  /** Runs estimated (those not stored as done, or all with `force`). */
  runs: number;
  /** Runs already done in the store (not estimated: a real run skips them). */
  skipped: number;
  models: ModelEstimate[];
  total: { requests: number; inputTokens: number; outputTokens: number; costUsd: number };
  /** Key variables the models name that are not set (a real run would fail on them). */
  missingKeys: string[];
  /** Runs whose dry execution failed (a plugin error, say), with why. */
  failures: string[];
}

export async function estimateExperiment(options: DryRunOptions): Promise<DryRunEstimate> {
  const { scenario } = options;
  if ((scenario.models ?? []).length === 0) throw new MasecError('USAGE', `--dry-run estimates model calls, and scenario '${scenario.id}' declares no models`);
  const arms = selectArms(scenario, options.arms);
  const plugins = await experimentPlugins(scenario, options.baseDir, options.plugins);
  const versions = { ...packageVersions(), ...pluginFingerprints(plugins) };
  // The same id `runExperiment` gives the experiment, so runs it already stored are found.
  const expId = experimentId(scenarioHash(scenario), arms.map((a) => a.name), options.seeds, { ...versions, code: codeFingerprint() });
  const done = new Set(options.store === undefined ? [] : (await options.store.listRuns(expId)).filter((r) => r.status === 'done').map((r) => r.id));
  const tasks: RunTask[] = [];
  let skipped = 0;
  for (const arm of arms) {
    for (const seed of options.seeds) {
      if (options.force !== true && done.has(runId(expId, arm.name, seed))) skipped++;
      else tasks.push({ scenario, arm: arm.name, seed, baseDir: options.baseDir, ...(plugins.urls.length === 0 ? {} : { plugins: plugins.urls }) });
    }
  }
  const host = experimentModelHost(scenario, options.store, { ...options.models, budget: {}, cache: 'read', transport: new DryTransport() }) as NonNullable<ReturnType<typeof experimentModelHost>>;
  const entries: TranscriptEntry[] = [];
  const failures: string[] = [];
  const executor = createExecutor(Math.min(options.workers, tasks.length));
  try {
    await Promise.all(
      tasks.map(async (task) => {
        const models = host.openRun({ id: runId(expId, task.arm, task.seed), seed: task.seed });
        const result = await executor.run(task, undefined, models);
        entries.push(...models.transcript());
        if (result.status === 'error') failures.push(`${task.arm} seed ${task.seed}: ${result.error ?? 'unknown error'}`);
      }),
    );
  } finally {
    await executor.close();
  }
  const models: ModelEstimate[] = (scenario.models ?? []).map((declaration) => {
    const mine = entries.filter((e) => e.model === declaration.id);
    const requested = mine.filter((e) => !e.response.cached);
    return {
      model: declaration.id,
      calls: mine.length,
      cached: mine.length - requested.length,
      requests: requested.length,
      inputTokens: requested.reduce((s, e) => s + e.response.usage.inputTokens, 0),
      outputTokens: requested.reduce((s, e) => s + e.response.usage.outputTokens, 0),
      costUsd: requested.reduce((s, e) => s + e.costUsd, 0),
      priced: declaration.price !== undefined,
    };
  });
  const sum = (f: (m: ModelEstimate) => number): number => models.reduce((s, m) => s + f(m), 0);
  return {
    runs: tasks.length,
    skipped,
    models,
    total: { requests: sum((m) => m.requests), inputTokens: sum((m) => m.inputTokens), outputTokens: sum((m) => m.outputTokens), costUsd: sum((m) => m.costUsd) },
    missingKeys: host.missingKeys(),
    failures: failures.sort(),
  };
}
