/**
 * The response cache's key: sha256 of the canonical JSON of what decides an answer — provider, model,
 * sampling parameters, messages, tools and which sample — and nothing else (no wall time, no request id, no
 * base URL or key), so the same call in a rerun finds the answer the first run stored.
 *
 * Which sample: at temperature 0 a model is asked for its one answer, so the key holds only the request's own
 * `sample` (default 0) and identical requests share an answer across agents, rounds and seeds. At any other
 * temperature (or none: providers then sample) every call draws its own sample: the key holds the run's seed,
 * the agent, the round and the call's place among that agent's calls in that round, so each seed gets its
 * own samples and a rerun of the seed gets the same ones. Calls without agent and round (a guard's) are
 * numbered in the order they start within the run.
 */
import type { ModelDeclaration, ModelMessage, ModelTool } from '@masec/spec';
import { canonicalJson, sha256Hex } from './canonical.js';

/** Version of the key's layout; a change here must change every key. */
export const CACHE_KEY_VERSION = 1;

/** The sampling parameters of a declaration that change answers. */
export function samplingParameters(model: ModelDeclaration): Record<string, unknown> {
  return { temperature: model.temperature, maxTokens: model.maxTokens, topP: model.topP, topK: model.topK, stop: model.stop };
}

/** Whether calls to this model draw samples (anything but temperature 0). */
export function samples(model: ModelDeclaration): boolean {
  return model.temperature !== 0;
}

/** Which sample a call asks for: a number at temperature 0, else the draw's coordinates in the run. */
export type SampleIndex = number | { seed: number; agent: string | null; round: number | null; call: number; sample: number };

export interface KeyInput {
  model: ModelDeclaration;
  messages: readonly ModelMessage[];
  tools: readonly ModelTool[] | undefined;
  sample: SampleIndex;
}

export function cacheKey(input: KeyInput): string {
  return sha256Hex(
    canonicalJson({
      v: CACHE_KEY_VERSION,
      provider: input.model.provider,
      model: input.model.model,
      parameters: samplingParameters(input.model),
      messages: input.messages,
      tools: input.tools ?? [],
      sample: input.sample,
    }),
  );
}

/**
 * The provider-side seed of a sampled call (31 bits of its key), so servers that honour a seed (vLLM,
 * OpenAI, Ollama, the stub) draw the same sample when the call is made again with the cache off.
 */
export function providerSeed(key: string): number {
  return Number.parseInt(key.slice(0, 8), 16) & 0x7fffffff;
}
