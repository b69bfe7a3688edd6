/**
 * The shield pipeline: guards composed as middleware `(envelope, ctx, next) => Verdict` (Hono's compose).
 * The same pipeline runs inside the message engine and, later, in the gateway. Guards that do not declare
 * the current hook are skipped. The pipeline owns the quarantine set that guards share, and reports what
 * happened (flags, rewrites, quarantines) so the caller can write events; guards never log themselves.
 */
import type { AgentId, Envelope, Flag, Guard, GuardContext, Hook, Verdict } from '@masec/spec';
import { type Clock, monotonicClock } from './clock.js';

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
  /** Clock used to measure guard latency (wall time; never part of simulated state). */
  clock?: Clock;
}

interface GuardStats {
  calls: number;
  ms: number;
}

export class ShieldPipeline {
  readonly guards: readonly Guard[];
  readonly #quarantined = new Set<AgentId>();
  readonly #stats: GuardStats[];
  readonly #clock: Clock;

  constructor(guards: readonly Guard[], options: PipelineOptions = {}) {
    const seen = new Set<string>();
    for (const guard of guards) {
      if (seen.has(guard.id)) throw new Error(`guard '${guard.id}' appears twice in the pipeline`);
      seen.add(guard.id);
    }
    this.guards = guards;
    this.#stats = guards.map(() => ({ calls: 0, ms: 0 }));
    this.#clock = options.clock ?? monotonicClock;
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

  /** Run the guards that declare `hook` over one envelope. */
  async process(envelope: Envelope, hook: Hook, round: number): Promise<PipelineOutcome> {
    const flags: Flag[] = [];
    const transforms: TransformNote[] = [];
    const quarantined: QuarantineNote[] = [];
    const clock = this.#clock;
    const stats = this.#stats;
    const guards = this.guards;
    const quarantineSet = this.#quarantined;

    const contextFor = (guard: Guard): GuardContext => ({
      hook,
      round,
      flags,
      flag: (score, reason) => {
        if (!(score >= 0 && score <= 1)) throw new RangeError(`guard '${guard.id}' flagged with score ${score} outside [0, 1]`);
        flags.push({ guard: guard.id, score, reason });
      },
      noteTransform: (reason) => transforms.push({ guard: guard.id, reason }),
      isQuarantined: (agent) => quarantineSet.has(agent),
      quarantine: (agent, reason) => {
        if (quarantineSet.has(agent)) return;
        quarantineSet.add(agent);
        quarantined.push({ agent, guard: guard.id, reason });
      },
    });

    const dispatch = async (index: number, current: Envelope): Promise<Verdict> => {
      let i = index;
      while (i < guards.length && !(guards[i] as Guard).hooks.includes(hook)) i++;
      const guard = guards[i];
      if (guard === undefined) return { action: 'deliver', envelope: current };
      const stat = stats[i] as GuardStats;
      let start = clock();
      const next = async (forwarded: Envelope): Promise<Verdict> => {
        stat.ms += clock() - start;
        try {
          return await dispatch(i + 1, forwarded);
        } finally {
          start = clock();
        }
      };
      try {
        return await guard.handle(current, contextFor(guard), next);
      } finally {
        stat.ms += clock() - start;
        stat.calls += 1;
      }
    };

    const verdict = await dispatch(0, envelope);
    return { verdict, flags, transforms, quarantined };
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
