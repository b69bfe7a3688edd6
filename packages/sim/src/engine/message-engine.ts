/**
 * The message engine: explicit envelopes between agents, round by round.
 *
 * Round r:  1. deliver what was sent in round r-1 (shield `deliver` pass, inbox memory writes, leak and
 *              task bookkeeping);  2. every agent's policy acts on what it received (async, at most
 *              `concurrency` in flight, results applied in agent order);  3. each send goes through the
 *              shield `send` pass and is queued for delivery in round r+1.
 * All randomness comes from the run's seeded stream, forked per agent and round, so the event log — and
 * its digest — depends only on scenario and seed, not on worker count or completion order.
 */
import {
  type AgentId,
  type AgentView,
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
  type Rng,
  type Scenario,
  type SecretRecord,
  type SendAction,
  type ThreatInstance,
  envelopeText,
} from '@masec/spec';
import { type Clock, ShieldPipeline } from '@masec/defenses';
import { LexicalMemory } from '../memory/lexical-memory.js';
import { channelFor, channelOf } from '../channels/channels.js';
import { createRng } from '../random/rng.js';
import { benignAgentId, buildContacts, topologyRng } from './contacts.js';
import { mapLimit } from './concurrency.js';
import { CombinedOracle, type InjectedMessage, type MessageWorld } from './world.js';
import { computeMetrics } from '../metrics/compute.js';
import { defaultMetrics } from './metric-defaults.js';
import type { SimRegistries } from '../registries.js';
import { makeAgentRecords } from './records.js';
import { SecretScanner } from './secret-scanner.js';

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

interface AgentState {
  view: AgentView;
  policy: Policy | undefined;
  memory: LexicalMemory;
  records: SecretRecord[];
  incoming: Envelope[];
  rng: Rng;
}

interface Pending {
  envelope: Envelope;
  chars: number;
}

export async function runMessageEngine(options: MessageEngineOptions): Promise<RunOutput> {
  const { scenario, seed, registries } = options;
  const rng = createRng(seed);
  const events: MasecEvent[] = [];
  const n = scenario.agents.count;
  const scenarioChannel = channelOf(scenario.channel.kind);
  const memoryConfig = scenario.channel.memory;

  // Agents and their private data.
  const states: AgentState[] = [];
  const byId = new Map<AgentId, AgentState>();
  const recordsRng = rng.fork('records');
  const takenValues = new Set<string>();
  for (let i = 0; i < n; i++) {
    const view: AgentView = { id: benignAgentId(i), index: i, role: 'benign' };
    const state: AgentState = {
      view,
      policy: undefined,
      memory: new LexicalMemory(memoryConfig.capacity),
      records: makeAgentRecords(view.id, scenario.agents.records, recordsRng.fork(i), takenValues),
      incoming: [],
      rng: rng.fork(`agent:${i}`),
    };
    states.push(state);
    byId.set(view.id, state);
  }
  const benignViews = states.map((s) => s.view);
  const contacts = buildContacts(scenario, benignViews, topologyRng(seed), {
    readText: options.readText,
    readBytes: options.readBytes,
  });

  // Threats set up the world.
  const oracle = new CombinedOracle();
  const injected: InjectedMessage[] = [];
  const threats: { id: string; instance: ThreatInstance<MessageWorld> }[] = [];
  /** Which threat controls each adversary: mail to it is that threat's doing (exfiltration). */
  const adversaryThreat = new Map<AgentId, string>();
  for (const ref of scenario.threats) {
    const definition = registries.threats.get(ref.id);
    const instance = definition.create(definition.configSchema.parse(ref.config)) as ThreatInstance<MessageWorld>;
    const world: MessageWorld = {
      agents: [...byId.values()].map((s) => s.view),
      benign: benignViews,
      rng: rng.fork(`threat:${ref.id}`),
      addAdversary: (id) => {
        if (byId.has(id)) throw new Error(`threat '${ref.id}' adds adversary '${id}', which already exists`);
        const view: AgentView = { id, index: states.length, role: 'adversary' };
        const state: AgentState = { view, policy: undefined, memory: new LexicalMemory(1), records: [], incoming: [], rng: rng.fork(`agent:${id}`) };
        states.push(state);
        byId.set(id, state);
        adversaryThreat.set(id, ref.id);
        return view;
      },
      plantMemory: (agent, item) => {
        const target = byId.get(agent);
        if (target === undefined) throw new Error(`threat '${ref.id}' plants into unknown agent '${agent}'`);
        target.memory.add({ id: `planted:${ref.id}:${agent}:${target.memory.size}`, from: item.from, text: item.text, marking: 'none', round: 0 });
      },
      inject: (message) => injected.push(message),
      addOracle: (o) => oracle.add(o),
      records: (agent) => byId.get(agent)?.records ?? [],
    };
    instance.setup(world);
    threats.push({ id: ref.id, instance });
  }

  // Policies for benign agents.
  const policyRef = scenario.agents.policy;
  if (policyRef === undefined) throw new MasecError('SCENARIO_INVALID', `scenario '${scenario.id}': the message engine needs agents.policy`);
  const policyDef = registries.policies.get(policyRef.id);
  const policyConfig = policyDef.configSchema.parse(policyRef.config);
  for (const state of states) {
    if (state.view.role === 'benign') state.policy = policyDef.create(policyConfig, { agent: state.view, instructions: oracle, rng: state.rng.fork('policy') });
  }

  // The shield.
  const definitions = options.defenses.map((ref) => registries.defenses.get(ref.id));
  const guards: Guard[] = options.defenses.map((ref, i) => {
    const def = definitions[i] as (typeof definitions)[number];
    return def.create(def.configSchema.parse(ref.config));
  });
  const pipeline = new ShieldPipeline(guards, options.clock === undefined ? {} : { clock: options.clock });
  const passes = { send: pipeline.handles('send'), deliver: pipeline.handles('deliver') };

  /**
   * One shield pass over an envelope: its verdicts go into the log; the envelope comes back (maybe
   * rewritten), or undefined when a guard blocked it.
   */
  const shieldPass = async (envelope: Envelope, hook: 'send' | 'deliver', round: number): Promise<Envelope | undefined> => {
    if (!passes[hook]) return envelope;
    const outcome = await pipeline.process(envelope, hook, round);
    recordOutcome(events, envelope.id, round, outcome);
    if (outcome.verdict.action === 'deliver') return outcome.verdict.envelope;
    events.push({ type: 'message-block', round, id: envelope.id, guard: outcome.verdict.guard, reason: outcome.verdict.reason });
    return undefined;
  };

  const secrets = new SecretScanner(states.flatMap((s) => s.records));
  const taskSender = new Map<string, AgentId>();
  const tasksDone = new Set<string>();
  const compromised = new Set<AgentId>();
  let charsAdded = 0;
  let envelopes = 0;

  events.push({
    type: 'run-start',
    round: 0,
    scenario: scenario.id,
    seed,
    arm: options.arm,
    agents: states.length,
    benign: n,
    defenses: options.defenses.map((d) => d.id),
    monitors: definitions.filter((d) => d.kind === 'monitoring').map((d) => d.id),
  });

  const allIds = states.map((s) => s.view.id);
  let inFlight: Pending[] = [];
  for (let round = 0; round < scenario.rounds; round++) {
    let delivered = 0;
    let blocked = 0;
    let sent = 0;

    // 1. Deliveries.
    for (const { envelope, chars } of inFlight) {
      const current = await shieldPass(envelope, 'deliver', round);
      if (current === undefined) {
        blocked++;
        continue;
      }
      const text = envelopeText(current);
      charsAdded += text.length - chars;
      const channel = channelFor(current.to, scenarioChannel);
      const recipients = channel.recipients(current, allIds).map((id) => byId.get(id) as AgentState);
      for (const recipient of recipients) {
        recipient.incoming.push(current);
        if (channel.remembers) {
          const first = current.parts[0];
          const marking = first !== undefined && first.kind === 'text' ? (first.marking ?? 'none') : 'none';
          recipient.memory.add({ id: current.id, from: current.from, text, marking, round });
        }
        if (recipient.view.role === 'adversary') {
          // What reached the adversary is the content as sent: a deliver-time rewrite (datamarking) changes
          // how it looks, not what it discloses.
          for (const record of secrets.scan(envelopeText(envelope))) {
            if (record.owner !== recipient.view.id) {
              events.push({ type: 'secret-leak', round, secret: record.id, owner: record.owner, to: recipient.view.id, id: current.id, channel: current.channel });
            }
          }
        }
      }
      events.push({ type: 'message-deliver', round, id: current.id, to: current.to });
      delivered++;
      if (current.inReplyTo !== undefined && taskSender.get(current.inReplyTo) === current.to && !tasksDone.has(current.inReplyTo)) {
        tasksDone.add(current.inReplyTo);
        events.push({ type: 'task-complete', round, task: current.inReplyTo, agent: current.to });
      }
    }
    inFlight = [];

    // 2. Policies act.
    const acting = states.filter((s) => s.policy !== undefined);
    const actions = await mapLimit(acting, scenario.concurrency, (state) => {
      const observation: Observation = {
        self: state.view,
        round,
        contacts: contacts.of(state.view.index, round),
        incoming: state.incoming,
        memory: state.memory,
        records: state.records,
        rng: state.rng.fork(round),
      };
      return (state.policy as Policy).act(observation);
    });
    for (const state of acting) state.incoming = [];

    // 3. Sends, in agent order, plus messages threats injected for this round.
    const outgoing: { from: AgentState; action: SendAction }[] = [];
    for (const message of injected) {
      if (message.round !== round) continue;
      const from = byId.get(message.from);
      if (from === undefined) throw new Error(`injected message from unknown agent '${message.from}'`);
      outgoing.push({ from, action: { kind: 'send', to: message.to, text: message.text, ...(message.subject === undefined ? {} : { subject: message.subject }) } });
    }
    acting.forEach((state, i) => {
      for (const action of actions[i] ?? []) outgoing.push({ from: state, action });
    });

    let seq = 0;
    for (const { from, action } of outgoing) {
      const envelope = makeEnvelope(`m${round}.${seq++}`, from.view.id, action, channelFor(action.to, scenarioChannel).kind, round);
      const text = envelopeText(envelope);
      const instruction = oracle.empty ? undefined : oracle.find(text);
      const recipient = envelope.to === BOARD_ADDRESS ? undefined : byId.get(envelope.to);
      const toAdversary = recipient?.view.role === 'adversary' ? adversaryThreat.get(recipient.view.id) : undefined;
      const malicious = instruction !== undefined || toAdversary !== undefined;
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
      envelopes++;
      if (malicious && from.view.role === 'benign' && !compromised.has(from.view.id)) {
        compromised.add(from.view.id);
        events.push({
          type: 'agent-compromise',
          round,
          agent: from.view.id,
          threat: threat as string,
          ...(instruction === undefined ? {} : { variant: instruction.variant }),
          ...(action.cause === undefined ? {} : { via: action.cause }),
        });
      }
      if (action.task === true) taskSender.set(envelope.id, envelope.from);
      if (envelope.to !== BOARD_ADDRESS && recipient === undefined) {
        events.push({ type: 'message-block', round, id: envelope.id, guard: 'engine', reason: `unknown recipient '${envelope.to}'` });
        blocked++;
        continue;
      }
      const current = await shieldPass(envelope, 'send', round);
      if (current === undefined) {
        blocked++;
        continue;
      }
      const chars = current === envelope ? text.length : envelopeText(current).length;
      charsAdded += chars - text.length;
      inFlight.push({ envelope: current, chars });
    }
    events.push({ type: 'round-end', round, sent, delivered, blocked });
  }
  events.push({ type: 'run-end', round: scenario.rounds, status: 'ok' });

  const view = { events, rounds: scenario.rounds, agents: states.length, benign: n };
  const metricIds = scenario.metrics ?? defaultMetrics(scenario, registries);
  const { metrics, series } = computeMetrics(view, metricIds, registries.metrics);
  const judges: Record<string, JudgeResult> = {};
  for (const threat of threats) judges[threat.id] = threat.instance.judge(view);
  return { events, metrics, series, judges, costs: { guardMicros: pipeline.guardMicros(), charsAdded, envelopes } };
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

function recordOutcome(
  events: MasecEvent[],
  id: string,
  round: number,
  outcome: Awaited<ReturnType<ShieldPipeline['process']>>,
): void {
  for (const flag of outcome.flags) events.push({ type: 'guard-verdict', round, id, guard: flag.guard, action: 'flag', score: flag.score, reason: flag.reason });
  for (const t of outcome.transforms) events.push({ type: 'guard-verdict', round, id, guard: t.guard, action: 'transform', reason: t.reason });
  for (const q of outcome.quarantined) events.push({ type: 'agent-quarantine', round, agent: q.agent, guard: q.guard, reason: q.reason });
}
