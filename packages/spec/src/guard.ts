import type { z } from 'zod';
import type { Clock } from './clock.js';
import type { AgentId, Confidentiality, Envelope } from './envelope.js';
import type { MarketFacet } from './market.js';
import type { MemoryItem } from './policy.js';
import type { PopulationFacet } from './population.js';
import type { RegistryEntry } from './registry.js';
import type { ServiceName, ServicesFor } from './services.js';
import type { Flag, Verdict, VerdictCode } from './verdict.js';

/**
 * Where in an interaction a guard runs. The message engine and the gateway call the same hooks:
 * `send`/`deliver` for messages leaving and reaching an agent, `memory-write`/`memory-read` for shared
 * stores, `tool-list` when tool definitions are offered to an agent (where a poisoned description or a
 * changed definition arrives), `tool-call` for a call's arguments, `tool-result` for what a tool returns,
 * and `round-end` (engines only) to act on what a round's flags showed.
 */
export const HOOKS = ['send', 'deliver', 'memory-write', 'memory-read', 'tool-list', 'tool-call', 'tool-result', 'round-end'] as const;
export type Hook = (typeof HOOKS)[number];

/**
 * What a guard may know about the world it protects: clearances, the contact topology, principals. The
 * message engine answers from the scenario; the gateway from its configuration.
 */
export interface GuardWorld {
  /** Highest confidentiality a party may receive: an agent id, `tool:<name>`, `store:<name>`, `user:<agent>`. */
  clearance(party: string): Confidentiality;
  /** Whether the contact topology links `a` to `b` (true for every pair when there is no topology). */
  adjacent(a: AgentId, b: AgentId): boolean;
  /** The principal an agent acts for: its partition of shared memory. */
  principal(agent: AgentId): string;
}

/** What a guard can see and do besides the envelope. Guards never write the event log themselves. */
export interface GuardContext {
  readonly hook: Hook;
  readonly world: GuardWorld;
  /** The clock's reading when this pass began: the round in the engines, milliseconds in the gateway. */
  readonly now: number;
  /** The clock, for its unit (windows and cool-downs in guard configs are in this unit). */
  readonly clock: Clock;
  /** Flags raised so far for this envelope by guards earlier in the pipeline. */
  readonly flags: readonly Flag[];
  /** Raise a flag with a score in [0, 1] and, optionally, the verdict code of what is suspected. */
  flag(score: number, reason: string, code?: VerdictCode): void;
  /** Note that this guard rewrote the envelope (spotlighting, redaction...). */
  noteTransform(reason: string): void;
  isQuarantined(agent: AgentId): boolean;
  quarantine(agent: AgentId, reason: string): void;
}

export type Next = (envelope: Envelope) => Promise<Verdict>;

/** What a guard can do at the end of a round (`round-end` hook): look back at the round's flags and act on agents. */
export interface RoundEndContext {
  /** The clock's reading: the round that ends. */
  readonly now: number;
  readonly clock: Clock;
  readonly world: GuardWorld;
  /** Senders flagged this round by any guard, with their flags (attributed to the envelope's `from`). */
  readonly flagged: ReadonlyMap<AgentId, readonly Flag[]>;
  /** The benign agents. */
  readonly agents: readonly AgentId[];
  isQuarantined(agent: AgentId): boolean;
  quarantine(agent: AgentId, reason: string): void;
  /** An agent's own memory, oldest first. */
  memory(agent: AgentId): readonly MemoryItem[];
  /** Removes items from an agent's memory by id; returns how many were removed. */
  purge(agent: AgentId, ids: readonly string[], reason: string): number;
}

/**
 * A guard instance: middleware over envelopes. Created per run; it may keep state across envelopes. Guards on
 * `memory-read` run while policies act, concurrently: they must not keep state whose effect depends on the
 * order of reads (their flags and quarantines are applied in agent order after the policies acted).
 */
export interface Guard {
  readonly id: string;
  readonly hooks: readonly Hook[];
  handle(envelope: Envelope, ctx: GuardContext, next: Next): Promise<Verdict>;
  /** Called once at the end of every round when the guard declares the `round-end` hook. */
  endRound?(ctx: RoundEndContext): Promise<void> | void;
}

/** What a defense says it costs besides what the event log shows (blocked mail is counted from events). */
export interface DefenseCostModel {
  /** Human-readable summary of where the utility cost comes from. */
  utility: string;
  /** Whether the defense rewrites content (adds characters/tokens to every message). */
  rewritesContent: boolean;
}

/** A share of the benign agents that runs another model or policy variant (`AgentView.variant`). */
export interface VariantShare {
  variant: string;
  /** Fraction of the benign agents, in [0, 1]. */
  fraction: number;
}

/**
 * What a defense that changes the make-up of the fleet (diversity) assigns before a run: the engine gives the
 * shares' variants to randomly chosen benign agents before their policies are created. It acts at setup, not
 * on a hook (ADR 0009).
 */
export interface FleetFacet<C> {
  variants(config: C): readonly VariantShare[];
}

/**
 * A registry entry for a defense: plain data plus a factory. The factory gets the run's services (clock,
 * abort signal, guard state, and those the defense `requires`); guards keep every piece of state that grows
 * with traffic in `services.state` maps, so that it is bounded and can be shared by gateway replicas.
 */
export interface DefenseDefinition<C = unknown, R extends ServiceName = never> extends RegistryEntry {
  /** Threat ids this defense is meant to counter. */
  readonly targets: readonly string[];
  /** Hooks its guard runs on; may be empty only for a defense with a `fleet` facet (it acts at setup) or a `market` one. */
  readonly hooks: readonly Hook[];
  readonly kind: 'environment' | 'provenance' | 'protocol' | 'monitoring' | 'containment' | 'attribution';
  readonly configSchema: z.ZodType<C>;
  readonly cost: DefenseCostModel;
  /** What the defense does in the population engine; absent when it has no population-level form. */
  readonly population?: PopulationFacet<C>;
  /** The variants it assigns to agents at setup; absent for defenses that act only through hooks. */
  readonly fleet?: FleetFacet<C>;
  /** What the defense does on the market engine (watching prices, ordering interventions); absent when none. */
  readonly market?: MarketFacet<C>;
  /**
   * Monitors: the same config with the flag threshold at its floor, so that the guard flags every envelope
   * it scores above 0, with that score, and blocks nothing. Calibration (`masec monitors`) reads those scores
   * from honest and attack runs to choose thresholds at fixed false-positive rates.
   */
  scoreAll?(config: C): C;
  /** Optional services the guard needs (a model for an LLM classifier...); checked when a scenario is loaded. */
  readonly requires?: readonly R[];
  create(config: C, services: ServicesFor<R>): Guard;
}
