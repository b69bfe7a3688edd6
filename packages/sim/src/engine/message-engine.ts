/**
 * The message engine: explicit envelopes between agents, round by round.
 *
 * Setup (setup.ts): agents and their groups, topology, threats, then the fleet's variants (diversity),
 * policies and the shield, all given the run's services (services.ts).
 * Round r (the run's clock reads r):  1. deliver what was sent in round r-1 (deliveries.ts: shield `deliver`
 *   pass, inbox memory writes, leak and task bookkeeping);  2. the tools on offer pass `tool-list`, and every
 *   agent's policy acts on what it received (acting.ts: async, at most `concurrency` in flight, results kept
 *   in agent order; shared-store reads pass `memory-read`);  3. actions in agent order (actions.ts, sends.ts,
 *   tools.ts, environments.ts): sends pass `send` and are queued for round r+1; tool calls, results,
 *   shared-memory writes and outputs pass their own hooks; environment actions are collected;
 *   4. environments step over the round's actions;  5. `round-end` guards act on the round's flags
 *   (quarantine, purge memory).
 * All randomness comes from the run's seeded stream, forked per agent and round, so the event log — and
 * its digest — depends only on scenario and seed, not on worker count or completion order.
 *
 * A failure (a policy, guard or tool throws) or a cancellation (the run's signal aborts) ends the run: the
 * log so far is kept and closed by a `run-end` event with the status and the error's code.
 */
import {
  type MessageWorld,
  NEVER_ABORTED,
  type RunControls,
  type PluginRef,
  type PluginRegistries,
  type RunEndStatus,
  type Scenario,
  type ThreatInstance,
  errorCodeOf,
  errorMessageOf,
} from '@masec/spec';
import type { Timer } from '@masec/defenses';
import { EventLog } from '../log/event-log.js';
import { createRng } from '../random/rng.js';
import { actPhase } from './acting.js';
import { applyActions } from './actions.js';
import { abortError } from './concurrency.js';
import { deliverPhase } from './deliveries.js';
import { injectNetwork } from './network-injections.js';
import { stepEnvironments } from './environments.js';
import type { RoundTally, RunContext } from './run-context.js';
import { type EngineServices, engineServices } from './services.js';
import type { JudgedText } from '../judging/model-judge.js';
import { setUpRun } from './setup.js';

export interface MessageEngineOptions extends RunControls {
  scenario: Scenario;
  seed: number;
  /** Arm name, recorded in the log. */
  arm: string;
  /** The shield pipeline for this run (the arm's defenses). */
  defenses: readonly PluginRef[];
  registries: PluginRegistries;
  /** Reads files the scenario refers to (edge lists, degree files), already resolved relative to the scenario. */
  readText?: (path: string) => string;
  /** The same as bytes; preferred over `readText` when given (large files never become one string). */
  readBytes?: (path: string) => Uint8Array;
  /** Measures guard latency (wall time, never part of the log). */
  timer?: Timer;
}

/** What the engine measured besides the log: guard latency, characters the shield added, messages sent. */
export interface EngineCosts {
  guardMicros: Record<string, number>;
  charsAdded: number;
  envelopes: number;
}

/** A finished (or failed) message-engine run: its log and costs, and the threats as set up (they judge the run). */
export interface MessageSimulation {
  log: EventLog;
  costs: EngineCosts;
  threats: readonly { id: string; instance: ThreatInstance<MessageWorld> }[];
  /** How the run ended (the status of its `run-end` event). */
  status: RunEndStatus;
  /** Ids of the models the run's plugins used, sorted (none for surrogate policies). */
  models: string[];
  /** Texts of the mail benign agents sent, when the scenario asks for a model judge (ADR 0094). */
  judgedTexts?: ReadonlyMap<string, JudgedText>;
  /** The run's services (the model judge asks its model through them). */
  services: EngineServices;
}

/** The status a failure ends a run with. */
export function endStatusOf(error: unknown): RunEndStatus {
  const code = errorCodeOf(error);
  return code === 'RUN_CANCELLED' ? 'cancelled' : code === 'BUDGET_EXCEEDED' ? 'budget-exceeded' : 'error';
}

export async function simulateMessages(options: MessageEngineOptions): Promise<MessageSimulation> {
  const files = {
    ...(options.readText === undefined ? {} : { readText: options.readText }),
    ...(options.readBytes === undefined ? {} : { readBytes: options.readBytes }),
  };
  const signal = options.signal ?? NEVER_ABORTED;
  const services = engineServices(signal, options.services);
  const rounds = options.scenario.rounds;
  const log = new EventLog(options.sink, options.keepLog ?? true);
  let ctx: RunContext | undefined;
  let round = 0;
  try {
    ctx = setUpRun({ ...options, files, services, events: log }, createRng(options.seed));
    for (; round < rounds; round++) {
      if (signal.aborted) throw abortError(signal);
      services.clock.set(round);
      const tally: RoundTally = { sent: 0, delivered: 0, blocked: 0 };
      await deliverPhase(ctx, round, tally);
      const outgoing = await actPhase(ctx, round);
      injectNetwork(ctx, round, tally);
      await applyActions(ctx, outgoing, round, tally);
      await stepEnvironments(ctx, round);
      await roundEndPhase(ctx, round);
      ctx.events.push({ type: 'round-end', round, ...tally });
    }
    log.push({ type: 'run-end', round: rounds, status: 'ok' });
    return { log, costs: costsOf(ctx), threats: ctx.setup.threats, status: 'ok', models: services.usedModels(), services, ...(ctx.judgedTexts === undefined ? {} : { judgedTexts: ctx.judgedTexts }) };
  } catch (error) {
    const status = endStatusOf(error);
    log.push({ type: 'run-end', round, status, error: errorMessageOf(error), code: errorCodeOf(error) });
    const costs = ctx === undefined ? { guardMicros: {}, charsAdded: 0, envelopes: 0 } : costsOf(ctx);
    return { log, costs, threats: ctx?.setup.threats ?? [], status, models: services.usedModels(), services };
  }
}

function costsOf(ctx: RunContext): EngineCosts {
  return { guardMicros: ctx.pipeline.guardMicros(), charsAdded: ctx.charsAdded, envelopes: ctx.envelopes };
}

/** Phase 5: `round-end` guards look back at the round's flags (containment, sanitisation). */
async function roundEndPhase(ctx: RunContext, round: number): Promise<void> {
  if (!ctx.pipeline.hasRoundEnd) return;
  const host = ctx.roundEndHost;
  host.purgedMalicious = [];
  const outcome = await ctx.pipeline.endRound(host);
  for (const q of outcome.quarantined) ctx.events.push({ type: 'agent-quarantine', round, agent: q.agent, guard: q.guard, reason: q.reason });
  outcome.purged.forEach((p, i) => {
    ctx.events.push({ type: 'memory-purge', round, agent: p.agent, guard: p.guard, items: p.ids.length, malicious: host.purgedMalicious[i] ?? 0 });
  });
}
