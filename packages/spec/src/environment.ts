/**
 * An environment: a step over all agents' actions each round — a market that clears simultaneous prices, a
 * vote, an auction, a shared board. Agents act in it with `environment` actions; after every agent has acted,
 * the engine hands the round's actions (in agent order) to `step`, logs what it reports, and shows each
 * agent its part of the outcome in the next round's observation (`Observation.environments[name]`).
 * Threats add environments to a world (`MessageWorld.addEnvironment`). Steps must be deterministic given
 * the actions and the environment's own random stream.
 */
import type { AgentId } from './envelope.js';
import type { Rng } from './rng.js';

/** One agent's action in the environment this round. */
export interface EnvironmentMove {
  agent: AgentId;
  value: unknown;
}

export interface EnvironmentStepInput {
  round: number;
  /** Accepted actions of this round, in agent order (at most one per agent: a later one replaces it). */
  moves: readonly EnvironmentMove[];
  /** The environment's own stream for this round. */
  rng: Rng;
}

/** A scalar the log keeps: what metrics and judges read back (a price, a profit, a tally). */
export type EnvironmentValue = number | string | boolean;

export interface EnvironmentStepOutput {
  /** The state after the step, logged in the round's `environment-step` event (prices, index values...). */
  state?: Readonly<Record<string, EnvironmentValue>>;
  /** Per-agent outcomes, logged too (each firm's profit, each voter's ballot counted). */
  outcomes?: Readonly<Record<AgentId, EnvironmentValue>>;
  /** What each agent is shown next round, by agent id (absent: the agent sees nothing new). */
  observations?: Readonly<Record<AgentId, unknown>>;
}

export interface Environment {
  /** Unique within the world; agents address it by this name. */
  readonly name: string;
  /**
   * Checks one action's value: `undefined` when it is acceptable, else why not. A rejected action is logged
   * (`environment-reject`) and left out of the step, so that a malformed model answer is an event, not a crash.
   */
  check?(value: unknown, agent: AgentId): string | undefined;
  step(input: EnvironmentStepInput): EnvironmentStepOutput | Promise<EnvironmentStepOutput>;
}
