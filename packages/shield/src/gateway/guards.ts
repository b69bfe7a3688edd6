/**
 * The guards behind the gateway: the defenses package's pipeline, built from the config. The global guards
 * are created once and shared by every route, so a guard that follows traffic across agents
 * (propagation-monitor, taint-labels, rate-limit per edge) sees all of it; each route adds its own guards
 * after them. The quarantine set is the gateway's: a quarantine decided on one route applies on every route,
 * and in `strict` mode a quarantined agent's traffic passes the strict guards instead of being refused.
 */
import { type AgentId, type Clock, type Confidentiality, type DefenseDefinition, type Guard, type GuardWorld, NEVER_ABORTED, type Registry } from '@masec/spec';
import { MemoryStateStore, type QuarantineNote, ShieldPipeline, createDefenseRegistry } from '@masec/defenses';
import type { AgentRoute, GuardSpec, ShieldConfig } from '../config/schema.js';

export interface GatewayGuardsOptions {
  clock: Clock;
  defenses?: Registry<DefenseDefinition<unknown>>;
}

/** The world guards see: clearances and principals from the config; every pair adjacent (use channel-policy `allow: listed` for an allow-list). */
export function configWorld(config: ShieldConfig): GuardWorld {
  const clearances = new Map<string, Confidentiality>();
  for (const caller of config.identity.callers) if (caller.clearance !== undefined) clearances.set(caller.id, caller.clearance);
  for (const agent of config.agents) if (!clearances.has(agent.id)) clearances.set(agent.id, agent.clearance);
  const principals = new Map(config.agents.map((a) => [a.id, a.principal ?? a.id]));
  return {
    clearance: (party) => clearances.get(party) ?? 'internal',
    adjacent: () => true,
    principal: (agent) => principals.get(agent) ?? agent,
  };
}

export class GatewayGuards {
  readonly #byRoute = new Map<string, ShieldPipeline>();
  readonly #strict: ShieldPipeline;
  readonly #all: ShieldPipeline[] = [];
  readonly #strictMode: boolean;
  readonly #quarantined = new Map<AgentId, QuarantineNote>();

  constructor(config: ShieldConfig, options: GatewayGuardsOptions) {
    const registry = options.defenses ?? createDefenseRegistry();
    const services = { clock: options.clock, signal: NEVER_ABORTED, state: new MemoryStateStore(options.clock) };
    const create = (specs: readonly GuardSpec[]): Guard[] => specs.map((s) => registry.get(s.id).create(registry.get(s.id).configSchema.parse(s.config), services));
    const world = configWorld(config);
    const global = create(config.guards);
    const make = (guards: Guard[]): ShieldPipeline => {
      const pipeline = new ShieldPipeline(guards, { clock: options.clock, world });
      this.#all.push(pipeline);
      return pipeline;
    };
    for (const route of config.agents) this.#byRoute.set(route.path, make([...global, ...create(route.guards)]));
    this.#strict = make(create(config.quarantine.strictGuards));
    this.#strictMode = config.quarantine.mode === 'strict';
  }

  /** The pipeline for traffic on `route` from `sender`: the strict one for a quarantined sender in strict mode. */
  pipelineFor(route: AgentRoute, sender: AgentId): ShieldPipeline {
    if (this.#strictMode && this.#quarantined.has(sender)) return this.#strict;
    const pipeline = this.#byRoute.get(route.path);
    if (pipeline === undefined) throw new Error(`no pipeline for route ${route.path}`);
    return pipeline;
  }

  /** Whether the gateway refuses this sender outright (quarantined, in block mode). */
  refuses(sender: AgentId): boolean {
    return !this.#strictMode && this.#quarantined.has(sender);
  }

  isQuarantined(agent: AgentId): boolean {
    return this.#quarantined.has(agent);
  }

  /** Makes quarantines one pipeline decided hold in all of them; the notes of agents not quarantined before. */
  spread(notes: readonly QuarantineNote[]): QuarantineNote[] {
    if (notes.length === 0) return [];
    const fresh: QuarantineNote[] = [];
    for (const note of notes) {
      if (this.#quarantined.has(note.agent)) continue;
      this.#quarantined.set(note.agent, note);
      fresh.push(note);
    }
    for (const pipeline of this.#all) pipeline.applyQuarantines(notes);
    return fresh;
  }

  /**
   * Lifts a quarantine on every route (the admin endpoint); the note it lifted, or undefined when the agent
   * was not quarantined. The guards keep their strike counts: the agent's next flagged message isolates it again.
   */
  release(agent: AgentId): QuarantineNote | undefined {
    const note = this.#quarantined.get(agent);
    if (note === undefined) return undefined;
    this.#quarantined.delete(agent);
    for (const pipeline of this.#all) pipeline.release(agent);
    return note;
  }

  quarantined(): QuarantineNote[] {
    return [...this.#quarantined.values()];
  }

  /** Mean exclusive microseconds per guard call, by route. */
  guardMicros(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [path, pipeline] of this.#byRoute) out[path] = pipeline.guardMicros();
    return out;
  }
}
