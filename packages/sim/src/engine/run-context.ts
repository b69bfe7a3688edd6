/**
 * The state one message-engine run shares between its phases (deliveries, policies, actions, round end), and
 * the shield pass every phase uses: run the guards of a hook over an envelope and log what they did.
 */
import type { JudgedText } from '../judging/model-judge.js';
import type { AgentId, BlockVerdict, Channel, Envelope, Hook, MasecEvent, Rng, Scenario, ToolInfo } from '@masec/spec';
import type { PipelineOutcome, RoundEndHost, ShieldPipeline } from '@masec/defenses';
import type { Contacts } from '../topology/contacts.js';
import type { AgentState, AgentTable } from './agents.js';
import type { EventLog } from '../log/event-log.js';
import type { LeakTracker } from './leaks.js';
import type { EngineServices } from './services.js';
import type { ThreatSetup } from './world-setup.js';
import type { ReplaySource } from './network-injections.js';

/** An envelope on its way: delivered (through the `deliver` hook) at the start of the next round. */
export interface Pending {
  envelope: Envelope;
  /** Its text length after the send-time shield pass (to count characters the deliver pass adds). */
  chars: number;
}

/** What a round-end guard may do to memories, plus how many purged items carried an attack (ground truth). */
export type RunRoundEndHost = RoundEndHost & { purgedMalicious: number[] };

/** Counts of one round, logged in its `round-end` event. */
export interface RoundTally {
  sent: number;
  delivered: number;
  blocked: number;
}

export interface RunContext {
  readonly scenario: Scenario;
  /** The run's services: its round clock, abort signal, guard state, and the optional ones configured. */
  readonly services: EngineServices;
  /** The run's root random stream (forked, never drawn from directly, after setup). */
  readonly rng: Rng;
  readonly events: EventLog;
  readonly table: AgentTable;
  readonly contacts: Contacts;
  readonly setup: ThreatSetup;
  readonly pipeline: ShieldPipeline;
  readonly leaks: LeakTracker;
  /** The scenario's point-to-point channel (board posts take the board). */
  readonly channel: Channel;
  /** Every agent of the run, benign and adversary, in table order (board recipients). */
  readonly allIds: readonly AgentId[];
  readonly roundEndHost: RunRoundEndHost;
  /** Benign agents that acted on an attack at least once. */
  readonly compromised: Set<AgentId>;
  /** Sender of each task (a send that expects an answer), by envelope id; and the tasks answered. */
  readonly taskSender: Map<string, AgentId>;
  readonly tasksDone: Set<string>;
  /** Envelopes replays ask for, captured after their send pass (network injections). */
  readonly replays: ReplaySource;
  /** What is delivered next round. */
  inFlight: Pending[];
  /** Tools offered this round, after the `tool-list` pass. */
  offered: readonly ToolInfo[];
  /** Environment actions of this round, by environment, then by agent (the last action of an agent counts). */
  moves: Map<string, Map<AgentId, unknown>>;
  charsAdded: number;
  /** Messages sent (send actions and injected mail; not tool calls, writes or outputs). */
  envelopes: number;
  /** Texts of the mail benign agents sent, by envelope id, kept only when the scenario asks for a model judge (ADR 0094). */
  readonly judgedTexts?: Map<string, JudgedText>;
}

/** Anything events can be pushed onto: the run's log, or a buffer flushed into it later. */
export interface EventSinkLike {
  push(...events: MasecEvent[]): unknown;
}

/** Guard verdicts of one pass, as events (quarantines only when they took effect now). */
export function recordOutcome(events: EventSinkLike, id: string, round: number, outcome: PipelineOutcome, quarantines = true): void {
  for (const flag of outcome.flags) {
    events.push({ type: 'guard-verdict', round, id, guard: flag.guard, action: 'flag', score: flag.score, ...(flag.code === undefined ? {} : { code: flag.code }), reason: flag.reason });
  }
  for (const t of outcome.transforms) events.push({ type: 'guard-verdict', round, id, guard: t.guard, action: 'transform', reason: t.reason });
  if (quarantines) for (const q of outcome.quarantined) events.push({ type: 'agent-quarantine', round, agent: q.agent, guard: q.guard, reason: q.reason });
}

/** What a shield pass gives back: the envelope (maybe rewritten), or the block that stopped it. */
export type PassResult = Envelope | BlockVerdict;

export function isBlock(result: PassResult): result is BlockVerdict {
  return (result as Partial<BlockVerdict>).action === 'block';
}

/** `guard` and `code` of a block, for the events of actions the shield refused (`allowed: false`). */
export function blockedBy(result: BlockVerdict): { guard: string; code: string } {
  return { guard: result.guard, code: result.code };
}

/**
 * One shield pass: verdicts go into the log; the envelope comes back (maybe rewritten), or the block that
 * stopped it. Blocks of messages are logged as `message-block`; other hooks log the block in their own
 * event (`allowed: false`, with guard and code), so that blocked-mail metrics count mail only.
 */
export async function shieldPass(ctx: RunContext, envelope: Envelope, hook: Hook, round: number): Promise<PassResult> {
  if (!ctx.pipeline.handles(hook)) return envelope;
  const outcome = await ctx.pipeline.process(envelope, hook);
  recordOutcome(ctx.events, envelope.id, round, outcome);
  const verdict = outcome.verdict;
  if (verdict.action === 'deliver') return verdict.envelope;
  if (envelope.channel !== 'tool' && envelope.channel !== 'memory' && envelope.channel !== 'output') {
    ctx.events.push({ type: 'message-block', round, id: envelope.id, guard: verdict.guard, code: verdict.code, reason: verdict.reason });
  }
  return verdict;
}

/** Tells an agent, at its next turn, that something it sent was refused (a bounce: id, destination, code). */
export function noteRefusal(from: AgentState | undefined, id: string, to: string, code: string): void {
  // Only an agent that acts reads (and so clears) its refusals.
  if (from?.policy !== undefined) from.refusals.push({ id, to, code });
}

/** Marks a benign agent compromised the first time it acts on an attack. */
export function noteCompromise(
  ctx: RunContext,
  from: AgentState,
  round: number,
  attack: { malicious: boolean; threat: string | undefined; variant?: string | undefined; cause?: string | undefined },
): void {
  if (!attack.malicious || attack.threat === undefined || from.view.role !== 'benign' || ctx.compromised.has(from.view.id)) return;
  ctx.compromised.add(from.view.id);
  ctx.events.push({
    type: 'agent-compromise',
    round,
    agent: from.view.id,
    threat: attack.threat,
    ...(attack.variant === undefined ? {} : { variant: attack.variant }),
    ...(attack.cause === undefined ? {} : { via: attack.cause }),
  });
}
