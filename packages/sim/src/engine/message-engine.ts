/**
 * The message engine: explicit envelopes between agents, round by round.
 *
 * Setup (setup.ts): agents, topology, threats, then the fleet's variants (diversity), policies and the shield.
 * Round r:  1. deliver what was sent in round r-1 (deliveries.ts: shield `deliver` pass, inbox memory
 *              writes, leak and task bookkeeping);  2. every agent's policy acts on what it received
 *              (acting.ts: async, at most `concurrency` in flight, results kept in agent order; shared-store
 *              reads pass the `memory-read` hook);  3. actions in agent order (actions.ts, sends.ts): sends
 *              pass the `send` hook and are queued for round r+1; tool calls, shared-memory writes and
 *              outputs pass their own hooks;  4. `round-end` guards act on the round's flags (quarantine,
 *              purge memory).
 * All randomness comes from the run's seeded stream, forked per agent and round, so the event log — and
 * its digest — depends only on scenario and seed, not on worker count or completion order.
 */
import type { MasecEvent, MessageWorld, PluginRef, Scenario, ThreatInstance } from '@masec/spec';
import type { Clock } from '@masec/defenses';
import { createRng } from '../random/rng.js';
import type { PluginRegistries } from '@masec/spec';
import { actPhase } from './acting.js';
import { applyActions } from './actions.js';
import { deliverPhase } from './deliveries.js';
import type { RoundTally, RunContext } from './run-context.js';
import { setUpRun } from './setup.js';

export interface MessageEngineOptions {
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
  clock?: Clock;
}

/** What the engine measured besides the log: guard latency, characters the shield added, messages sent. */
export interface EngineCosts {
  guardMicros: Record<string, number>;
  charsAdded: number;
  envelopes: number;
}

/** A finished message-engine run: its log and costs, and the threats as set up (they judge the run). */
export interface MessageSimulation {
  events: MasecEvent[];
  costs: EngineCosts;
  threats: readonly { id: string; instance: ThreatInstance<MessageWorld> }[];
}

export async function simulateMessages(options: MessageEngineOptions): Promise<MessageSimulation> {
  const files = {
    ...(options.readText === undefined ? {} : { readText: options.readText }),
    ...(options.readBytes === undefined ? {} : { readBytes: options.readBytes }),
  };
  const ctx = setUpRun({ ...options, files }, createRng(options.seed));
  const rounds = options.scenario.rounds;
  for (let round = 0; round < rounds; round++) {
    const tally: RoundTally = { sent: 0, delivered: 0, blocked: 0 };
    await deliverPhase(ctx, round, tally);
    const outgoing = await actPhase(ctx, round);
    await applyActions(ctx, outgoing, round, tally);
    await roundEndPhase(ctx, round);
    ctx.events.push({ type: 'round-end', round, ...tally });
  }
  ctx.events.push({ type: 'run-end', round: rounds, status: 'ok' });
  return {
    events: ctx.events,
    costs: { guardMicros: ctx.pipeline.guardMicros(), charsAdded: ctx.charsAdded, envelopes: ctx.envelopes },
    threats: ctx.setup.threats,
  };
}

/** Phase 4: `round-end` guards look back at the round's flags (containment, sanitisation). */
async function roundEndPhase(ctx: RunContext, round: number): Promise<void> {
  if (!ctx.pipeline.hasRoundEnd) return;
  const host = ctx.roundEndHost;
  host.purgedMalicious = [];
  const outcome = await ctx.pipeline.endRound(round, host);
  for (const q of outcome.quarantined) ctx.events.push({ type: 'agent-quarantine', round, agent: q.agent, guard: q.guard, reason: q.reason });
  outcome.purged.forEach((p, i) => {
    ctx.events.push({ type: 'memory-purge', round, agent: p.agent, guard: p.guard, items: p.ids.length, malicious: host.purgedMalicious[i] ?? 0 });
  });
}
