import type { z } from 'zod';
import type { EventLogView } from './metric.js';
import type { RegistryEntry } from './registry.js';
import type { EngineKind, Scenario } from './scenario.js';
import type { ServiceName, ServicesFor } from './services.js';

/** A problem a plugin finds in its config given the whole scenario; `path` is relative to its `config`. */
export interface ConfigIssue {
  path: (string | number)[];
  message: string;
}

/** The judge's answer: did the attack succeed on this run, and by how much. */
export interface JudgeResult {
  success: boolean;
  /** Attack strength in [0, 1] (e.g. infected fraction). */
  score: number;
  summary: string;
}

/**
 * A threat adds adversaries and payloads to a world and judges the outcome from the event log.
 * `W` is the engine's world-building interface (the message engine's is `MessageWorld`). `setup` runs on
 * engines that build worlds (the message engine); the population engine builds none and only judges, so a
 * judge must decide from the log alone — whatever the engine that wrote it.
 */
export interface ThreatInstance<W> {
  setup(world: W): void;
  judge(log: EventLogView): JudgeResult;
}

export interface ThreatDefinition<C = unknown, W = unknown, R extends ServiceName = never> extends RegistryEntry {
  readonly family: 'propagation' | 'coordination' | 'protocol';
  readonly configSchema: z.ZodType<C>;
  /** Metric ids reported by default for scenarios with this threat. */
  readonly metrics: readonly string[];
  /** Engines the threat runs on (and judges logs of); a scenario on another engine is refused when loaded. */
  readonly engines: readonly EngineKind[];
  /**
   * The metric whose value the judge's score equals on every engine the threat supports (the threat
   * contract checks it): judge and metrics never disagree about how far the attack got.
   */
  readonly judgeMetric: string;
  /** Checks that need the whole scenario (e.g. more patient zeros than agents), run when it is loaded. */
  checkScenario?(config: C, scenario: Scenario): ConfigIssue[];
  /**
   * The config with `agents` as the threat's only initially compromised agents (its patient zeros), for
   * blast-radius analysis. Absent when the threat has no such starting point.
   */
  seedAgents?(config: C, agents: readonly string[]): C;
  /** Optional services the threat's adversaries need (a model for an LLM attacker...). */
  readonly requires?: readonly R[];
  create(config: C, services: ServicesFor<R>): ThreatInstance<W>;
}
