/**
 * The dynamics one arm of a population scenario runs with: the scenario's `population` block, changed by
 * the population-level effects of the arm's defenses, with calibrated estimates (from `masec calibrate`)
 * replacing the probabilities they measured.
 */
import {
  type CalibrationFile,
  type DefenseDefinition,
  MasecError,
  type PluginRef,
  type PopulationConfig,
  type PopulationEffect,
  type PopulationModel,
  type Registry,
  type Scenario,
} from '@masec/spec';

export type FlagAction = 'none' | 'prune-edges' | 'quarantine';

export interface PopulationParams {
  model: PopulationModel;
  patientZeros: number;
  /** Per-contact, per-round transmission probability, defenses applied. */
  transmission: number;
  /** Per-round recovery probability, defenses applied. */
  recovery: number;
  latency: number;
  reinfection: boolean;
  albumLength: number;
  /** Per-round probability that a compromised agent is flagged. */
  detection: number;
  /** Per-round probability that an agent that is not compromised is flagged. */
  falsePositive: number;
  onFlag: FlagAction;
  resistantFraction: number;
  resistantFactor: number;
  /** Where the probabilities came from: `declared` or the calibration file's arm. */
  source: string;
}

const ACTION_RANK: Record<FlagAction, number> = { none: 0, 'prune-edges': 1, quarantine: 2 };

/** The effects of several defenses as one (see `PopulationEffect` for the rules). */
export function composeEffects(effects: readonly PopulationEffect[]): Required<Omit<PopulationEffect, 'onFlag'>> & { onFlag: FlagAction } {
  let transmissionFactor = 1;
  let missDetection = 1;
  let missFalse = 1;
  let recoveryBoost = 0;
  let onFlag: FlagAction = 'none';
  let resistantFraction = 0;
  let resistantFactor = 1;
  for (const e of effects) {
    transmissionFactor *= e.transmissionFactor ?? 1;
    missDetection *= 1 - (e.detection ?? 0);
    missFalse *= 1 - (e.falsePositive ?? 0);
    recoveryBoost += e.recoveryBoost ?? 0;
    if (e.onFlag !== undefined && ACTION_RANK[e.onFlag] > ACTION_RANK[onFlag]) onFlag = e.onFlag;
    if (e.resistantFraction !== undefined && e.resistantFraction > 0) {
      // Two diversity defenses: the larger resistant share, and the stronger resistance.
      resistantFraction = Math.max(resistantFraction, e.resistantFraction);
      resistantFactor = Math.min(resistantFactor, e.resistantFactor ?? 1);
    }
  }
  return {
    transmissionFactor,
    detection: 1 - missDetection,
    falsePositive: 1 - missFalse,
    recoveryBoost: Math.min(1, recoveryBoost),
    onFlag,
    resistantFraction,
    resistantFactor,
  };
}

/** The population model a scenario uses: its `population.model`, else pairing for a random-pairing topology. */
export function populationModel(scenario: Scenario): PopulationModel {
  return scenario.population?.model ?? (scenario.topology.kind === 'random-pairing' ? 'pairing' : 'contact');
}

export interface ResolveParamsOptions {
  scenario: Scenario;
  arm: string;
  defenses: readonly PluginRef[];
  registry: Pick<Registry<DefenseDefinition<unknown>>, 'get'>;
  calibration?: CalibrationFile | undefined;
}

export function resolvePopulationParams(options: ResolveParamsOptions): PopulationParams {
  const { scenario } = options;
  const population: PopulationConfig | undefined = scenario.population;
  if (population === undefined) {
    throw new MasecError('SCENARIO_INVALID', `scenario '${scenario.id}' runs on the population engine but has no population block`);
  }
  const effects = options.defenses.map((ref) => {
    const definition = options.registry.get(ref.id);
    if (definition.population === undefined) {
      throw new MasecError('SCENARIO_INVALID', `defense '${ref.id}' has no population-level form; the population engine cannot run it`);
    }
    return definition.population.effect(ref.config);
  });
  const e = composeEffects(effects);
  let transmission = population.transmission * e.transmissionFactor;
  let recovery = Math.min(1, population.recovery + e.recoveryBoost);
  let detection = e.detection;
  let falsePositive = e.falsePositive;
  let source = 'declared';
  if (options.calibration !== undefined) {
    const measured = options.calibration.arms[options.arm];
    if (measured === undefined) {
      const arms = Object.keys(options.calibration.arms).join(', ');
      throw new MasecError('SCENARIO_INVALID', `calibration of '${options.calibration.scenario}' has no arm '${options.arm}'; it has: ${arms}`);
    }
    // The measurement already includes what the arm's defenses did to these probabilities.
    transmission = measured.transmission.estimate;
    recovery = measured.recovery.estimate;
    detection = measured.detection.estimate;
    falsePositive = measured.falsePositive.estimate;
    source = `calibration '${options.calibration.scenario}' arm '${options.arm}'`;
  }
  return {
    model: populationModel(scenario),
    patientZeros: population.patientZeros,
    transmission,
    recovery,
    latency: population.latency,
    reinfection: population.reinfection,
    albumLength: population.album.length,
    detection,
    falsePositive,
    onFlag: e.onFlag,
    resistantFraction: e.resistantFraction,
    resistantFactor: e.resistantFactor,
    source,
  };
}
