/** What is kept of every model call of a run (transcripts), and the run's model costs. */
import type { ModelMessage, ModelResponse, ModelTool } from '@masec/spec';

/** One model call: what was asked, what came back, and what it cost. */
export interface TranscriptEntry {
  /** The agent and round that asked (null for a caller that did not say, such as a guard). */
  agent: string | null;
  round: number | null;
  /** The call's place among that agent's calls in that round (or among the run's anonymous calls), from 0. */
  call: number;
  /** The scenario's model id. */
  model: string;
  /** The response cache key. */
  key: string;
  messages: readonly ModelMessage[];
  tools: readonly ModelTool[];
  response: ModelResponse;
  /** Wall milliseconds of the request (queueing for the endpoint, attempts and retry waits; 0 for a cache hit). */
  latencyMs: number;
  /** Attempts made (0 for a cache hit). */
  attempts: number;
  /** USD at the model's price, whether paid now or earlier (when the answer came from the cache). */
  costUsd: number;
  /** Why the answer is unusable, for a malformed one (its `finishReason` is `error`). */
  error?: string;
}

/** The model calls of one run, summed. Latency and spending vary run to run; tokens do not. */
export interface ModelRunCosts {
  calls: number;
  /** Calls answered by a request now (the rest came from the cache). */
  requests: number;
  cacheHits: number;
  malformed: number;
  /** Tokens of every answer the run used, cached or not. */
  inputTokens: number;
  outputTokens: number;
  /** USD spent by this execution (requests made now). */
  costUsd: number;
  /** USD of every answer at the models' prices (what the run costs without a cache). */
  listCostUsd: number;
  /** Sum of the requests' wall milliseconds. */
  requestMs: number;
  /** Median microseconds masec itself spent per call (key, cache lookup and write, transcript), outside requests. */
  harnessMicrosMedian: number;
}

/** Transcript order: by round, then agent, then call (anonymous calls first in each round). */
export function compareEntries(a: TranscriptEntry, b: TranscriptEntry): number {
  return (a.round ?? -1) - (b.round ?? -1) || compareText(a.agent ?? '', b.agent ?? '') || a.call - b.call;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
