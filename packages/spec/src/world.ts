/**
 * What a threat may do to a message-engine world while setting up a run. Threats add adversaries (or corrupt
 * benign agents), give agents records, plant content, offer tools, shared stores and environments, schedule
 * injected messages and register the oracle that recognises their payloads.
 */
import type { AbortSignalLike } from './platform.js';
import type { AgentId, Confidentiality, Labels } from './envelope.js';
import type { Environment } from './environment.js';
import type { AgentView, InstructionOracle, Policy, PolicyWrapper, SecretRecord } from './policy.js';
import type { Rng } from './rng.js';

export interface PlantedItem {
  from: AgentId;
  text: string;
}

export interface InjectedMessage {
  round: number;
  from: AgentId;
  to: AgentId;
  text: string;
  subject?: string;
  /**
   * Attack traffic an attacker writes straight onto the network (forged, replayed or tampered): it passes no
   * `send` hook — the claimed sender's client never saw it — only the recipient's `deliver`. Absent: the
   * message is sent by `from` like any other.
   */
  network?: NetworkInjection;
}

/** What a network injection is, for ground truth, and what it copies. */
export interface NetworkInjection {
  threat: string;
  /** The attack variant, logged with the send (`forged`, `replayed`, `tampered`...). */
  variant: string;
  /**
   * Re-send a copy of the first envelope `from` sent in or after `round`, as it left its sender (signature
   * included), to its original recipient (the message's own `to` and `text` are then ignored, unless
   * `tamper` is set: the copy's text becomes the message's `text`). Nothing is sent when no such envelope
   * was sent before the injection's round.
   */
  replayOf?: { from: AgentId; round: number; tamper?: boolean };
}

/** Who calls a tool, when, and the signal that aborts the call when the run is cancelled or fails. */
export interface ToolCall {
  agent: AgentId;
  round: number;
  signal: AbortSignalLike;
}

/**
 * A tool agents can call with a `tool` action. Its result passes the shield's `tool-result` hook and reaches
 * the caller with the next round's mail. Its definition (name, description, schema) passes the `tool-list`
 * hook each round before agents see it: `describe` lets a tool change what it says (a rug pull).
 */
export interface WorldTool {
  name: string;
  description: string;
  /** JSON Schema of the arguments, shown to models. */
  inputSchema?: Readonly<Record<string, unknown>>;
  /** The description offered in `round`, when it changes over the run (default: `description`). */
  describe?(round: number): string;
  /** An adversary that controls the tool (its arguments reach the adversary: leaks are exfiltration). */
  owner?: AgentId;
  /**
   * Runs the call; the returned text is delivered to the caller (undefined: no result). May be asynchronous;
   * must be deterministic given its arguments and the call.
   */
  run(args: Readonly<Record<string, unknown>>, call: ToolCall): string | undefined | Promise<string | undefined>;
}

/** An item put into a shared store by the threat at setup (or by a `memory-write` action during the run). */
export interface StoreItem {
  id?: string;
  from: AgentId;
  text: string;
  labels?: Labels;
  /** Principal whose partition it belongs to (default: `from`). */
  partition?: string;
}

export interface StoreHandle {
  readonly name: string;
  add(item: StoreItem): void;
}

export interface StoreOptions {
  /** Items kept (oldest evicted). */
  capacity?: number;
  /** Adversaries that can read it: what is written there reaches them (leaks are exfiltration). */
  readers?: readonly AgentId[];
}

export interface MessageWorld {
  readonly agents: readonly AgentView[];
  /** Benign agents only (the population attacks are measured on). */
  readonly benign: readonly AgentView[];
  /** This threat's own random stream. */
  readonly rng: Rng;
  /**
   * An agent's neighbours in the scenario's topology (under random pairing: its round-0 partner); empty for
   * adversaries added outside the topology. What a threat needs to aim at an agent's dependencies.
   */
  contacts(agent: AgentId): readonly AgentId[];
  /** Adds an adversary outside the topology; with a policy it acts every round, without it only receives. */
  addAdversary(id: AgentId, policy?: Policy): AgentView;
  /**
   * Turns a benign agent into an adversary that keeps its place in the topology and acts with `policy`, or
   * with what `wrap` makes of the benign policy its group would give it (created after every threat's setup).
   */
  corrupt(agent: AgentId, policy: Policy | PolicyWrapper): AgentView;
  /** Put content straight into an agent's retrieval memory (zero-click entry; bypasses the shield). */
  plantMemory(agent: AgentId, item: PlantedItem): void;
  /** Send a message at a given round; it goes through the shield like any other. */
  inject(message: InjectedMessage): void;
  /** Register how to recognise this threat's payloads in text (ground truth and surrogate reading). */
  addOracle(oracle: InstructionOracle): void;
  records(agent: AgentId): readonly SecretRecord[];
  /** Gives an agent more labelled records (secret fragments, credentials...). */
  addRecords(agent: AgentId, records: readonly SecretRecord[]): void;
  addTool(tool: WorldTool): void;
  /** Adds an environment agents act in with `environment` actions (a market, a vote, a board). */
  addEnvironment(environment: Environment): void;
  /** Creates a shared store that every agent can query (`Observation.stores[name]`) and write to. */
  addStore(name: string, options?: StoreOptions): StoreHandle;
  /**
   * Also log secrets seen on internal channels — benign agents' messages to each other, shared-store
   * writes, tool arguments — not only what reaches an adversary (scans every delivery: costs time).
   */
  trackInternalLeaks(): void;
  /**
   * Sets the highest confidentiality a party may receive (what label-aware guards check): an agent id,
   * `tool:<name>`, `store:<name>` or `user:<agent>`. Defaults: benign agents and their users `confidential`,
   * adversaries and adversary-controlled tools and stores `public`, other tools and stores `internal`.
   */
  setClearance(party: string, level: Confidentiality): void;
}

