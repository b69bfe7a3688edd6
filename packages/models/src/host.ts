/**
 * The model host: the one place model calls go through in a process. It owns the response cache's mode,
 * the endpoints' limiters (so concurrency holds across all runs and worker threads), retries and timeouts,
 * spending limits, the keys (read from the environment, kept out of every message) and, per run, the
 * transcript. `openRun` gives a run its `ModelProvider` (spec), which policies and guards get as
 * `services.models`.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import {
  type AbortSignalLike,
  MasecError,
  type ModelBudget,
  type ModelClient,
  type ModelDeclaration,
  type ModelProvider,
  type ModelRequest,
  type ModelResponse,
  type ResponseCache,
} from '@masec/spec';
import { AiSdkTransport, type FetchFunction } from './ai-sdk-transport.js';
import { type SampleIndex, cacheKey, providerSeed, samples } from './cache-key.js';
import { onAbort } from './abort.js';
import { AttemptTimeout, classifyFailure, redact } from './failures.js';
import { EndpointLimiter } from './limiter.js';
import { SpendLimit, type Spent, callCost } from './spend.js';
import { type ModelRunCosts, type TranscriptEntry, compareEntries } from './transcript.js';
import type { ModelTransport, TransportAnswer } from './transport.js';

/** readwrite: use and fill the cache; read: use it, add nothing; off: neither; replay: answers only from it, a miss fails. */
export const CACHE_MODES = ['readwrite', 'read', 'off', 'replay'] as const;
export type CacheMode = (typeof CACHE_MODES)[number];

export interface ModelHostOptions {
  models: readonly ModelDeclaration[];
  /** Where keys are read (default: `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The response cache (the results store's); without one the mode is `off`. */
  cache?: ResponseCache;
  mode?: CacheMode;
  budget?: ModelBudget;
  /** How calls are made (default: the AI SDK over `fetch`). */
  transport?: ModelTransport;
  fetch?: FetchFunction;
  /** Characters per token when a request's size must be estimated before it is made (default 4). */
  charsPerToken?: number;
  /** Whether a request needs its key (default true; a dry run, which sends nothing, does not). */
  requireKeys?: boolean;
}

const BACKOFF_BASE_MS = 250;

/** Rough input tokens of a request before it is made (for tokens-per-minute limits). */
export function estimateTokens(request: Pick<ModelRequest, 'messages' | 'tools'>, charsPerToken = 4): number {
  let chars = 0;
  for (const m of request.messages) chars += m.content.length + 8;
  for (const t of request.tools ?? []) chars += t.name.length + t.description.length + JSON.stringify(t.parameters).length;
  return Math.ceil(chars / charsPerToken);
}

function endpointOf(model: ModelDeclaration): string {
  return `${model.provider} ${model.baseUrl ?? '(default)'}`;
}

function abortError(signal: AbortSignalLike): unknown {
  return signal.reason ?? Object.assign(new Error('the run was cancelled'), { name: 'AbortError' });
}

export class ModelHost {
  readonly mode: CacheMode;
  readonly experiment: SpendLimit;
  readonly #models: ReadonlyMap<string, { declaration: ModelDeclaration; index: number }>;
  readonly #limiters = new Map<string, EndpointLimiter>();
  readonly #env: Readonly<Record<string, string | undefined>>;
  readonly #secrets: string[];
  readonly #transport: ModelTransport;

  constructor(readonly options: ModelHostOptions) {
    this.mode = options.cache === undefined ? (options.mode === 'replay' ? 'replay' : 'off') : (options.mode ?? 'readwrite');
    this.#models = new Map(options.models.map((declaration, index) => [declaration.id, { declaration, index }]));
    this.#env = options.env ?? process.env;
    this.#secrets = options.models.map((m) => (m.apiKeyEnv === undefined ? undefined : this.#env[m.apiKeyEnv])).filter((k): k is string => k !== undefined && k !== '');
    this.#transport = options.transport ?? new AiSdkTransport(options.fetch);
    this.experiment = new SpendLimit('experiment', options.budget?.experiment ?? {});
    // One limiter per endpoint (provider and base URL); the smallest limits of the models it serves win.
    for (const { declaration: m } of this.#models.values()) {
      const key = endpointOf(m);
      const limits = m.limits;
      const prior = this.#limiters.get(key)?.settings;
      const min = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
      this.#limiters.set(
        key,
        new EndpointLimiter({
          concurrency: Math.min(limits.concurrency, prior?.concurrency ?? Infinity),
          requestsPerMinute: min(limits.requestsPerMinute, prior?.requestsPerMinute),
          tokensPerMinute: min(limits.tokensPerMinute, prior?.tokensPerMinute),
        }),
      );
    }
  }

  ids(): string[] {
    return [...this.#models.keys()];
  }

  /** What this host's requests have spent so far (all runs). */
  get spent(): Spent {
    return { ...this.experiment.spent };
  }

  /** A message with every key this host knows replaced. */
  redact(text: string): string {
    return redact(text, this.#secrets);
  }

  /** The models of one run: its `ModelProvider`, transcript and costs. `seed` draws its samples. */
  openRun(run: { id: string; seed: number }): RunModels {
    return new RunModels(this, run, new SpendLimit('run', this.options.budget?.run ?? {}));
  }

  declaration(id: string): ModelDeclaration {
    const entry = this.#models.get(id);
    if (entry === undefined) throw new MasecError('CONFIG_INVALID', `unknown model '${id}'; the scenario declares: ${this.ids().join(', ') || 'none'}`);
    return entry.declaration;
  }

  /** Keys variables the models name that the environment does not set (`NAME (models[i].apiKeyEnv)`). */
  missingKeys(): string[] {
    return [...this.#models.values()]
      .filter(({ declaration: m }) => m.apiKeyEnv !== undefined && (this.#env[m.apiKeyEnv] ?? '') === '')
      .map(({ declaration: m, index }) => `${m.apiKeyEnv ?? ''} (models[${index}].apiKeyEnv)`);
  }

  /** The key of a model, from the variable it names; CONFIG_INVALID naming the variable when it is not set. */
  apiKey(model: ModelDeclaration): string | undefined {
    if (model.apiKeyEnv === undefined) return undefined;
    const value = this.#env[model.apiKeyEnv];
    if (value === undefined || value === '') {
      const index = this.#models.get(model.id)?.index ?? 0;
      throw new MasecError('CONFIG_INVALID', `model '${model.id}': the environment variable ${model.apiKeyEnv} (models[${index}].apiKeyEnv) is not set; set it to the key, or run with --cache replay to use stored answers only`);
    }
    return value;
  }

  /**
   * Makes the request: waits for the endpoint, then attempts it, retrying what may be retried after the
   * server's Retry-After or an exponential backoff. A malformed answer is returned as such (finish reason
   * `error`); anything else that fails is MODEL_ERROR naming the model and who asked.
   */
  async request(model: ModelDeclaration, request: ModelRequest, seed: number | undefined, signal: AbortSignalLike, who: string): Promise<{ answer: TransportAnswer; attempts: number; error?: string }> {
    const apiKey = this.options.requireKeys === false ? undefined : this.apiKey(model);
    const limiter = this.#limiters.get(endpointOf(model)) as EndpointLimiter;
    const { timeoutMs, retries, maxRetryDelayMs } = model.limits;
    const estimate = estimateTokens(request, this.options.charsPerToken) + (model.maxTokens ?? 0);
    const fail = (reason: string): MasecError => new MasecError('MODEL_ERROR', this.redact(`model '${model.id}' (${model.provider} ${model.model}) ${who}: ${reason}`));
    for (let attempt = 1; ; attempt++) {
      if (signal.aborted) throw abortError(signal);
      const release = await limiter.acquire(estimate, signal);
      const controller = new AbortController();
      const untie = onAbort(signal, () => controller.abort(abortError(signal)));
      const timer = setTimeout(() => controller.abort(new AttemptTimeout(timeoutMs)), timeoutMs);
      let failure: unknown;
      try {
        const answer = await this.#transport.generate({ model, messages: request.messages, tools: request.tools, seed, apiKey, signal: controller.signal });
        release(answer.usage.inputTokens + answer.usage.outputTokens);
        return { answer, attempts: attempt };
      } catch (error) {
        release();
        failure = controller.signal.aborted && controller.signal.reason instanceof AttemptTimeout ? controller.signal.reason : error;
      } finally {
        clearTimeout(timer);
        untie();
      }
      if (signal.aborted) throw abortError(signal);
      const what = classifyFailure(failure, model.apiKeyEnv);
      if (what.kind === 'malformed') {
        const reason = this.redact(what.reason);
        return { answer: { text: '', toolCalls: [], usage: { inputTokens: 0, outputTokens: 0 }, finishReason: 'error' }, attempts: attempt, error: reason };
      }
      if (what.kind === 'fatal') throw fail(what.reason);
      if (attempt > retries) throw fail(`${what.reason} after ${attempt} attempt${attempt === 1 ? '' : 's'}`);
      const wait = what.retryAfterMs ?? Math.min(maxRetryDelayMs, BACKOFF_BASE_MS * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
      if (wait > maxRetryDelayMs) throw fail(`${what.reason}: the server asks to retry in ${Math.round(wait)} ms, more than limits.maxRetryDelayMs (${maxRetryDelayMs})`);
      try {
        await delay(wait, undefined, { signal: signal as AbortSignal });
      } catch {
        throw abortError(signal);
      }
    }
  }
}

/** The models of one run, as its plugins see them (`services.models`). */
export class RunModels implements ModelProvider {
  readonly #entries: TranscriptEntry[] = [];
  readonly #calls = new Map<string, number>();
  readonly #harnessMicros: number[] = [];
  #requests = 0;
  #spentUsd = 0;

  constructor(
    private readonly host: ModelHost,
    readonly run: { id: string; seed: number },
    readonly budget: SpendLimit,
  ) {}

  ids(): readonly string[] {
    return this.host.ids();
  }

  get(id: string): ModelClient {
    const model = this.host.declaration(id);
    return { id, generate: (request, options) => this.generate(model, request, options.signal) };
  }

  /** The run's calls in transcript order (round, agent, call). */
  transcript(): TranscriptEntry[] {
    return [...this.#entries].sort(compareEntries);
  }

  costs(): ModelRunCosts {
    const e = this.#entries;
    const sorted = [...this.#harnessMicros].sort((a, b) => a - b);
    return {
      calls: e.length,
      requests: this.#requests,
      cacheHits: e.filter((x) => x.response.cached).length,
      malformed: e.filter((x) => x.error !== undefined).length,
      inputTokens: e.reduce((s, x) => s + x.response.usage.inputTokens, 0),
      outputTokens: e.reduce((s, x) => s + x.response.usage.outputTokens, 0),
      costUsd: this.#spentUsd,
      listCostUsd: e.reduce((s, x) => s + x.costUsd, 0),
      requestMs: e.reduce((s, x) => s + x.latencyMs, 0),
      harnessMicrosMedian: sorted.length === 0 ? 0 : (sorted[Math.floor((sorted.length - 1) / 2)] as number),
    };
  }

  async generate(model: ModelDeclaration, request: ModelRequest, signal: AbortSignalLike): Promise<ModelResponse> {
    const started = performance.now();
    const agent = request.agent ?? null;
    const round = request.round ?? null;
    const slot = agent === null && round === null ? '' : `${agent ?? ''}\u0000${round ?? ''}`;
    const call = this.#calls.get(slot) ?? 0;
    this.#calls.set(slot, call + 1);
    const sample: SampleIndex = samples(model) ? { seed: this.run.seed, agent, round, call, sample: request.sample ?? 0 } : (request.sample ?? 0);
    const key = cacheKey({ model, messages: request.messages, tools: request.tools, sample });
    const who = agent === null ? (round === null ? 'for a caller without agent' : `in round ${round}`) : `for agent ${agent}${round === null ? '' : ` in round ${round}`}`;
    const record = (response: ModelResponse, latencyMs: number, attempts: number, error?: string): ModelResponse => {
      this.#entries.push({ agent, round, call, model: model.id, key, messages: request.messages, tools: request.tools ?? [], response, latencyMs, attempts, costUsd: callCost(model, response.usage), ...(error === undefined ? {} : { error }) });
      this.#harnessMicros.push(Math.max(0, (performance.now() - started - latencyMs) * 1000));
      return response;
    };
    const mode = this.host.mode;
    const cache = this.host.options.cache;
    if (mode !== 'off' && cache !== undefined) {
      const hit = await cache.get(key);
      if (hit !== undefined) return record({ ...hit, cached: true }, 0, 0, hit.error);
    }
    if (mode === 'replay') {
      throw new MasecError('CACHE_MISS', `replay: no stored answer of model '${model.id}' ${who} (call ${call}, cache key ${key}); run without --cache replay to request it`);
    }
    this.budget.check();
    this.host.experiment.check();
    const requestStarted = performance.now();
    const { answer, attempts, error } = await this.host.request(model, request, samples(model) ? providerSeed(key) : undefined, signal, who);
    const latencyMs = performance.now() - requestStarted;
    const costUsd = callCost(model, answer.usage);
    this.#requests++;
    this.#spentUsd += costUsd;
    this.budget.charge({ ...answer.usage, costUsd });
    this.host.experiment.charge({ ...answer.usage, costUsd });
    const response: ModelResponse = { ...answer, cached: false, ...(error === undefined ? {} : { error }) };
    if (mode === 'readwrite' && cache !== undefined) await cache.put(key, response);
    return record(response, latencyMs, attempts, error);
  }
}
