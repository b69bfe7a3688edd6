/**
 * The message engine: explicit envelopes between agents, round by round.
 *
 * Setup: agents, topology, threats, then the fleet's variants (diversity), policies and the shield.
 * Round r:  1. deliver what was sent in round r-1 (shield `deliver` pass, inbox memory writes, leak and
 *              task bookkeeping);  2. every agent's policy acts on what it received (async, at most
 *              `concurrency` in flight, results applied in agent order; shared-store reads pass the
 *              `memory-read` hook);  3. actions in agent order: sends pass the `send` hook and are queued
 *              for round r+1; tool calls, shared-memory writes and outputs pass their own hooks
 *              (actions.ts);  4. `round-end` guards act on the round's flags (quarantine, purge memory).
 * All randomness comes from the run's seeded stream, forked per agent and round, so the event log — and
 * its digest — depends only on scenario and seed, not on worker count or completion order.
 */
import {
  type Action,
  type AgentId,
  BOARD_ADDRESS,
  type ChannelKind,
  DEFAULT_LABELS,
  type Envelope,
  type Guard,
  type JudgeResult,
  MasecError,
  type MasecEvent,
  type Observation,
  type Part,
  type PluginRef,
  type Policy,
  type Scenario,
  type SendAction,
  envelopeText,
} from '@masec/spec';
import { type Clock, type RoundEndHost, ShieldPipeline } from '@masec/defenses';
import { channelFor, channelOf, directChannel } from '../channels/channels.js';
import { createRng } from '../random/rng.js';
import { buildContacts, topologyRng } from './contacts.js';
import { mapLimit } from './concurrency.js';
import { computeMetrics } from '../metrics/compute.js';
import { defaultMetrics } from './metric-defaults.js';
import type { SimRegistries } from '../registries.js';
import { type AgentState, AgentTable } from './agents.js';
import { handleMemoryWrite, handleOutput, handleState, handleTool } from './actions.js';
import { LeakTracker } from './leaks.js';
import { type RunContext, noteCompromise, shieldPass } from './run-context.js';
import { type ReadBuffer, flushReads, storeViews } from './store-reads.js';
import { guardWorld, setUpThreats } from './world-setup.js';
import { assignVariants, fleetShares } from './fleet.js';

export interface MessageEngineOptions {
  scenario: Scenario;
  seed: number;
  /** Arm name, recorded in the log. */
  arm: string;
  /** The shield pipeline for this run (the arm's defenses). */
  defenses: readonly PluginRef[];
  registries: SimRegistries;
  /** Reads files the scenario refers to (edge lists, degree files), already resolved relative to the scenario. */
  readText?: (path: string) => string;
  /** The same as bytes; preferred over `readText` when given (large files never become one string). */
  readBytes?: (path: string) => Uint8Array;
  clock?: Clock;
}

export interface RunCostsSim {
  guardMicros: Record<string, number>;
  charsAdded: number;
  envelopes: number;
}

export interface RunOutput {
  events: MasecEvent[];
  metrics: Record<string, number | null>;
  series: Record<string, number[]>;
  judges: Record<string, JudgeResult>;
  costs: RunCostsSim;
}

export async function runMessageEngine(options: MessageEngineOptions): Promise<RunOutput> {
  const { scenario, seed, registries } = options;
  const rng = createRng(seed);
  const events: MasecEvent[] = [];
  const scenarioChannel = channelOf(scenario.channel.kind);

  const table = new AgentTable(scenario, rng);
  const contacts = buildContacts(scenario, table.topologyViews, topologyRng(seed), {
    readText: options.readText,
    readBytes: options.readBytes,
  });
  const setup = setUpThreats(scenario, registries, table, rng, contacts);
  const { oracle, injected } = setup;

  // Defenses that set the fleet's make-up (diversity) act now, before policies exist.
  const definitions = options.defenses.map((ref) => registries.defenses.get(ref.id));
  const configs = options.defenses.map((ref, i) => (definitions[i] as (typeof definitions)[number]).configSchema.parse(ref.config));
  assignVariants(table, fleetShares(definitions, configs), rng.fork('fleet'));

  // Policies for benign agents (adversaries came with their own, or only receive).
  const policyRef = scenario.agents.policy;
  if (policyRef === undefined) throw new MasecError('SCENARIO_INVALID', `scenario '${scenario.id}': the message engine needs agents.policy`);
  const policyDef = registries.policies.get(policyRef.id);
  const policyConfig = policyDef.configSchema.parse(policyRef.config);
  for (const state of table.states) {
    if (state.view.role === 'benign') state.policy = policyDef.create(policyConfig, { agent: state.view, instructions: oracle, rng: state.rng.fork('policy') });
  }

  // The shield.
  const guards: Guard[] = definitions.map((def, i) => def.create(configs[i]));
  const pipeline = new ShieldPipeline(guards, {
    world: guardWorld(table, setup, contacts),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
  });

  const ctx: RunContext = {
    events,
    table,
    setup,
    pipeline,
    leaks: new LeakTracker(
      table.states.flatMap((s) => s.records),
      events,
      setup.trackInternalLeaks,
    ),
    compromised: new Set(),
    inFlight: [],
    charsAdded: 0,
    envelopes: 0,
  };
  const taskSender = new Map<string, AgentId>();
  const tasksDone = new Set<string>();
  const benignIds = table.benign.map((v) => v.id);
  const adversaries = table.adversaries;

  events.push({
    type: 'run-start',
    round: 0,
    scenario: scenario.id,
    seed,
    arm: options.arm,
    agents: table.states.length,
    benign: benignIds.length,
    defenses: options.defenses.map((d) => d.id),
    monitors: definitions.filter((d) => d.kind === 'monitoring').map((d) => d.id),
    ...(adversaries.length === 0 ? {} : { adversaries }),
  });

  const allIds = table.states.map((s) => s.view.id);
  const roundEndHost: RoundEndHost & { purgedMalicious: number[] } = {
    agents: benignIds,
    memory: (agent) => table.get(agent, 'a round-end guard').memory.items(),
    purge: (agent, ids) => {
      const wanted = new Set(ids);
      const memory = table.get(agent, 'a round-end guard').memory;
      const doomed = memory.items().filter((item) => wanted.has(item.id));
      const removed = memory.remove((item) => wanted.has(item.id));
      if (removed > 0) roundEndHost.purgedMalicious.push(oracle.empty ? 0 : doomed.filter((item) => oracle.find(item.text) !== undefined).length);
      return removed;
    },
    purgedMalicious: [],
  };

  for (let round = 0; round < scenario.rounds; round++) {
    let delivered = 0;
    let blocked = 0;
    let sent = 0;

    // 1. Deliveries.
    const arriving = ctx.inFlight;
    ctx.inFlight = [];
    for (const { envelope, chars } of arriving) {
      const current = await shieldPass(ctx, envelope, 'deliver', round);
      if (current === undefined) {
        blocked++;
        continue;
      }
      const text = envelopeText(current);
      ctx.charsAdded += text.length - chars;
      const mail = current.channel !== 'tool' && current.channel !== 'output';
      const channel = mail ? channelFor(current.to, scenarioChannel) : directChannel;
      const recipients = channel.recipients(current, allIds).map((id) => table.byId.get(id) as AgentState);
      for (const recipient of recipients) {
        recipient.incoming.push(current);
        if (channel.remembers) {
          const first = current.parts[0];
          const marking = first !== undefined && first.kind === 'text' ? (first.marking ?? 'none') : 'none';
          recipient.memory.add({ id: current.id, from: current.from, text, marking, round });
        }
        // What reached the recipient is the content as sent: a deliver-time rewrite (datamarking) changes
        // how it looks, not what it discloses.
        if (mail && ctx.leaks.watches(recipient.view.role === 'adversary')) {
          ctx.leaks.scan(envelopeText(envelope), {
            round,
            to: recipient.view.id,
            id: current.id,
            channel: current.channel,
            sink: 'message',
            external: recipient.view.role === 'adversary',
            skipOwner: recipient.view.id,
          });
        }
      }
      events.push({ type: 'message-deliver', round, id: current.id, to: current.to });
      delivered++;
      if (current.inReplyTo !== undefined && taskSender.get(current.inReplyTo) === current.to && !tasksDone.has(current.inReplyTo)) {
        tasksDone.add(current.inReplyTo);
        events.push({ type: 'task-complete', round, task: current.inReplyTo, agent: current.to });
      }
    }

    // 2. Policies act; shared-store reads are logged afterwards, in agent order.
    const acting = table.states.filter((s) => s.policy !== undefined);
    const buffers: ReadBuffer[] = acting.map(() => ({ events: [], quarantines: [] }));
    const actions = await mapLimit(acting, scenario.concurrency, (state, i) => {
      const observation: Observation = {
        self: state.view,
        round,
        contacts: contacts.of(state.view.index, round),
        incoming: state.incoming,
        memory: state.memory,
        records: state.records,
        stores: storeViews(ctx, state, round, buffers[i] as ReadBuffer),
        rng: state.rng.fork(round),
      };
      return (state.policy as Policy).act(observation);
    });
    for (const state of acting) state.incoming = [];
    flushReads(ctx, buffers, round);

    // 3. Actions, in agent order, after the messages threats injected for this round.
    const outgoing: { from: AgentState; action: Action }[] = [];
    for (const message of injected) {
      if (message.round !== round) continue;
      const from = table.get(message.from, 'an injected message');
      outgoing.push({ from, action: { kind: 'send', to: message.to, text: message.text, ...(message.subject === undefined ? {} : { subject: message.subject }) } });
    }
    acting.forEach((state, i) => {
      for (const action of actions[i] ?? []) outgoing.push({ from: state, action });
    });

    const seq = { send: 0, tool: 0, write: 0, output: 0 };
    for (const { from, action } of outgoing) {
      switch (action.kind) {
        case 'state':
          handleState(ctx, from, action, round);
          continue;
        case 'tool':
          await handleTool(ctx, from, action, `t${round}.${seq.tool++}`, round);
          continue;
        case 'memory-write':
          await handleMemoryWrite(ctx, from, action, `w${round}.${seq.write++}`, round);
          continue;
        case 'output':
          await handleOutput(ctx, from, action, `o${round}.${seq.output++}`, round);
          continue;
        case 'send':
          break;
      }
      const envelope = makeEnvelope(`m${round}.${seq.send++}`, from.view.id, action, channelFor(action.to, scenarioChannel).kind, round);
      const text = envelopeText(envelope);
      const instruction = oracle.empty ? undefined : oracle.find(text);
      const recipient = envelope.to === BOARD_ADDRESS ? undefined : table.byId.get(envelope.to);
      const toAdversary = recipient?.view.role === 'adversary' ? table.adversaryThreat.get(recipient.view.id) : undefined;
      // Ground truth: a payload the oracle recognises, mail to an adversary, or an attack the policy named as its cause.
      const malicious = instruction !== undefined || toAdversary !== undefined || action.cause !== undefined;
      const threat = instruction?.threat ?? toAdversary;
      events.push({
        type: 'message-send',
        round,
        id: envelope.id,
        from: envelope.from,
        to: envelope.to,
        channel: envelope.channel,
        chars: text.length,
        ...(envelope.inReplyTo === undefined ? {} : { inReplyTo: envelope.inReplyTo }),
        ...(action.task === true ? { task: true } : {}),
        malicious,
        ...(threat === undefined ? {} : { threat }),
        ...(instruction === undefined ? {} : { variant: instruction.variant }),
      });
      sent++;
      ctx.envelopes++;
      noteCompromise(ctx, from, round, { malicious, threat, variant: instruction?.variant, cause: action.cause });
      if (action.task === true) taskSender.set(envelope.id, envelope.from);
      if (envelope.to !== BOARD_ADDRESS && recipient === undefined) {
        events.push({ type: 'message-block', round, id: envelope.id, guard: 'engine', reason: `unknown recipient '${envelope.to}'` });
        blocked++;
        continue;
      }
      const current = await shieldPass(ctx, envelope, 'send', round);
      if (current === undefined) {
        blocked++;
        continue;
      }
      const chars = current === envelope ? text.length : envelopeText(current).length;
      ctx.charsAdded += chars - text.length;
      ctx.inFlight.push({ envelope: current, chars });
    }

    // 4. Round-end guards look back at the round's flags (containment, sanitisation).
    if (pipeline.hasRoundEnd) {
      roundEndHost.purgedMalicious = [];
      const outcome = await pipeline.endRound(round, roundEndHost);
      for (const q of outcome.quarantined) events.push({ type: 'agent-quarantine', round, agent: q.agent, guard: q.guard, reason: q.reason });
      outcome.purged.forEach((p, i) => {
        events.push({ type: 'memory-purge', round, agent: p.agent, guard: p.guard, items: p.ids.length, malicious: roundEndHost.purgedMalicious[i] ?? 0 });
      });
    }
    events.push({ type: 'round-end', round, sent, delivered, blocked });
  }
  events.push({ type: 'run-end', round: scenario.rounds, status: 'ok' });

  const view = { events, rounds: scenario.rounds, agents: table.states.length, benign: benignIds.length };
  const metricIds = scenario.metrics ?? defaultMetrics(scenario, registries);
  const { metrics, series } = computeMetrics(view, metricIds, registries.metrics);
  const judges: Record<string, JudgeResult> = {};
  for (const threat of setup.threats) judges[threat.id] = threat.instance.judge(view);
  return { events, metrics, series, judges, costs: { guardMicros: pipeline.guardMicros(), charsAdded: ctx.charsAdded, envelopes: ctx.envelopes } };
}

function makeEnvelope(id: string, from: AgentId, action: SendAction, channel: ChannelKind, round: number): Envelope {
  const parts: Part[] = [{ kind: 'text', text: action.text }];
  if (action.data !== undefined) parts.push({ kind: 'data', data: action.data });
  return {
    id,
    from,
    to: action.to,
    channel,
    ...(action.subject === undefined ? {} : { subject: action.subject }),
    ...(action.inReplyTo === undefined ? {} : { inReplyTo: action.inReplyTo }),
    parts,
    labels: action.labels ?? DEFAULT_LABELS,
    provenance: { origin: { kind: 'agent', id: from }, hops: [from] },
    time: round,
  };
}
