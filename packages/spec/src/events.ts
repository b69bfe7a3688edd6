/**
 * The event log: append-only, typed, noun-action events. Metrics, judges, replay, lineage, the report and
 * the audit trail are all derived from it. Events hold what happened in simulated time only (rounds), never
 * wall-clock readings, so that a run's log — and its digest — is a pure function of scenario and seed.
 */
import type { AgentId } from './envelope.js';

export interface RunStartEvent {
  type: 'run-start';
  round: 0;
  scenario: string;
  seed: number;
  arm: string;
  agents: number;
  /** Agents that act for the defender's principals (not adversary-controlled). */
  benign: number;
  /** Defense ids in the shield pipeline, in order. */
  defenses: string[];
  /** Those of them that are monitors (their flags count as detections). */
  monitors: string[];
}

export interface MessageSendEvent {
  type: 'message-send';
  round: number;
  id: string;
  from: AgentId;
  to: string;
  channel: string;
  chars: number;
  inReplyTo?: string;
  /** The sender expects an answer: a benign task whose completion counts as utility. */
  task?: boolean;
  /** Ground truth from the threat oracle (never shown to defenses): the content carries an attack. */
  malicious: boolean;
  threat?: string;
  variant?: string;
}

export interface MessageDeliverEvent {
  type: 'message-deliver';
  round: number;
  id: string;
  to: string;
}

export interface MessageBlockEvent {
  type: 'message-block';
  round: number;
  id: string;
  guard: string;
  reason: string;
}

export type GuardAction = 'flag' | 'block' | 'transform';

export interface GuardVerdictEvent {
  type: 'guard-verdict';
  round: number;
  /** Envelope id. */
  id: string;
  guard: string;
  action: GuardAction;
  score?: number;
  reason: string;
}

export interface AgentCompromiseEvent {
  type: 'agent-compromise';
  round: number;
  agent: AgentId;
  threat: string;
  variant?: string;
  /** Envelope whose content the agent acted on, when the policy knows it. */
  via?: string;
}

export interface AgentQuarantineEvent {
  type: 'agent-quarantine';
  round: number;
  agent: AgentId;
  guard: string;
  reason: string;
}

export interface SecretLeakEvent {
  type: 'secret-leak';
  round: number;
  secret: string;
  owner: AgentId;
  to: AgentId;
  /** Envelope that carried it. */
  id: string;
  channel: string;
}

export interface TaskCompleteEvent {
  type: 'task-complete';
  round: number;
  /** Id of the envelope that asked for the task. */
  task: string;
  agent: AgentId;
}

export interface RoundEndEvent {
  type: 'round-end';
  round: number;
  sent: number;
  delivered: number;
  blocked: number;
}

/**
 * One round of the population engine, which has no per-agent events: compartment sizes at the end of the
 * round and what changed during it. Counts are of benign agents.
 */
export interface PopulationRoundEvent {
  type: 'population-round';
  round: number;
  susceptible: number;
  exposed: number;
  compromised: number;
  recovered: number;
  quarantined: number;
  /** Agents that became compromised this round. */
  newCompromised: number;
  /** Agents compromised at least once by the end of this round. */
  everCompromised: number;
  /** Compromised agents flagged by a monitor this round (true positives). */
  detected: number;
  /** Agents flagged this round although not compromised (false positives). */
  falseFlags: number;
  /** Agents isolated this round, and how many of them had never been compromised. */
  newQuarantined: number;
  falseQuarantined: number;
  /** Edges cut this round (edge pruning). */
  edgesCut: number;
}

/** End of a population run: secondary infections by infection round (for R_eff) and a hash of the final state. */
export interface PopulationEndEvent {
  type: 'population-end';
  round: number;
  /** cohortSize[t]: agents that became compromised in round t. */
  cohortSize: number[];
  /** cohortOffspring[t]: agents those agents compromised, in any later round. */
  cohortOffspring: number[];
  /** Agents that carry the more resistant policy or model (diversity), 0 without it. */
  resistant: number;
  /** FNV-1a hash of the final per-agent state array, hex. */
  stateHash: string;
}

export interface RunEndEvent {
  type: 'run-end';
  round: number;
  status: 'ok' | 'error';
  error?: string;
}

export type MasecEvent =
  | RunStartEvent
  | MessageSendEvent
  | MessageDeliverEvent
  | MessageBlockEvent
  | GuardVerdictEvent
  | AgentCompromiseEvent
  | AgentQuarantineEvent
  | SecretLeakEvent
  | TaskCompleteEvent
  | RoundEndEvent
  | PopulationRoundEvent
  | PopulationEndEvent
  | RunEndEvent;

export type EventType = MasecEvent['type'];

export const EVENT_TYPES: readonly EventType[] = [
  'run-start',
  'message-send',
  'message-deliver',
  'message-block',
  'guard-verdict',
  'agent-compromise',
  'agent-quarantine',
  'secret-leak',
  'task-complete',
  'round-end',
  'population-round',
  'population-end',
  'run-end',
];

export type EventOf<T extends EventType> = Extract<MasecEvent, { type: T }>;
