import type { AbortSignalLike } from './platform.js';
import type { z } from 'zod';
import type { AgentId, Confidentiality, Envelope, Labels, Marking } from './envelope.js';
import type { RegistryEntry } from './registry.js';
import type { Rng } from './rng.js';
import type { ServiceName, ServicesFor } from './services.js';

/**
 * What an agent is to the experiment: `benign` agents act for the defender's principals and are the
 * population attacks are measured on; `adversary` agents are the attacker's (added, corrupted, or a group
 * declared so); `neutral` agents are neither (a market maker, an auctioneer, a moderator): mail to them is
 * not exfiltration and they are not victims.
 */
export const AGENT_ROLES = ['benign', 'adversary', 'neutral'] as const;
export type AgentRole = (typeof AGENT_ROLES)[number];

/** A labelled private record an agent holds (personal data, a secret fragment...). */
export interface SecretRecord {
  id: string;
  owner: AgentId;
  label: string;
  value: string;
  /** The whole secret this record is a fragment of, when secrets are split across agents. */
  secret?: string;
  /** How sensitive it is (default: `confidential`). */
  confidentiality?: Confidentiality;
}

/** One item in an agent's retrieval memory. */
export interface MemoryItem {
  /** Id of the envelope the item came from. */
  id: string;
  from: AgentId;
  text: string;
  marking: Marking;
  round: number;
  /** Labels the content carried when it was stored (taint tracking). */
  labels?: Labels;
  /** Principal whose partition of a shared store the item belongs to (its writer's). */
  partition?: string;
}

export interface MemoryView {
  readonly size: number;
  /** Every item, oldest first (an agent reading its whole inbox or album). */
  items(): readonly MemoryItem[];
  /** The k most relevant items for the query, best first. */
  retrieve(query: string, k: number): MemoryItem[];
}

export interface AgentView {
  readonly id: AgentId;
  readonly index: number;
  readonly role: AgentRole;
  /** The scenario's agent group it belongs to (absent: the default group of `agents.policy`). */
  readonly group?: string;
  /** Which model or policy variant the agent runs (`default` unless a diversity defense assigned another). */
  readonly variant?: string;
  /**
   * Id of the model (from the scenario's `models`) this agent runs, chosen by its variant, group, arm and
   * `agents.model` (see `agentModel`); absent when the scenario declares no models. Pass it to
   * `services.models.get(...)`.
   */
  readonly model?: string;
}

/** A tool as offered to an agent, after the shield's `tool-list` pass: what a model would be shown. */
export interface ToolInfo {
  readonly name: string;
  readonly description: string;
  /** JSON Schema of its arguments, when the tool declares one. */
  readonly inputSchema?: Readonly<Record<string, unknown>>;
}

/** A store many agents share (a knowledge base, a team memory). Reads pass the shield's `memory-read` hook. */
export interface SharedStoreView {
  readonly name: string;
  readonly size: number;
  /** The k most relevant items the shield lets this agent read, best first. */
  retrieve(query: string, k: number): Promise<MemoryItem[]>;
}

/** What a policy sees on its turn. */
export interface Observation {
  readonly self: AgentView;
  readonly round: number;
  /** Agents this agent may address this round (its neighbours in the topology). */
  readonly contacts: readonly AgentId[];
  /** Envelopes delivered to this agent since its last turn, in delivery order. */
  readonly incoming: readonly Envelope[];
  readonly memory: MemoryView;
  readonly records: readonly SecretRecord[];
  /** Shared stores this agent can query, by name (empty when the scenario has none). */
  readonly stores: Readonly<Record<string, SharedStoreView>>;
  /** Tools offered this round, as the shield let their definitions through (empty when there are none). */
  readonly tools: readonly ToolInfo[];
  /** What each environment (market, vote, auction...) shows this agent, by environment name. */
  readonly environments: Readonly<Record<string, unknown>>;
  /** This agent's own random stream for this round. */
  readonly rng: Rng;
  /** Aborted when the run is cancelled or fails: pass it to model calls and anything else that waits. */
  readonly signal: AbortSignalLike;
  /**
   * What the agent sent since its last turn that was refused, in the order it happened: mail blocked on its
   * way out or on delivery, refused tool calls, writes and outputs (absent or empty: nothing was refused).
   * This is what a sender learns in a real deployment (a bounce, an HTTP error with the verdict code), never
   * the guards' reasons or flags that did not block.
   */
  readonly refusals?: readonly Refusal[];
}

/** One refused action, as its sender learns it: which envelope, where it was going, the verdict code. */
export interface Refusal {
  /** Id of the refused envelope (`m<round>.<n>` for mail, `t`, `w`, `o` for tool calls, writes and outputs). */
  readonly id: string;
  /** Where it was going: an agent id, `tool:<name>`, `store:<name>` or `user:<agent>`. */
  readonly to: string;
  /** The verdict code a gateway answers with (`UNKNOWN_RECIPIENT`, `TOOL_NOT_OFFERED` when the engine refused). */
  readonly code: string;
}

export interface SendAction {
  kind: 'send';
  to: string;
  text: string;
  subject?: string;
  inReplyTo?: string;
  /** The sender expects an answer (a benign task). */
  task?: boolean;
  data?: Record<string, unknown>;
  labels?: Labels;
  /**
   * Envelope id of the attack content that drove this action, when the policy knows it (lineage). Like a
   * recognised payload, it makes the action malicious in the engine's ground truth; benign work sets none.
   */
  cause?: string;
}

/** Report a piece of the agent's state (a belief, a health status) so that judges and metrics can read it. */
export interface StateAction {
  kind: 'state';
  key: string;
  value: string | number | boolean;
}

/** Call a tool the world offers; its result arrives with the next round's incoming envelopes. */
export interface ToolAction {
  kind: 'tool';
  tool: string;
  args: Record<string, unknown>;
  labels?: Labels;
  cause?: string;
}

/** Write an item into a shared store. */
export interface MemoryWriteAction {
  kind: 'memory-write';
  store: string;
  text: string;
  labels?: Labels;
  cause?: string;
}

/** The agent's final answer to its user (the output channel), or to the agent that asked (`to`). */
export interface OutputAction {
  kind: 'output';
  text: string;
  /** Who receives the answer; default: the agent's own user. */
  to?: AgentId;
  labels?: Labels;
  cause?: string;
}

/** An action in an environment (a price, a vote, a bid, a post): collected from every agent, then stepped. */
export interface EnvironmentAction {
  kind: 'environment';
  /** The environment's name. */
  environment: string;
  /** What the agent does there, in the environment's own terms (checked by the environment). */
  value: unknown;
}

/**
 * An action the agent tried that could not be carried out: a model's tool call naming no offered tool or with
 * arguments that fail the tool's schema, an answer that could not be read, a refusal. The engine logs it as
 * an `action-invalid` event and does nothing else (a model's mistake is data, not a crash).
 */
export interface InvalidAction {
  kind: 'invalid';
  /** `unknown-tool`, `invalid-arguments`, `malformed-answer`, `refused`, or a policy's own code. */
  reason: string;
  /** The tool the call named, when there was one. */
  tool?: string;
  /** What was wrong, briefly (no secrets: policies pass what the model wrote, truncated). */
  detail?: string;
}

export type Action = SendAction | StateAction | ToolAction | MemoryWriteAction | OutputAction | EnvironmentAction | InvalidAction;

/** How an agent acts. Scripted, stochastic surrogate, LLM-backed or replayed. */
export interface Policy {
  readonly specVersion: 'v1';
  act(observation: Observation): Promise<Action[]> | Action[];
}

/**
 * A decorator over an agent's own policy, for colluders that keep their benign behaviour (answer mail, do
 * their job) while pursuing the attacker's goal. `benign` is the policy the agent's group would give it.
 */
export type PolicyWrapper = (benign: Policy, agent: AgentView) => Policy;

/**
 * An adversarial instruction found in some text, as a surrogate policy's stand-in for an LLM reading it.
 * Threats register how to recognise their payloads; surrogates decide (stochastically) whether to obey.
 * Real LLM policies ignore this: the model reads the text itself.
 */
export interface AdversarialInstruction {
  threat: string;
  variant: string;
  /** Text the instruction asks to be copied into outputs (self-replication). */
  replicate?: string;
  /** Agent the instruction asks private records to be sent to (exfiltration). */
  exfiltrateTo?: AgentId;
  /** An imperfect copy: the payload as a model that paraphrases while replicating might write it. */
  mutate?(rng: Rng): string;
  /** What a model that obeys writes in its answer: a jailbreak's target output (recognised by the same oracle). */
  target?: string;
  /** A tool call the instruction asks for (a targeted action: the attacker's chosen tool and arguments). */
  invoke?: { tool: string; args: Record<string, unknown> };
}

/**
 * A phrase an attacker gets into a share of the requests users give their agents (a backdoor trigger, as in
 * AgentPoison): policies that make up their users' requests add it to that share of them.
 */
export interface QueryTrigger {
  threat: string;
  phrase: string;
  /** Probability that a request carries the phrase. */
  rate: number;
}

export interface InstructionOracle {
  find(text: string): AdversarialInstruction | undefined;
  /** The triggers threats put into users' requests (none when absent). */
  triggers?(): readonly QueryTrigger[];
}

export interface PolicyContext {
  readonly agent: AgentView;
  readonly instructions: InstructionOracle;
  /** The agent's own stream for setup-time draws (e.g. whether this agent is susceptible). */
  readonly rng: Rng;
  /**
   * Reads a file the scenario names (a prompt template), resolved relative to the scenario file; absent
   * where the engine runs without files (then a policy that needs one must say so).
   */
  readonly readText?: (path: string) => string;
}

/**
 * A registry entry for a policy. The factory gets the run's services (clock, abort signal, state, and those
 * the policy `requires`, such as `models`); a missing required service is reported when the scenario loads.
 */
export interface PolicyDefinition<C = unknown, R extends ServiceName = never> extends RegistryEntry {
  readonly configSchema: z.ZodType<C>;
  readonly requires?: readonly R[];
  create(config: C, context: PolicyContext, services: ServicesFor<R>): Policy;
}
