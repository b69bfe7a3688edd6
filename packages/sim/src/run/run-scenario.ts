/**
 * Run one arm of a scenario with one seed on the engine the scenario resolves to: the unit of work the
 * runner schedules. Sits above both engines: each simulates, then `finishRun` measures and judges the log.
 */
import {
  type AbortSignalLike,
  type Arm,
  type EngineKind,
  MasecError,
  NEVER_ABORTED,
  type RunControls,
  type PluginRegistries,
  type RunEndStatus,
  type Scenario,
  type ThreatInstance,
  RoundClock,
  resolveEngine,
} from '@masec/spec';
import { MemoryStateStore, type Timer } from '@masec/defenses';
import { type MessageEngineOptions, simulateMessages } from '../engine/message-engine.js';
import { engineServices } from '../engine/services.js';
import { type MarketEngineOptions, simulateMarket } from '../market/engine.js';
import { simulateLlmMarket } from '../market/llm-session.js';
import { parseCalibration } from '../population/calibration-file.js';
import { type PopulationEngineOptions, simulatePopulation } from '../population/engine.js';
import type { HelperThreads } from '../population/hit-sink.js';
import type { PopulationParams } from '../population/params.js';
import type { EventLog } from '../log/event-log.js';
import { finishRun } from './finish.js';
import { runModelJudge } from '../judging/model-judge.js';
import type { RunOutput } from './output.js';

/** The arms a scenario declares, or one arm named `default` with its top-level defenses. */
export function armsOf(scenario: Scenario): Arm[] {
  return scenario.arms ?? [{ name: 'default', defenses: scenario.defenses }];
}

/** The `error` of a run that did not end `ok`, read from its `run-end` event. */
function endError(log: EventLog, status: RunEndStatus): RunOutput['error'] {
  if (status === 'ok') return undefined;
  const end = log.last();
  return end?.type === 'run-end' ? { code: end.code ?? 'RUN_FAILED', message: end.error ?? status, round: end.round } : { code: 'RUN_FAILED', message: status, round: 0 };
}

/** A message-engine run, measured and judged by the threats that set it up. */
export async function runMessageEngine(options: MessageEngineOptions): Promise<RunOutput> {
  const run = await simulateMessages(options);
  const judges = run.threats.map((t) => ({ id: t.id, judge: (log: Parameters<typeof t.instance.judge>[0]) => t.instance.judge(log) }));
  const error = endError(run.log, run.status);
  const finished = finishRun(options.scenario, options.registries, run.log, judges);
  // The model judge reads a run that ended ok; it writes nothing to the log (ADR 0094).
  const judge = options.scenario.judge;
  const modelJudge =
    judge === undefined || run.status !== 'ok' || run.judgedTexts === undefined
      ? undefined
      : await runModelJudge({
          config: judge,
          threats: options.scenario.threats.map((t) => t.id),
          events: run.log.events(),
          texts: run.judgedTexts,
          models: run.services.models,
          signal: options.signal ?? NEVER_ABORTED,
        });
  return {
    events: run.log.kept(),
    eventCount: run.log.length,
    costs: run.costs,
    status: run.status,
    ...(error === undefined ? {} : { error }),
    models: modelJudge === undefined ? run.models : run.services.usedModels(),
    ...finished,
    ...(modelJudge === undefined ? {} : { modelJudge }),
  };
}

export interface PopulationRunOutput extends RunOutput {
  /** Undefined when the run failed before its parameters were resolved. */
  params: PopulationParams | undefined;
}

/**
 * Judges of a run on an engine that builds no world (population, market): each threat judges from the log
 * alone, with an instance that was never set up (its services: a clock and state it never uses).
 */
function logJudges(engine: EngineKind, scenario: Scenario, registries: PluginRegistries, signal: AbortSignalLike): { id: string; judge: ThreatInstance<unknown>['judge'] }[] {
  const clock = new RoundClock();
  const services = { clock, signal, state: new MemoryStateStore(clock) };
  return scenario.threats.map((ref) => {
    const definition = registries.threats.get(ref.id);
    if (!definition.engines.includes(engine)) {
      throw new MasecError('SCENARIO_INVALID', `threat '${ref.id}' does not run on the ${engine} engine (it runs on: ${definition.engines.join(', ')})`);
    }
    const instance = definition.create(definition.configSchema.parse(ref.config), services) as ThreatInstance<unknown>;
    return { id: ref.id, judge: instance.judge.bind(instance) };
  });
}

/**
 * What a run of an engine without envelopes (population, market) reports: its log, status and error, no
 * guard costs and no model calls, measured and judged.
 */
function engineOutput(options: { scenario: Scenario; registries: PluginRegistries }, run: { log: EventLog; status: RunEndStatus }, judges: ReturnType<typeof logJudges>): RunOutput {
  const error = endError(run.log, run.status);
  return {
    events: run.log.kept(),
    eventCount: run.log.length,
    costs: { guardMicros: {}, charsAdded: 0, envelopes: 0 },
    status: run.status,
    ...(error === undefined ? {} : { error }),
    models: [],
    ...finishRun(options.scenario, options.registries, run.log, judges),
  };
}

/** A population-engine run, measured and judged. */
export function runPopulationEngine(options: PopulationEngineOptions): PopulationRunOutput {
  const judges = logJudges('population', options.scenario, options.registries, options.signal ?? NEVER_ABORTED);
  const run = simulatePopulation(options);
  return { ...engineOutput(options, run, judges), params: run.params };
}

/** A market-engine run (one learning session of Q-learners), measured and judged. */
export function runMarketEngine(options: MarketEngineOptions): RunOutput {
  const judges = logJudges('market', options.scenario, options.registries, options.signal ?? NEVER_ABORTED);
  return engineOutput(options, simulateMarket(options), judges);
}

/**
 * A market-engine run whose firms are language models (`market.llm`), measured and judged; like a message
 * run, it reports the models it asked (the runner adds their requests, tokens and cost to the run's costs).
 */
export async function runLlmMarketEngine(options: MarketEngineOptions): Promise<RunOutput> {
  const judges = logJudges('market', options.scenario, options.registries, options.signal ?? NEVER_ABORTED);
  const services = engineServices(options.signal ?? NEVER_ABORTED, options.services);
  const run = await simulateLlmMarket({ ...options, services });
  return { ...engineOutput(options, run, judges), models: services.usedModels() };
}

export interface RunScenarioOptions extends RunControls {
  seed: number;
  /** Arm name; defaults to the first arm. */
  arm?: string;
  registries: PluginRegistries;
  readText?: (path: string) => string;
  /** Reads referenced files as bytes; preferred over `readText` when given. */
  readBytes?: (path: string) => Uint8Array;
  /** Measures guard latency (wall time, never part of the log). */
  timer?: Timer;
  /** Helper threads for large population runs (see population/hit-sink.ts); none by default. */
  helperThreads?: HelperThreads;
  /** Progress of a population run, after each round (rounds done, rounds in all). */
  onRound?: (done: number, rounds: number) => void;
}

export async function runScenario(scenario: Scenario, options: RunScenarioOptions): Promise<RunOutput> {
  const arms = armsOf(scenario);
  const arm = options.arm === undefined ? arms[0] : arms.find((a) => a.name === options.arm);
  if (arm === undefined) {
    throw new MasecError('USAGE', `scenario '${scenario.id}' has no arm '${options.arm}'; arms: ${arms.map((a) => a.name).join(', ')}`);
  }
  const readText = options.readText;
  switch (resolveEngine(scenario)) {
    case 'message':
      return runMessageEngine({
        scenario,
        seed: options.seed,
        arm: arm.name,
        defenses: arm.defenses,
        registries: options.registries,
        ...(options.readText === undefined ? {} : { readText: options.readText }),
        ...(options.readBytes === undefined ? {} : { readBytes: options.readBytes }),
        ...(options.timer === undefined ? {} : { timer: options.timer }),
        ...controlsOf(options),
      });
    case 'population': {
      const file = scenario.population?.calibration;
      if (file !== undefined && readText === undefined) {
        throw new MasecError('FILE_NOT_FOUND', `scenario refers to calibration '${file}' but no file reader was given`);
      }
      return runPopulationEngine({
        scenario,
        seed: options.seed,
        arm: arm.name,
        defenses: arm.defenses,
        registries: options.registries,
        ...(readText === undefined ? {} : { readText }),
        ...(options.readBytes === undefined ? {} : { readBytes: options.readBytes }),
        ...(options.helperThreads === undefined ? {} : { helperThreads: options.helperThreads }),
        ...(options.onRound === undefined ? {} : { onRound: options.onRound }),
        ...controlsOf(options, false),
        ...(file === undefined || readText === undefined ? {} : { calibration: parseCalibration(readText(file), file) }),
      });
    }
    case 'market': {
      // Only language-model firms need the models service (and run async); Q-learners run as they always did.
      const llm = scenario.market?.llm !== undefined;
      const market: MarketEngineOptions = {
        scenario,
        seed: options.seed,
        arm: arm.name,
        defenses: arm.defenses,
        registries: options.registries,
        ...(options.onRound === undefined ? {} : { onRound: options.onRound }),
        ...controlsOf(options, llm),
      };
      return llm ? runLlmMarketEngine(market) : runMarketEngine(market);
    }
  }
}

/** The run controls the caller gave (without `services` for engines that call no models: population, Q-learning markets). */
function controlsOf(options: RunControls, services = true): RunControls {
  const out: RunControls = {};
  if (options.signal !== undefined) out.signal = options.signal;
  if (services && options.services !== undefined) out.services = options.services;
  if (options.sink !== undefined) out.sink = options.sink;
  if (options.keepLog !== undefined) out.keepLog = options.keepLog;
  return out;
}
