/**
 * `@masec/models`: language models for masec — the scenario's models through the Vercel AI SDK, a response
 * cache key, limits, retries and budgets, transcripts, and a dry-run transport. Depends on spec only among
 * masec's packages (the runner stores the cache and transcripts through spec's `ResponseCache` and the
 * types here; the shield can use it for model-backed guards). The local stub server is `@masec/models/stub`.
 */
export { CACHE_MODES, ModelHost, RunModels, estimateTokens } from './host.js';
export type { CacheMode, ModelHostOptions } from './host.js';
export { CACHE_KEY_VERSION, cacheKey, providerSeed, samples, samplingParameters } from './cache-key.js';
export type { KeyInput, SampleIndex } from './cache-key.js';
export { canonicalJson, sha256Hex } from './canonical.js';
export { EndpointLimiter } from './limiter.js';
export { onAbort } from './abort.js';
export type { LimiterSettings, Release } from './limiter.js';
export { AttemptTimeout, classifyFailure, redact, retryAfterMs } from './failures.js';
export type { Failure } from './failures.js';
export { SpendLimit, callCost } from './spend.js';
export type { Spent } from './spend.js';
export { compareEntries } from './transcript.js';
export type { ModelRunCosts, TranscriptEntry } from './transcript.js';
export { AiSdkTransport, languageModel, sdkMessages } from './ai-sdk-transport.js';
export type { FetchFunction } from './ai-sdk-transport.js';
export { DRY_RUN_OUTPUT_TOKENS, DryTransport } from './dry-transport.js';
export type { ModelTransport, TransportAnswer, TransportRequest } from './transport.js';
