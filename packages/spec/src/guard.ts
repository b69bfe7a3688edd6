import type { z } from 'zod';
import type { AgentId, Envelope } from './envelope.js';
import type { PopulationFacet } from './population.js';
import type { RegistryEntry } from './registry.js';

/** Where in an interaction a guard runs. The message engine and the gateway call the same hooks. */
export const HOOKS = ['send', 'deliver', 'memory-write', 'memory-read', 'tool-call', 'round-end'] as const;
export type Hook = (typeof HOOKS)[number];

/** A non-terminal signal: the envelope looks suspicious with some score in [0, 1]. */
export interface Flag {
  guard: string;
  score: number;
  reason: string;
}

/** The outcome for one envelope after the whole pipeline ran. */
export type Verdict =
  | { action: 'deliver'; envelope: Envelope }
  | { action: 'block'; guard: string; reason: string };

/** What a guard can see and do besides the envelope. Guards never write the event log themselves. */
export interface GuardContext {
  readonly hook: Hook;
  /** Simulated round (message engine) or a gateway tick. */
  readonly round: number;
  /** Flags raised so far for this envelope by guards earlier in the pipeline. */
  readonly flags: readonly Flag[];
  flag(score: number, reason: string): void;
  /** Note that this guard rewrote the envelope (spotlighting, redaction...). */
  noteTransform(reason: string): void;
  isQuarantined(agent: AgentId): boolean;
  quarantine(agent: AgentId, reason: string): void;
}

export type Next = (envelope: Envelope) => Promise<Verdict>;

/** A guard instance: middleware over envelopes. Created per run; it may keep state across envelopes. */
export interface Guard {
  readonly id: string;
  readonly hooks: readonly Hook[];
  handle(envelope: Envelope, ctx: GuardContext, next: Next): Promise<Verdict>;
}

/** What a defense says it costs besides what the event log shows (blocked mail is counted from events). */
export interface DefenseCostModel {
  /** Human-readable summary of where the utility cost comes from. */
  utility: string;
  /** Whether the defense rewrites content (adds characters/tokens to every message). */
  rewritesContent: boolean;
}

/** A registry entry for a defense: plain data plus a factory. */
export interface DefenseDefinition<C = unknown> extends RegistryEntry {
  /** Threat ids this defense is meant to counter. */
  readonly targets: readonly string[];
  readonly hooks: readonly Hook[];
  readonly kind: 'environment' | 'provenance' | 'protocol' | 'monitoring' | 'containment' | 'attribution';
  readonly configSchema: z.ZodType<C>;
  readonly cost: DefenseCostModel;
  /** What the defense does in the population engine; absent when it has no population-level form. */
  readonly population?: PopulationFacet<C>;
  create(config: C): Guard;
}
