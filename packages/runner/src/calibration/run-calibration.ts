/**
 * Calibration (`masec calibrate`): every arm of a message-engine scenario over the seeds, on the same
 * executor as an experiment (in-process or worker threads), each finished run reduced at once to the counts
 * the estimates need, and the estimates of each arm as a calibration file a population scenario can read.
 * Nothing is stored: the file is the result.
 */
import { type CalibrationFile, CalibrationFileSchema, MAX_MESSAGE_AGENTS, MasecError, type Scenario, resolveEngine } from '@masec/spec';
import {
  type ArmCalibration,
  type CalibrationTally,
  type DetectionEvent,
  addTallies,
  armsOf,
  detectionEventFor,
  emptyTally,
  estimateFromTally,
  runContacts,
  tallyRun,
} from '@masec/sim';
import { fileBytesReader, fileReader } from '../experiment/execute.js';
import type { RunTask } from '../experiment/execute.js';
import { scenarioHash } from '../experiment/manifest.js';
import type { ExperimentProgress } from '../experiment/run-experiment.js';
import { experimentPlugins } from '../plugins/load-plugins.js';
import { createExecutor } from '../pool/pool.js';
import { type ExperimentModelOptions, experimentModelHost } from '../models/experiment-models.js';
import type { ResultsStore } from '../store/types.js';
import { decodeEventLog } from '../store/event-codec.js';

export interface CalibrationOptions {
  /** A scenario the message engine runs. */
  scenario: Scenario;
  /** Directory relative paths in the scenario (edge lists) resolve against. */
  baseDir: string;
  seeds: readonly number[];
  /** Worker threads; 0 runs in-process. */
  workers: number;
  /** Plugin modules besides the scenario's own `plugins` (as `ExperimentOptions.plugins`). */
  plugins?: readonly string[];
  onProgress?: (progress: ExperimentProgress) => void;
  /** For a scenario with models: the store whose response cache the calls use, and how they are made. */
  store?: ResultsStore;
  models?: ExperimentModelOptions;
}

export interface CalibrationResult {
  /** What `masec calibrate` writes. */
  file: CalibrationFile;
  /** Per arm: the estimates with what they rest on. */
  arms: Record<string, ArmCalibration>;
  /** Per arm: what counted as detection (a monitor's flag, or quarantine when the arm isolates flagged agents). */
  detection: Record<string, DetectionEvent>;
  runs: number;
  envelopes: number;
  wallMs: number;
}

/** Why the message engine does not run a scenario, or undefined when it does. */
export function messageEngineProblem(scenario: Scenario): string | undefined {
  if (resolveEngine(scenario) === 'message') return undefined;
  if (scenario.agents.policy === undefined) return 'it has no agents.policy, so it runs on the population engine';
  if (scenario.agents.count > MAX_MESSAGE_AGENTS) {
    return `it has ${scenario.agents.count.toLocaleString('en-US')} agents; the message engine runs at most ${MAX_MESSAGE_AGENTS.toLocaleString('en-US')}`;
  }
  return 'it sets engine: population (add --set engine=message to measure it on the message engine)';
}

export async function runCalibration(options: CalibrationOptions): Promise<CalibrationResult> {
  const started = performance.now();
  const { scenario, baseDir } = options;
  const problem = messageEngineProblem(scenario);
  if (problem !== undefined) {
    throw new MasecError('USAGE', `calibration measures message-engine runs, but scenario '${scenario.id}' is not one: ${problem}`);
  }
  if (options.seeds.length === 0) throw new MasecError('USAGE', 'no seeds to run');
  const plugins = await experimentPlugins(scenario, baseDir, options.plugins);
  const { registries } = plugins;
  const arms = armsOf(scenario);
  const detection: Record<string, DetectionEvent> = {};
  const tallies = new Map<string, CalibrationTally>();
  for (const arm of arms) {
    detection[arm.name] = detectionEventFor(arm.defenses, registries.defenses);
    tallies.set(arm.name, emptyTally());
  }
  const tasks: RunTask[] = arms.flatMap((arm) => options.seeds.map((seed) => ({ scenario, arm: arm.name, seed, baseDir, plugins: plugins.urls })));
  const files = { readText: fileReader(baseDir), readBytes: fileBytesReader(baseDir) };

  const progress: ExperimentProgress = { done: 0, total: tasks.length, skipped: 0, failed: 0 };
  options.onProgress?.({ ...progress });
  const failures: string[] = [];
  let envelopes = 0;
  const executor = createExecutor(Math.min(options.workers, tasks.length));
  const host = experimentModelHost(scenario, options.store, options.models);
  try {
    await Promise.all(
      tasks.map(async (task) => {
        const result = await executor.run(task, undefined, host?.openRun({ id: `calibrate/${task.arm}/${task.seed}`, seed: task.seed }));
        progress.done++;
        if (result.status === 'error') {
          progress.failed++;
          failures.push(`${task.arm} seed ${task.seed}: ${result.error ?? 'unknown error'}`);
        } else {
          envelopes += result.costs.envelopes;
          const { agents, contacts } = runContacts(scenario, task.seed, files);
          const tally = tallyRun({ events: decodeEventLog(result.eventLog), agents, contacts }, { detection: detection[task.arm] as DetectionEvent });
          tallies.set(task.arm, addTallies(tallies.get(task.arm) ?? emptyTally(), tally));
        }
        progress.last = { arm: result.arm, seed: result.seed, status: result.status, error: result.error };
        options.onProgress?.({ ...progress });
      }),
    );
  } finally {
    await executor.close();
  }
  if (failures.length > 0) {
    failures.sort();
    throw new MasecError('RUN_FAILED', `${failures.length} of ${tasks.length} calibration runs failed, so no estimates were written; first: ${failures[0] ?? ''}`);
  }

  const estimates: Record<string, ArmCalibration> = {};
  const file: CalibrationFile = {
    kind: 'masec-calibration',
    version: 1,
    scenario: scenario.id,
    scenarioHash: scenarioHash(scenario),
    agents: scenario.agents.count,
    seeds: [...options.seeds],
    arms: {},
  };
  for (const arm of arms) {
    const estimate = estimateFromTally(tallies.get(arm.name) ?? emptyTally());
    estimates[arm.name] = estimate;
    const { diagnostics: _diagnostics, ...measured } = estimate;
    file.arms[arm.name] = measured;
  }
  return {
    file: CalibrationFileSchema.parse(file),
    arms: estimates,
    detection,
    runs: tasks.length,
    envelopes,
    wallMs: performance.now() - started,
  };
}
