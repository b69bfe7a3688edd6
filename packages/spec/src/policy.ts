import type { z } from 'zod';
import type { AgentId, Confidentiality, Envelope, Labels, Marking } from './envelope.js';
import type { RegistryEntry } from './registry.js';
import type { Rng } from './rng.js';

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
  readonly role: 'benign' | 'adversary';
  /** Which model or policy variant the agent runs (`default` unless a diversity defense assigned another). */
  readonly variant?: string;
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
  /** This agent's own random stream for this round. */
  readonly rng: Rng;
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

export type Action = SendAction | StateAction | ToolAction | MemoryWriteAction | OutputAction;

/** How an agent acts. Scripted, stochastic surrogate, LLM-backed or replayed. */
export interface Policy {
  readonly specVersion: 'v1';
  act(observation: Observation): Promise<Action[]> | Action[];
}

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
}

export interface PolicyDefinition<C = unknown> extends RegistryEntry {
  readonly configSchema: z.ZodType<C>;
  create(config: C, context: PolicyContext): Policy;
}
