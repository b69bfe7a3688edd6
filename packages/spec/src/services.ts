/**
 * What the runner (or the gateway) hands to the plugins it creates: policies, guards and threats get their
 * services as an explicit, typed argument, never from globals. Three are always there — the clock, the run's
 * abort signal and guard state; the others exist only when configured, and a plugin that needs one says so
 * in `requires`, so that a missing service is an error when the scenario is loaded, not a crash mid-run.
 */
import type { AbortSignalLike } from './platform.js';
import type { Clock } from './clock.js';
import type { EventLogSink } from './events.js';

/** Options of a bounded map of guard state. */
export interface StateMapOptions {
  /** Entries kept; the least recently used one is dropped past this. */
  maxEntries: number;
  /** Entries older than this (in the clock's unit, since last written) are dropped; none when absent. */
  ttl?: number;
}

/**
 * A bounded map of guard state, named within its store. Synchronous: the in-memory store is the default; a
 * store shared by several gateway replicas keeps a local view that it reconciles in the background.
 */
export interface StateMap<V> {
  readonly size: number;
  get(key: string): V | undefined;
  has(key: string): boolean;
  set(key: string, value: V): void;
  delete(key: string): boolean;
  /** Keys from least to most recently used (expired entries skipped). */
  keys(): IterableIterator<string>;
  entries(): IterableIterator<[string, V]>;
  clear(): void;
}

/** Where guards keep state across envelopes: bounded maps by name. */
export interface StateStore {
  map<V>(name: string, options: StateMapOptions): StateMap<V>;
}

/** One message of a conversation with a language model. */
export interface ModelMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  /** For `tool` messages: the call answered. */
  toolCallId?: string;
  /** For `assistant` messages: the tool calls the model made. */
  toolCalls?: readonly ModelToolCall[];
}

/** A tool the model may call: its name, description and JSON Schema of its arguments. */
export interface ModelTool {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export interface ModelToolCall {
  id: string;
  name: string;
  /** Arguments as the model wrote them (parsed JSON when it parsed, else the raw text). */
  args: unknown;
}

export interface ModelRequest {
  messages: readonly ModelMessage[];
  tools?: readonly ModelTool[];
  /** Which sample of this request (seeds draw their own samples at temperature > 0). */
  sample?: number;
  /** Who asks, for transcripts and error messages: the agent and round. */
  agent?: string;
  round?: number;
}

export interface ModelUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface ModelResponse {
  text: string;
  toolCalls: readonly ModelToolCall[];
  usage: ModelUsage;
  finishReason: 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'error' | 'other';
  /** Whether the answer came from the response cache (no request made). */
  cached: boolean;
  /**
   * Why the answer is unusable, when the server's answer could not be read (a malformed body): such an answer
   * has finish reason `error`, no text and no tool calls, and is recorded and cached like any other.
   */
  error?: string;
}

/** A language model declared in the scenario, ready to call. */
export interface ModelClient {
  /** The model id of the scenario's `models` block. */
  readonly id: string;
  generate(request: ModelRequest, options: { signal: AbortSignalLike }): Promise<ModelResponse>;
}

/** The scenario's models, by id. */
export interface ModelProvider {
  ids(): readonly string[];
  /** The model with this id; throws CONFIG_INVALID naming the valid ids when there is none. */
  get(id: string): ModelClient;
}

/** Stored model answers, content-addressed by a key the model layer computes (`@masec/models` `cacheKey`). */
export interface ResponseCache {
  get(key: string): Promise<ModelResponse | undefined>;
  put(key: string, response: ModelResponse): Promise<void>;
}

/** Spending limits of a run: charging past a limit throws BUDGET_EXCEEDED. */
export interface Budget {
  charge(usage: ModelUsage & { costUsd?: number }): void;
  /** What is left, or undefined for a measure without a limit. */
  remaining(): { tokens?: number; costUsd?: number };
}

/** Keys for signing and verifying agent identities (the gateway's registry). */
export interface KeyStore {
  /** The public key (raw Ed25519 bytes) registered under `keyId`, if any. */
  publicKey(keyId: string): Promise<Uint8Array | undefined>;
  /** Signs `data` with the private key of `keyId` (keys this process holds). */
  sign(keyId: string, data: Uint8Array): Promise<Uint8Array>;
}

/** The services every plugin gets. */
export interface BaseServices {
  readonly clock: Clock;
  /** Aborted when the run is cancelled or fails: pass it to anything that waits (model calls, tools). */
  readonly signal: AbortSignalLike;
  readonly state: StateStore;
}

/** Services that exist only when configured. */
export interface OptionalServices {
  readonly models: ModelProvider;
  readonly cache: ResponseCache;
  readonly budget: Budget;
  readonly keys: KeyStore;
}

export const OPTIONAL_SERVICES = ['models', 'cache', 'budget', 'keys'] as const satisfies readonly (keyof OptionalServices)[];
export type ServiceName = (typeof OPTIONAL_SERVICES)[number];

/** What a runner provides: the base services, and the optional ones it was configured with. */
export type RunServices = BaseServices & Partial<OptionalServices>;

/** What a plugin that requires the services `R` gets: those present for certain. */
export type ServicesFor<R extends ServiceName> = RunServices & Pick<OptionalServices, R>;

/** The services of `requires` that `services` lacks. */
export function missingServices(requires: readonly ServiceName[] | undefined, services: Partial<Record<ServiceName, unknown>>): ServiceName[] {
  return (requires ?? []).filter((name) => services[name] === undefined);
}

/** What an engine run can be given besides its scenario: a way to cancel it, optional services, where its log goes. */
export interface RunControls {
  /** Cancels the run: it stops at the next step and ends with status `cancelled`, its log so far kept. */
  signal?: AbortSignalLike;
  /** Optional services plugins may require (models, response cache, budget, keys). */
  services?: Partial<OptionalServices>;
  /** Where events go as they are written (the runner's encoder); with `keepLog: false`, only there. */
  sink?: EventLogSink;
  keepLog?: boolean;
}
