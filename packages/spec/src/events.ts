/**
 * The event log: append-only, typed, noun-action events. Metrics, judges, replay, lineage, the report and
 * the audit trail are all derived from it. Events hold what happened in simulated time only (rounds), never
 * wall-clock readings, so that a run's log — and its digest — is a pure function of scenario and seed.
 */
import type { AgentId } from './envelope.js';
import type { EnvironmentValue } from './environment.js';
import type { ErrorCode } from './errors.js';

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
  /** Adversary-controlled agents (added by threats, benign agents a threat corrupted, adversary groups). */
  adversaries?: string[];
  /** Agents that are neither the defender's nor the attacker's (neutral groups: market makers, moderators). */
  neutral?: string[];
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
  /** The block's verdict code (`UNKNOWN_RECIPIENT` when the engine itself refused it). */
  code: string;
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
  /** The flag's verdict code, when the guard gave one. */
  code?: string;
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

/** Where a secret was seen: an inter-agent message, a shared-store write, tool-call arguments, an agent's output. */
export type LeakSink = 'message' | 'memory' | 'tool' | 'output';

export interface SecretLeakEvent {
  type: 'secret-leak';
  round: number;
  /** Record id (a fragment id when secrets are split). */
  secret: string;
  owner: AgentId;
  /** Who or what received it: an agent id, `store:<name>` or `tool:<name>`. */
  to: string;
  /** Envelope (or write, tool call, output) that carried it. */
  id: string;
  channel: string;
  /** Kind of channel; absent in logs written before sinks were tracked (means `message`). */
  sink?: LeakSink;
  /** The receiver is adversary-controlled (exfiltration), not an internal exposure. Absent means true. */
  external?: boolean;
}

/** A piece of agent state the policy reported (a belief, a health status). */
export interface AgentStateEvent {
  type: 'agent-state';
  round: number;
  agent: AgentId;
  key: string;
  value: string | number | boolean;
  /** Ground truth (never shown to defenses): an oracle recognises an attack's claim in the value. Absent: it does not. */
  malicious?: true;
  threat?: string;
}

/** Whether the shield let an action through, and when it did not, which guard refused it with what code. */
export interface ShieldOutcome {
  allowed: boolean;
  /** When not allowed: the guard that blocked it (`engine` when the engine itself refused) and the verdict code. */
  guard?: string;
  code?: string;
}

export interface ToolCallEvent extends ShieldOutcome {
  type: 'tool-call';
  round: number;
  id: string;
  agent: AgentId;
  tool: string;
  chars: number;
  /** Ground truth: the call carries or was driven by an attack. */
  malicious: boolean;
  threat?: string;
}

export interface MemoryWriteEvent extends ShieldOutcome {
  type: 'memory-write';
  round: number;
  id: string;
  agent: AgentId;
  store: string;
  chars: number;
  malicious: boolean;
  threat?: string;
}

export interface MemoryReadEvent {
  type: 'memory-read';
  round: number;
  agent: AgentId;
  store: string;
  /** Ids of the items retrieved before the shield, and of those it let through. */
  retrieved: string[];
  delivered: string[];
  /** How many of the retrieved items carry an attack (ground truth). */
  malicious: number;
}

export interface AgentOutputEvent extends ShieldOutcome {
  type: 'agent-output';
  round: number;
  id: string;
  agent: AgentId;
  to: string;
  chars: number;
  malicious: boolean;
  threat?: string;
}

/**
 * The tool definitions offered to agents this round after the shield's `tool-list` pass (logged only when a
 * guard listens on that hook): which tools passed and which a guard withheld.
 */
export interface ToolListEvent {
  type: 'tool-list';
  round: number;
  offered: string[];
  withheld: { tool: string; guard: string; code: string }[];
}

/** What a tool returned, after the shield's `tool-result` pass (logged only when a guard listens on it). */
export interface ToolResultEvent extends ShieldOutcome {
  type: 'tool-result';
  round: number;
  /** Id of the result envelope: the call's id with `.result`. */
  id: string;
  agent: AgentId;
  tool: string;
  chars: number;
  /** Ground truth: the result carries an attack. */
  malicious: boolean;
  threat?: string;
}

/** An environment's step: how many actions it took this round, and the state and outcomes it reported. */
export interface EnvironmentStepEvent {
  type: 'environment-step';
  round: number;
  environment: string;
  moves: number;
  state?: Record<string, EnvironmentValue>;
  outcomes?: Record<string, EnvironmentValue>;
}

/** An environment action the environment refused (malformed, out of range, unknown environment). */
export interface EnvironmentRejectEvent {
  type: 'environment-reject';
  round: number;
  environment: string;
  agent: AgentId;
  reason: string;
}

/** An action an agent tried that could not be carried out (a model's unknown tool, bad arguments, unreadable answer, refusal). */
export interface ActionInvalidEvent {
  type: 'action-invalid';
  round: number;
  agent: AgentId;
  reason: string;
  tool?: string;
  detail?: string;
}

/** A guard removed items from an agent's memory (sanitisation). */
export interface MemoryPurgeEvent {
  type: 'memory-purge';
  round: number;
  agent: AgentId;
  guard: string;
  items: number;
  /** How many of them carried an attack (ground truth). */
  malicious: number;
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

/**
 * How a run ended: `ok`; `error` (a policy, guard, tool or the engine failed: the log up to the failure is
 * kept); `cancelled` (the run's abort signal fired); `budget-exceeded` (a token or cost budget ran out).
 */
export const RUN_END_STATUSES = ['ok', 'error', 'cancelled', 'budget-exceeded'] as const;
export type RunEndStatus = (typeof RUN_END_STATUSES)[number];

/** Market engine: learning so far, every `progress` periods (mean price per firm over the window). */
export interface MarketProgressEvent {
  type: 'market-progress';
  /** Periods played. */
  round: number;
  /** Exploration probability ε reached. */
  epsilon: number;
  /** Periods since a greedy strategy last changed. */
  stableFor: number;
  /** Each firm's mean price over the window. */
  meanPrices: number[];
}

/**
 * Market engine: the end of a learning session — the static benchmarks, the cycle greedy play settled into,
 * each firm's profit gain Δ_i = (π̄_i − π_N,i)/(π_M,i − π_N,i), and the response to a one-period deviation.
 */
export interface MarketEndEvent {
  type: 'market-end';
  round: number;
  converged: boolean;
  nashPrices: number[];
  monopolyPrices: number[];
  nashProfits: number[];
  monopolyProfits: number[];
  /** Prices of every firm in each step of the cycle. */
  cyclePrices: number[][];
  cycleProfits: number[];
  profitGains: number[];
  deviation: {
    firm: number;
    /** Every firm's price before the deviation, in the deviation period, then in each period after. */
    prices: number[][];
    /** Periods until the prices were back on the cycle, or null. */
    returned: number | null;
    /** The deviator's discounted profit over the path minus staying on the cycle (negative: it did not pay). */
    gain: number;
  };
  /** Each market defense's highest window score, the period it was reached, and when it first flagged (or null). */
  monitors: { guard: string; maxScore: number; maxAt: number; flaggedAt: number | null }[];
}

/** Market engine: a market defense's first flag in the session, and the price cap it ordered with it. */
export interface MarketFlagEvent {
  type: 'market-flag';
  /** Periods played when the window that flagged ended. */
  round: number;
  guard: string;
  score: number;
  code: string;
  reason: string;
  priceCap?: number[];
}

export interface RunEndEvent {
  type: 'run-end';
  /** The round the run ended in (`rounds` when it ran to the end). */
  round: number;
  status: RunEndStatus;
  /** What went wrong, when the status is not `ok`. */
  error?: string;
  code?: ErrorCode;
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
  | AgentStateEvent
  | ToolCallEvent
  | MemoryWriteEvent
  | MemoryReadEvent
  | AgentOutputEvent
  | ToolListEvent
  | ToolResultEvent
  | EnvironmentStepEvent
  | EnvironmentRejectEvent
  | ActionInvalidEvent
  | MemoryPurgeEvent
  | TaskCompleteEvent
  | RoundEndEvent
  | PopulationRoundEvent
  | PopulationEndEvent
  | MarketProgressEvent
  | MarketFlagEvent
  | MarketEndEvent
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
  'agent-state',
  'tool-call',
  'memory-write',
  'memory-read',
  'agent-output',
  'tool-list',
  'tool-result',
  'environment-step',
  'environment-reject',
  'action-invalid',
  'memory-purge',
  'task-complete',
  'round-end',
  'population-round',
  'population-end',
  'market-progress',
  'market-flag',
  'market-end',
  'run-end',
];

export type EventOf<T extends EventType> = Extract<MasecEvent, { type: T }>;

/**
 * Where a run's events go as they happen, besides (or instead of) memory: the runner's sink encodes each
 * event as it arrives (canonical line, digest, compression), so a long run need not hold its log.
 */
export interface EventLogSink {
  /** Takes one event, in log order. */
  write(event: MasecEvent): void;
  /** The events written so far, in order, read back one at a time (metrics and judges read the log this way). */
  replay(): Iterable<MasecEvent>;
}
