/**
 * Monitor calibration at fixed false-positive rates. For each monitor: run it alone, observing only (its
 * `scoreAll` config: every positive score is flagged, nothing is blocked), on honest runs (the scenario with
 * its threats removed, or a given honest variant) and on attack runs (the scenario as it is); take the
 * thresholds that keep the false-positive rate on honest envelopes at or below each target; report, on the
 * attack runs, the true-positive rate at those thresholds, the AUROC, and when the attack was first caught
 * (round, rounds after the first malicious envelope, infected fraction then). Honest runs use the seeds after
 * the attack seeds, so thresholds are never chosen on the worlds they are tested on. For a scenario with
 * models, it also reports the model calls the runs made — those of model-backed monitors apart from the
 * agents' — with their tokens and their cost at the models' prices (`models`).
 */
import { type Arm, type DefenseDefinition, MasecError, type PluginRef, type PluginRegistries, type Scenario } from '@masec/spec';
import { createRegistries } from '@masec/sim';
import { experimentPlugins } from '../plugins/load-plugins.js';
import { createExecutor } from '../pool/pool.js';
import { type ExperimentModelOptions, experimentModelHost } from '../models/experiment-models.js';
import type { ResultsStore } from '../store/types.js';
import { type Summary, summarize } from '../stats/summary.js';
import { decodeEventLog } from '../store/event-codec.js';
import type { RunTask } from '../experiment/execute.js';
import { auroc, rateAbove, thresholdAtFpr } from './roc.js';
import { type RunScores, firstDetection, runScores } from './scores.js';
import { type CalibrationModelCalls, addRunCalls, emptyCalls, runCalls } from './model-calls.js';

export const DEFAULT_FPRS: readonly number[] = [0.01, 0.001];

export interface MonitorCalibrateOptions {
  scenario: Scenario;
  /** The honest scenario; default: `scenario` without its threats. */
  honest?: Scenario;
  baseDir: string;
  /** Attack seeds; the honest runs use as many seeds, starting after the last of them. */
  seeds: readonly number[];
  /** Monitor ids; default: every monitoring defense the scenario's arms (or defenses) use. */
  monitors?: readonly string[];
  fprs?: readonly number[];
  workers: number;
  /** Plugin modules besides the scenario's own `plugins` (as `ExperimentOptions.plugins`). */
  plugins?: readonly string[];
  onProgress?: (done: number, total: number) => void;
  /** For a scenario with models: the store whose response cache the calls use, and how they are made. */
  store?: ResultsStore;
  models?: ExperimentModelOptions;
}

export interface OperatingPoint {
  targetFpr: number;
  /** Detect when score > threshold. */
  threshold: number;
  /** False-positive rate on the honest envelopes the threshold was chosen on. */
  honestFpr: number;
  /** Pooled over the attack runs' malicious envelopes, and per run. */
  tpr: number | null;
  tprPerRun: Summary;
  /** Benign envelopes of the attack runs above the threshold. */
  attackFpr: number | null;
  /** Attack runs in which it caught a malicious envelope. */
  detectedRuns: number;
  detectRound: Summary;
  detectDelay: Summary;
  infectedAtDetection: Summary;
}

export interface MonitorCalibration {
  monitor: string;
  hooks: string[];
  config: unknown;
  honest: { runs: number; envelopes: number; scored: number };
  attack: { runs: number; malicious: number; benign: number };
  auroc: number | null;
  aurocPerRun: Summary;
  points: OperatingPoint[];
}

export interface MonitorCalibrationResult {
  scenario: string;
  seeds: number[];
  honestSeeds: number[];
  fprs: number[];
  monitors: MonitorCalibration[];
  /** Model calls of the runs (absent when the scenario declares no models). */
  models?: CalibrationModelCalls;
}

/** The monitors to calibrate, each with the config it has in the first arm that uses it (else its defaults). */
export function monitorsOf(scenario: Scenario, ids: readonly string[] | undefined, registries: Pick<PluginRegistries, 'defenses'> = createRegistries()): PluginRef[] {
  const used = [...(scenario.arms ?? []).flatMap((a: Arm) => a.defenses), ...scenario.defenses];
  const wanted = ids !== undefined && ids.length > 0 ? [...new Set(ids)] : [...new Set(used.map((d) => d.id).filter((id) => registries.defenses.get(id).kind === 'monitoring'))];
  if (wanted.length === 0) throw new MasecError('USAGE', `scenario '${scenario.id}' uses no monitoring defense; name one with --monitor`);
  return wanted.map((id) => {
    const definition = registries.defenses.get(id);
    if (definition.kind !== 'monitoring') throw new MasecError('USAGE', `defense '${id}' is of kind '${definition.kind}', not a monitor: only monitors are calibrated`);
    if (definition.scoreAll === undefined) throw new MasecError('USAGE', `monitor '${id}' cannot report every score (its definition has no scoreAll)`);
    return { id, config: used.find((d) => d.id === id)?.config ?? {} };
  });
}

/** The one arm calibration runs: every monitor, observing only. Monitors that block nothing do not change the run. */
const ARM = 'calibrate';

export async function calibrateMonitors(options: MonitorCalibrateOptions): Promise<MonitorCalibrationResult> {
  const plugins = await experimentPlugins(options.scenario, options.baseDir, options.plugins);
  const { registries } = plugins;
  const fprs = [...(options.fprs ?? DEFAULT_FPRS)];
  if (options.seeds.length === 0) throw new MasecError('USAGE', 'no seeds to run');
  const refs = monitorsOf(options.scenario, options.monitors, registries);
  const definitions = refs.map((ref) => registries.defenses.get(ref.id) as DefenseDefinition<unknown>);
  const observing: PluginRef[] = refs.map((ref, i) => {
    const definition = definitions[i] as DefenseDefinition<unknown>;
    const config = definition.scoreAll?.(definition.configSchema.parse(ref.config));
    return { id: ref.id, config: config as Record<string, unknown> };
  });
  const arms: Arm[] = [{ name: ARM, defenses: observing }];
  const attack: Scenario = { ...options.scenario, defenses: [], arms };
  const honest: Scenario = { ...(options.honest ?? { ...options.scenario, threats: [] }), defenses: [], arms };
  const last = Math.max(...options.seeds);
  const honestSeeds = options.seeds.map((_, i) => last + 1 + i);

  const base = { arm: ARM, baseDir: options.baseDir, plugins: plugins.urls };
  const tasks: { kind: 'honest' | 'attack'; task: RunTask }[] = [
    ...honestSeeds.map((seed) => ({ kind: 'honest' as const, task: { ...base, scenario: honest, seed } })),
    ...options.seeds.map((seed) => ({ kind: 'attack' as const, task: { ...base, scenario: attack, seed } })),
  ];
  const runs = refs.map(() => ({ honest: [] as RunScores[], attack: [] as RunScores[] }));
  const executor = createExecutor(Math.min(options.workers, tasks.length));
  const host = experimentModelHost(options.scenario, options.store, options.models);
  const calls = host === undefined ? undefined : emptyCalls();
  let done = 0;
  try {
    const results = await Promise.all(
      tasks.map(async ({ kind, task }, i) => {
        const models = host?.openRun({ id: `monitors/${task.arm}/${task.seed}`, seed: task.seed });
        const result = await executor.run(task, undefined, models);
        options.onProgress?.(++done, tasks.length);
        if (result.status === 'error') throw new MasecError('RUN_FAILED', `${kind} run with seed ${task.seed} failed: ${result.error ?? 'unknown error'}`);
        const events = decodeEventLog(result.eventLog);
        return { i, kind, spent: models === undefined ? undefined : runCalls(models.transcript()), scores: refs.map((ref, j) => runScores(events, ref.id, (definitions[j] as DefenseDefinition<unknown>).hooks)) };
      }),
    );
    // In task order, whatever order the runs finished in.
    for (const r of results.sort((a, b) => a.i - b.i)) {
      r.scores.forEach((s, j) => runs[j]?.[r.kind].push(s));
      if (calls !== undefined && r.spent !== undefined) addRunCalls(calls[r.kind], r.spent);
    }
  } finally {
    await executor.close();
  }
  const monitors = refs.map((ref, j) => {
    const got = runs[j] as { honest: RunScores[]; attack: RunScores[] };
    return calibrateOne(ref.id, [...(definitions[j] as DefenseDefinition<unknown>).hooks], observing[j]?.config, got.honest, got.attack, fprs);
  });
  return { scenario: options.scenario.id, seeds: [...options.seeds], honestSeeds, fprs, monitors, ...(calls === undefined ? {} : { models: calls }) };
}

/** The calibration of one monitor from its honest and attack runs (pure: exported for tests). */
export function calibrateOne(monitor: string, hooks: string[], config: unknown, honest: readonly RunScores[], attack: readonly RunScores[], fprs: readonly number[]): MonitorCalibration {
  const negatives = honest.flatMap((r) => r.envelopes.map((e) => e.score));
  if (negatives.length === 0) {
    throw new MasecError('RUN_FAILED', `monitor '${monitor}': the honest runs produced no envelope it inspects; give an honest variant of the scenario (--honest-set)`);
  }
  const positivesOf = (r: RunScores) => r.envelopes.filter((e) => e.malicious).map((e) => e.score);
  const positives = attack.flatMap(positivesOf);
  const attackBenign = attack.flatMap((r) => r.envelopes.filter((e) => !e.malicious).map((e) => e.score));
  const points = fprs.map((targetFpr): OperatingPoint => {
    const { threshold, fpr } = thresholdAtFpr(negatives, targetFpr);
    const detections = attack.map((r) => firstDetection(r, threshold));
    const found = detections.filter((d) => d !== undefined);
    return {
      targetFpr,
      threshold,
      honestFpr: fpr,
      tpr: positives.length === 0 ? null : rateAbove(positives, threshold),
      tprPerRun: summarize(attack.map((r) => {
        const p = positivesOf(r);
        return p.length === 0 ? null : rateAbove(p, threshold);
      })),
      attackFpr: attackBenign.length === 0 ? null : rateAbove(attackBenign, threshold),
      detectedRuns: found.length,
      detectRound: summarize(detections.map((d) => d?.round ?? null)),
      detectDelay: summarize(detections.map((d) => d?.delay ?? null)),
      infectedAtDetection: summarize(detections.map((d) => d?.infected ?? null)),
    };
  });
  return {
    monitor,
    hooks,
    config,
    honest: { runs: honest.length, envelopes: negatives.length, scored: negatives.filter((s) => s > 0).length },
    attack: { runs: attack.length, malicious: positives.length, benign: attackBenign.length },
    auroc: auroc(positives, negatives),
    aurocPerRun: summarize(attack.map((r) => auroc(positivesOf(r), negatives))),
    points,
  };
}
