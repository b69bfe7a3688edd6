/**
 * Run one arm of a scenario with one seed on the engine the scenario resolves to: the unit of work the
 * runner schedules. Sits above both engines: each simulates, then `finishRun` measures and judges the log.
 */
import { type Arm, MasecError, type Scenario, type ThreatInstance, resolveEngine } from '@masec/spec';
import type { Clock } from '@masec/defenses';
import { type MessageEngineOptions, simulateMessages } from '../engine/message-engine.js';
import { parseCalibration } from '../population/calibration-file.js';
import { type PopulationEngineOptions, simulatePopulation } from '../population/engine.js';
import type { HelperThreads } from '../population/hit-sink.js';
import type { PopulationParams } from '../population/params.js';
import type { PluginRegistries } from '@masec/spec';
import { finishRun } from './finish.js';
import type { RunOutput } from './output.js';

/** The arms a scenario declares, or one arm named `default` with its top-level defenses. */
export function armsOf(scenario: Scenario): Arm[] {
  return scenario.arms ?? [{ name: 'default', defenses: scenario.defenses }];
}

/** A message-engine run, measured and judged by the threats that set it up. */
export async function runMessageEngine(options: MessageEngineOptions): Promise<RunOutput> {
  const run = await simulateMessages(options);
  const judges = run.threats.map((t) => ({ id: t.id, judge: (log: Parameters<typeof t.instance.judge>[0]) => t.instance.judge(log) }));
  return { events: run.events, costs: run.costs, ...finishRun(options.scenario, options.registries, run.events, judges) };
}

export interface PopulationRunOutput extends RunOutput {
  params: PopulationParams;
}

/** A population-engine run, measured and judged. */
export function runPopulationEngine(options: PopulationEngineOptions): PopulationRunOutput {
  const run = simulatePopulation(options);
  const judges = options.scenario.threats.map((ref) => {
    const definition = options.registries.threats.get(ref.id);
    const instance = definition.create(definition.configSchema.parse(ref.config)) as ThreatInstance<unknown>;
    return { id: ref.id, judge: instance.judge.bind(instance) };
  });
  const finished = finishRun(options.scenario, options.registries, run.events, judges);
  return { events: run.events, costs: { guardMicros: {}, charsAdded: 0, envelopes: 0 }, params: run.params, ...finished };
}

export interface RunScenarioOptions {
  seed: number;
  /** Arm name; defaults to the first arm. */
  arm?: string;
  registries: PluginRegistries;
  readText?: (path: string) => string;
  /** Reads referenced files as bytes; preferred over `readText` when given. */
  readBytes?: (path: string) => Uint8Array;
  clock?: Clock;
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
        ...(options.clock === undefined ? {} : { clock: options.clock }),
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
        ...(file === undefined || readText === undefined ? {} : { calibration: parseCalibration(readText(file), file) }),
      });
    }
  }
}
