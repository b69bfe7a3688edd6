/**
 * The shield pipeline: guards composed as middleware `(envelope, ctx, next) => Verdict` (Hono's compose).
 * The same pipeline runs inside the message engine and in the gateway. Guards that do not declare the
 * current hook are skipped. The pipeline owns the quarantine set that guards share, and reports what
 * happened (flags, rewrites, quarantines) so the caller can write events; guards never log themselves.
 * Time comes from the run's clock (rounds in the engines, milliseconds in the gateway); a block without a
 * well-formed verdict code, or a flag outside [0, 1], is a bug in the guard and throws.
 */
import {
  type AgentId,
  type Clock,
  type Envelope,
  type Flag,
  type Guard,
  type GuardContext,
  type GuardWorld,
  type Hook,
  type MemoryItem,
  RoundClock,
  type Verdict,
  type VerdictCode,
  isVerdictCode,
} from '@masec/spec';
import { type Timer, monotonicTimer } from './timer.js';

export interface TransformNote {
  guard: string;
  reason: string;
}

export interface QuarantineNote {
  agent: AgentId;
  guard: string;
  reason: string;
}

export interface PipelineOutcome {
  verdict: Verdict;
  flags: Flag[];
  transforms: TransformNote[];
  quarantined: QuarantineNote[];
}

export interface PipelineOptions {
  /** The run's clock: envelopes are processed at its current reading (default: a round clock at 0). */
  clock?: Clock;
  /** Timer that measures guard latency (wall time; never part of simulated state). */
  timer?: Timer;
  /** What guards may know about the world; default: everyone cleared for `internal`, all pairs adjacent, one principal per agent. */
  world?: GuardWorld;
}

export interface ProcessOptions {
  /**
   * Record quarantine requests without applying them (the caller applies them later with
   * `applyQuarantines`): for hooks that run concurrently, so that one agent's read cannot change what a
   * guard sees for another in the same phase.
   */
  deferQuarantine?: boolean;
}

/** What the caller of `endRound` provides: the agents' memories. */
export interface RoundEndHost {
  agents: readonly AgentId[];
  memory(agent: AgentId): readonly MemoryItem[];
  purge(agent: AgentId, ids: readonly string[]): number;
}

export interface PurgeNote {
  agent: AgentId;
  guard: string;
  ids: string[];
  reason: string;
}

export interface RoundEndOutcome {
  quarantined: QuarantineNote[];
  purged: PurgeNote[];
}

/** The world a pipeline assumes when none is given: no labels beyond `internal`, no topology, no principals. */
export const OPEN_WORLD: GuardWorld = {
  clearance: () => 'internal',
  adjacent: () => true,
  principal: (agent) => agent,
};

interface GuardStats {
  calls: number;
  ms: number;
}

/** Most flagged senders one round remembers for `round-end` guards (a gateway that never ends a round stays bounded). */
export const MAX_ROUND_FLAGGED = 100_000;

/** Most flags one round remembers per sender (the first ones). */
export const MAX_ROUND_FLAGS_PER_SENDER = 1_000;

function checkCode(guard: string, code: VerdictCode | undefined, what: string): void {
  if (code !== undefined && !isVerdictCode(code)) throw new Error(`guard '${guard}' ${what} with code '${code}', which is not an upper-snake-case verdict code`);
}

export class ShieldPipeline {
  readonly guards: readonly Guard[];
  readonly #quarantined = new Set<AgentId>();
  readonly #stats: GuardStats[];
  readonly #clock: Clock;
  readonly #timer: Timer;
  readonly #world: GuardWorld;
  /** Whether any guard acts at the end of a round (only then are a round's flags collected). */
  readonly #roundEnd: boolean;
  /** Flags raised this round, by the sender of the flagged envelope (for `round-end` guards). */
  #roundFlags = new Map<AgentId, Flag[]>();

  constructor(guards: readonly Guard[], options: PipelineOptions = {}) {
    const seen = new Set<string>();
    for (const guard of guards) {
      if (seen.has(guard.id)) throw new Error(`guard '${guard.id}' appears twice in the pipeline`);
      seen.add(guard.id);
    }
    this.guards = guards;
    this.#stats = guards.map(() => ({ calls: 0, ms: 0 }));
    this.#clock = options.clock ?? new RoundClock();
    this.#timer = options.timer ?? monotonicTimer;
    this.#world = options.world ?? OPEN_WORLD;
    this.#roundEnd = guards.some((g) => g.hooks.includes('round-end') && g.endRound !== undefined);
  }

  get clock(): Clock {
    return this.#clock;
  }

  get world(): GuardWorld {
    return this.#world;
  }

  isQuarantined(agent: AgentId): boolean {
    return this.#quarantined.has(agent);
  }

  get quarantinedAgents(): ReadonlySet<AgentId> {
    return this.#quarantined;
  }

  /** Whether any guard listens on this hook (lets callers skip the pipeline entirely). */
  handles(hook: Hook): boolean {
    return this.guards.some((g) => g.hooks.includes(hook));
  }

  /** Applies quarantines recorded with `deferQuarantine`, in the order given; returns those that were new. */
  applyQuarantines(notes: readonly QuarantineNote[]): QuarantineNote[] {
    const applied: QuarantineNote[] = [];
    for (const note of notes) {
      if (this.#quarantined.has(note.agent)) continue;
      this.#quarantined.add(note.agent);
      applied.push(note);
    }
    return applied;
  }

  /** Lifts an agent's quarantine (an operator's decision); whether it was quarantined. Guards keep their own counts. */
  release(agent: AgentId): boolean {
    return this.#quarantined.delete(agent);
  }

  /** Run the guards that declare `hook` over one envelope, at the clock's current reading. */
  async process(envelope: Envelope, hook: Hook, options: ProcessOptions = {}): Promise<PipelineOutcome> {
    const flags: Flag[] = [];
    const transforms: TransformNote[] = [];
    const quarantined: QuarantineNote[] = [];
    const timer = this.#timer;
    const runClock = this.#clock;
    const now = runClock.now();
    const collect = this.#roundEnd;
    const stats = this.#stats;
    const guards = this.guards;
    const quarantineSet = this.#quarantined;
    const world = this.#world;
    const defer = options.deferQuarantine === true;
    const roundFlags = this.#roundFlags;

    const contextFor = (guard: Guard): GuardContext => ({
      hook,
      world,
      now,
      clock: runClock,
      flags,
      flag: (score, reason, code) => {
        if (!(score >= 0 && score <= 1)) throw new RangeError(`guard '${guard.id}' flagged with score ${score} outside [0, 1]`);
        checkCode(guard.id, code, 'flagged');
        const flag: Flag = code === undefined ? { guard: guard.id, score, reason } : { guard: guard.id, score, reason, code };
        flags.push(flag);
        if (!collect) return;
        const list = roundFlags.get(envelope.from);
        if (list !== undefined) {
          if (list.length < MAX_ROUND_FLAGS_PER_SENDER) list.push(flag);
        } else if (roundFlags.size < MAX_ROUND_FLAGGED) roundFlags.set(envelope.from, [flag]);
      },
      noteTransform: (reason) => transforms.push({ guard: guard.id, reason }),
      isQuarantined: (agent) => quarantineSet.has(agent),
      quarantine: (agent, reason) => {
        if (quarantineSet.has(agent) || quarantined.some((q) => q.agent === agent)) return;
        if (!defer) quarantineSet.add(agent);
        quarantined.push({ agent, guard: guard.id, reason });
      },
    });

    const dispatch = async (index: number, current: Envelope): Promise<Verdict> => {
      let i = index;
      while (i < guards.length && !(guards[i] as Guard).hooks.includes(hook)) i++;
      const guard = guards[i];
      if (guard === undefined) return { action: 'deliver', envelope: current };
      const stat = stats[i] as GuardStats;
      let start = timer();
      const next = async (forwarded: Envelope): Promise<Verdict> => {
        stat.ms += timer() - start;
        try {
          return await dispatch(i + 1, forwarded);
        } finally {
          start = timer();
        }
      };
      try {
        const verdict = await guard.handle(current, contextFor(guard), next);
        if (verdict.action === 'block') {
          if (verdict.code === undefined) throw new Error(`guard '${guard.id}' blocked without a verdict code`);
          checkCode(guard.id, verdict.code, 'blocked');
        }
        return verdict;
      } finally {
        stat.ms += timer() - start;
        stat.calls += 1;
      }
    };

    const verdict = await dispatch(0, envelope);
    return { verdict, flags, transforms, quarantined };
  }

  /** Whether any guard acts at the end of a round. */
  get hasRoundEnd(): boolean {
    return this.#roundEnd;
  }

  /**
   * End of a round (a tick, in the gateway): `round-end` guards, in pipeline order, look at the flags raised
   * since the last call and may quarantine agents or purge memory. Then those flags are forgotten.
   */
  async endRound(host: RoundEndHost): Promise<RoundEndOutcome> {
    const now = this.#clock.now();
    const outcome: RoundEndOutcome = { quarantined: [], purged: [] };
    const flagged: ReadonlyMap<AgentId, readonly Flag[]> = this.#roundFlags;
    this.#roundFlags = new Map();
    for (const [i, guard] of this.guards.entries()) {
      if (!guard.hooks.includes('round-end') || guard.endRound === undefined) continue;
      const stat = this.#stats[i] as GuardStats;
      const start = this.#timer();
      try {
        await guard.endRound({
          now,
          clock: this.#clock,
          world: this.#world,
          flagged,
          agents: host.agents,
          isQuarantined: (agent) => this.#quarantined.has(agent),
          quarantine: (agent, reason) => {
            if (this.#quarantined.has(agent)) return;
            this.#quarantined.add(agent);
            outcome.quarantined.push({ agent, guard: guard.id, reason });
          },
          memory: (agent) => host.memory(agent),
          purge: (agent, ids, reason) => {
            const removed = host.purge(agent, ids);
            if (removed > 0) outcome.purged.push({ agent, guard: guard.id, ids: [...ids], reason });
            return removed;
          },
        });
      } finally {
        stat.ms += this.#timer() - start;
        stat.calls += 1;
      }
    }
    return outcome;
  }

  /** Mean exclusive microseconds per call for each guard that ran at least once. */
  guardMicros(): Record<string, number> {
    const out: Record<string, number> = {};
    this.guards.forEach((guard, i) => {
      const stat = this.#stats[i] as GuardStats;
      if (stat.calls > 0) out[guard.id] = (stat.ms * 1000) / stat.calls;
    });
    return out;
  }
}
