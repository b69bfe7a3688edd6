/**
 * One service of the `service` policy: a server with a capacity per round and a client of its providers.
 * See `definition.ts` for the model in words and `protocol.ts` for the messages.
 */
import type { Action, AgentId, Envelope, Observation, Rng } from '@masec/spec';
import type { ServiceConfig } from './definition.js';
import { type CallData, type FailureReason, type ReplyData, callOf, dependencies, replyOf } from '../../vocabulary/service.js';

export type Health = 'up' | 'degraded' | 'down';

export interface PendingCall {
  provider: AgentId;
  round: number;
  attempt: number;
  task: string | undefined;
}

/** A failed call that may be retried this round: its request id, the retry it would be, why it failed, and the surrogate's coin. */
export interface RetryCandidate {
  req: string;
  call: PendingCall;
  reason: FailureReason;
  coin: boolean;
}

/** What `begin` read of a round: the calls received and the failed calls that may be retried. */
export interface RoundStart {
  calls: Envelope[];
  retryable: RetryCandidate[];
}

interface Outcomes {
  ok: number;
  failed: number;
}

/** Fisher–Yates over a copy, from the agent's stream. */
function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

export class ServiceAgent {
  readonly #config: ServiceConfig;
  readonly #self: AgentId;
  #providers: AgentId[] | undefined;
  #capacity = 0;
  /** The caller's view of each provider: false after a round in which most of its calls to it failed. */
  readonly #available = new Map<AgentId, boolean>();
  readonly #pending = new Map<string, PendingCall>();
  #lastOutcomes = new Map<AgentId, Outcomes>();
  #nextReq = 0;
  #overloadedRounds = 0;
  #calmRounds = 0;
  #crashed = false;
  #health: Health = 'up';

  constructor(config: ServiceConfig, self: AgentId) {
    this.#config = config;
    this.#self = self;
  }

  get capacity(): number {
    return this.#capacity;
  }

  act(obs: Observation): Action[] {
    const round = this.begin(obs);
    return this.end(obs, round, round.retryable.filter((c) => c.coin));
  }

  /**
   * Step 1 of a round: read the replies and learn which providers are available. Returns the calls received
   * and the failed calls that may be retried, each with the surrogate's coin (`retryRate`, drawn here in the
   * surrogate's order whoever decides), for `end` to carry out the retries decided.
   */
  begin(obs: Observation): RoundStart {
    const config = this.#config;
    if (this.#providers === undefined) {
      const { providers, dependants } = dependencies(obs.self.index, obs.contacts);
      this.#providers = providers;
      this.#capacity = Math.max(config.minCapacity, Math.ceil(config.headroom * config.demand * dependants.length));
    }
    const providers = this.#providers;
    const rng = obs.rng;

    const calls: Envelope[] = [];
    const retryable: RetryCandidate[] = [];
    const outcomes = new Map<AgentId, Outcomes>();
    const note = (provider: AgentId, ok: boolean): void => {
      const o = outcomes.get(provider) ?? { ok: 0, failed: 0 };
      if (ok) o.ok++;
      else o.failed++;
      outcomes.set(provider, o);
    };

    // 1. Replies to our calls (sent two rounds ago); unknown ones (answers to calls we did not make) are ignored.
    for (const mail of obs.incoming) {
      const reply = replyOf(mail);
      if (reply === undefined) {
        calls.push(mail);
        continue;
      }
      const pending = reply.req === undefined ? undefined : this.#pending.get(reply.req);
      if (pending === undefined || pending.provider !== mail.from) continue;
      this.#pending.delete(reply.req as string);
      note(pending.provider, reply.status === 'ok');
      if (reply.status === 'error' && pending.attempt < config.maxRetries) {
        // A retry is the same request (same id), one attempt further, sent this round.
        const call: PendingCall = { ...pending, attempt: pending.attempt + 1, task: pending.task ?? reply.re, round: obs.round };
        retryable.push({ req: reply.req as string, call, reason: reply.reason ?? 'overloaded', coin: rng.chance(config.retryRate) });
      }
    }
    // Calls with no reply by now were lost (blocked on the way, or their reply was): failures, not retried.
    for (const [req, pending] of this.#pending) {
      if (pending.round > obs.round - 2) continue;
      this.#pending.delete(req);
      note(pending.provider, false);
    }
    // Availability is judged over this round's and the previous round's outcomes (one call is a thin sample).
    for (const provider of providers) {
      const now = outcomes.get(provider);
      const before = this.#lastOutcomes.get(provider);
      const ok = (now?.ok ?? 0) + (before?.ok ?? 0);
      const failed = (now?.failed ?? 0) + (before?.failed ?? 0);
      if (now !== undefined) this.#available.set(provider, failed / (ok + failed) < config.unavailableAt);
    }
    this.#lastOutcomes = outcomes;
    return { calls, retryable };
  }

  /** Steps 2–5 of a round, retrying the failed calls in `retry` (a subset of `round.retryable`). */
  end(obs: Observation, round: RoundStart, retry: readonly RetryCandidate[]): Action[] {
    const config = this.#config;
    const providers = this.#providers ?? [];
    const rng = obs.rng;
    const actions: Action[] = [];
    const { calls } = round;
    for (const { req, call } of retry) this.#pending.set(req, call);

    // 2. Load, crash and recovery.
    const load = calls.length;
    const overloaded = load > this.#capacity;
    if (this.#crashed) {
      this.#calmRounds = overloaded ? 0 : this.#calmRounds + 1;
      if (this.#calmRounds >= config.recoverAfter) {
        // A restarted service starts afresh: no view of its providers yet.
        [this.#crashed, this.#overloadedRounds] = [false, 0];
        this.#available.clear();
        this.#lastOutcomes = new Map();
      }
    } else {
      this.#overloadedRounds = overloaded ? this.#overloadedRounds + 1 : 0;
      if (this.#overloadedRounds >= config.crashAfter) [this.#crashed, this.#calmRounds] = [true, 0];
    }

    // 3. Serve: a crashed service fails everything, so does one whose dependencies are out; else up to capacity.
    const reachable = providers.filter((p) => this.#available.get(p) !== false).length;
    const dependenciesOk = providers.length === 0 || (config.dependencies === 'all' ? reachable === providers.length : reachable > 0);
    const refuse: FailureReason | undefined = this.#crashed ? 'down' : dependenciesOk ? undefined : 'dependency';
    let failed = 0;
    const order = refuse === undefined && overloaded ? shuffled(calls, rng) : calls;
    order.forEach((call, i) => {
      const reason = refuse ?? (i < this.#capacity ? undefined : 'overloaded');
      if (reason !== undefined) failed++;
      actions.push(this.#reply(call, reason));
    });

    // 4. Our own calls: a crashed service makes none and forgets what it was waiting for.
    if (this.#crashed) this.#pending.clear();
    else {
      for (const { req, call } of retry) actions.push(this.#call(call.provider, call.attempt, call.task, req));
      for (const provider of providers) {
        const n = Math.floor(config.demand) + (rng.chance(config.demand % 1) ? 1 : 0);
        for (let k = 0; k < n; k++) {
          const req = `${this.#self}.${this.#nextReq++}`;
          this.#pending.set(req, { provider, round: obs.round, attempt: 0, task: undefined });
          actions.push(this.#call(provider, 0, undefined, req));
        }
      }
    }

    // 5. Report.
    const health: Health = this.#crashed ? 'down' : overloaded || reachable < providers.length ? 'degraded' : 'up';
    if (health !== this.#health) actions.push({ kind: 'state', key: 'health', value: health });
    this.#health = health;
    if (failed > 0) actions.push({ kind: 'state', key: 'failed', value: failed });
    return actions;
  }

  #call(provider: AgentId, attempt: number, task: string | undefined, req: string): Action {
    const data: CallData = { req, attempt, ...(task === undefined ? {} : { task }) };
    return { kind: 'send', to: provider, text: `GET /api/${provider}`, data: { ...data }, ...(attempt === 0 ? { task: true } : {}) };
  }

  #reply(call: Envelope, reason: FailureReason | undefined): Action {
    const request = callOf(call);
    const data: ReplyData = {
      status: reason === undefined ? 'ok' : 'error',
      re: call.id,
      ...(request === undefined ? {} : { req: request.req }),
      ...(reason === undefined ? {} : { reason }),
    };
    if (reason !== undefined) return { kind: 'send', to: call.from, text: `503 Service Unavailable (${reason})`, data: { ...data } };
    return { kind: 'send', to: call.from, text: '200 OK', inReplyTo: request?.task ?? call.id, data: { ...data } };
  }
}
