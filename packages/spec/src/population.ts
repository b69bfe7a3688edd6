/**
 * The population engine's contracts: the scenario's `population` block (compartmental dynamics over a contact
 * graph or random pairing), what a defense does at population level (`PopulationEffect`), and the
 * calibration file that `masec calibrate` writes from message-engine runs and a population scenario reads.
 */
import { z } from 'zod';

const probability = z.number().min(0).max(1);

export const POPULATION_MODELS = ['contact', 'pairing'] as const;
export type PopulationModel = (typeof POPULATION_MODELS)[number];

export const AlbumSchema = z.strictObject({
  length: z
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .default(0)
    .describe('items a FIFO album holds; a carried payload is evicted after this many new items (0 = never evicted)'),
});

export const PopulationSchema = z
  .strictObject({
    model: z
      .enum(POPULATION_MODELS)
      .optional()
      .describe('contact: spread along the topology\u2019s edges; pairing: one random partner per round (default: pairing for a random-pairing topology, else contact)'),
    patientZeros: z.number().int().min(1).default(1).describe('agents compromised at round 0'),
    transmission: probability
      .default(0.1)
      .describe('per-contact, per-round probability that a compromised agent compromises a susceptible neighbour (\u03b2); in the pairing model, per chat in which the carrier asks'),
    recovery: probability.default(0).describe('per-round probability that a compromised agent recovers (\u03b3): its memory is cured'),
    latency: probability
      .default(1)
      .describe('per-round probability that an exposed agent becomes compromised (1 = no exposed stage)'),
    reinfection: z.boolean().default(false).describe('recovered agents become susceptible again (SIS) instead of immune (SIR)'),
    album: AlbumSchema.default({ length: 0 }).describe('pairing model: the FIFO album memory of infectious-jailbreak'),
    calibration: z
      .string()
      .min(1)
      .optional()
      .describe('parameter file written by `masec calibrate`, relative to the scenario file; its per-arm estimates replace transmission, recovery, detection and false positives'),
  })
  .describe('population engine: compartmental dynamics for 10^5\u201310^8 agents');
export type PopulationConfig = z.infer<typeof PopulationSchema>;

/**
 * What one defense does at population level. Effects of an arm's defenses compose: transmission factors
 * multiply, detection and false-positive probabilities combine as independent chances, recovery boosts add
 * (capped at 1), and the strongest containment action wins (quarantine over edge pruning over flagging).
 */
export interface PopulationEffect {
  /** Multiplier on per-contact transmission (provenance tagging, spotlighting). */
  transmissionFactor?: number;
  /** Per-round probability that a compromised agent is flagged (monitors). */
  detection?: number;
  /** Per-round probability that an agent that is not compromised is flagged (the monitor's false positives). */
  falsePositive?: number;
  /** What happens to a flagged agent: isolated, its edges cut, or nothing (containment defenses). */
  onFlag?: 'quarantine' | 'prune-edges';
  /** Added per-round recovery probability (memory sanitisation: curing). */
  recoveryBoost?: number;
  /** Fraction of agents that run a different model or policy (diversity). */
  resistantFraction?: number;
  /** Multiplier on transmission into those agents. */
  resistantFactor?: number;
}

/** A defense's population-level behaviour, computed from its (parsed) config. */
export interface PopulationFacet<C> {
  effect(config: C): PopulationEffect;
}

/** An estimate with a 95% confidence interval and the counts it came from. */
export const EstimateSchema = z.strictObject({
  estimate: z.number().min(0).max(1).describe('point estimate (maximum likelihood)'),
  low: z.number().min(0).max(1).describe('lower end of the 95% confidence interval (Wilson)'),
  high: z.number().min(0).max(1).describe('upper end of the 95% confidence interval (Wilson)'),
  events: z.number().int().min(0).describe('events observed (e.g. transmissions)'),
  trials: z.number().int().min(0).describe('opportunities observed (e.g. susceptible\u2013compromised contact-rounds)'),
});
export type Estimate = z.infer<typeof EstimateSchema>;

export const CalibratedArmSchema = z.strictObject({
  transmission: EstimateSchema.describe('per-contact, per-round transmission probability'),
  recovery: EstimateSchema.describe('per-round recovery probability of a compromised agent'),
  detection: EstimateSchema.describe('per-round probability that a compromised agent is flagged or isolated'),
  falsePositive: EstimateSchema.describe('per-round probability that an agent that is not compromised is flagged or isolated'),
  runs: z.number().int().min(1).describe('message-engine runs the estimates pool'),
});
export type CalibratedArm = z.infer<typeof CalibratedArmSchema>;

export const CalibrationFileSchema = z.strictObject({
  kind: z.literal('masec-calibration'),
  version: z.literal(1),
  scenario: z.string().describe('id of the message-level scenario that was measured'),
  scenarioHash: z.string().describe('hash of the resolved scenario that was measured'),
  agents: z.number().int().min(2),
  seeds: z.array(z.number().int()).min(1),
  arms: z.record(z.string(), CalibratedArmSchema).describe('estimates per arm name'),
});
export type CalibrationFile = z.infer<typeof CalibrationFileSchema>;
