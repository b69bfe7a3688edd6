/**
 * Sampling from the cover model: what an honest writer does, token by token, with exact integer draws. The
 * coupling codec's output has exactly this distribution; the other codecs start from it and then deviate.
 */
import type { Rng } from '@masec/spec';
import type { TokenDistribution, TokenModel } from '../model/token-model.js';
import { uniformInt } from '../uniform.js';

/** A token drawn from `dist` (weights over the cumulative order of ids). */
export function drawToken(dist: TokenDistribution, rng: Rng): number {
  let u = uniformInt(rng, dist.total);
  const w = dist.weights;
  for (let t = 0; t < w.length; t++) {
    u -= w[t] as number;
    if (u < 0) return t;
  }
  throw new RangeError('distribution weights do not sum to their total');
}

/** An honest continuation of `prompt`: tokens drawn until the end token or `maxTokens` (the end token excluded). */
export async function sampleContinuation(model: TokenModel, prompt: readonly number[], rng: Rng, maxTokens: number): Promise<number[]> {
  const context = [...prompt];
  const out: number[] = [];
  while (out.length < maxTokens) {
    const t = drawToken(await model.distribution(context), rng);
    if (t === model.eos) break;
    out.push(t);
    context.push(t);
  }
  return out;
}

/** Tokens of a cover text, or undefined when a word is outside the model's vocabulary. */
export function tokensOf(model: TokenModel, text: string): number[] | undefined {
  const ids = model.tokenize(text);
  return ids.every((t) => t !== undefined) ? (ids as number[]) : undefined;
}

/**
 * The tokens a receiver steps through for a cover text: its tokens up to the first word outside the
 * vocabulary (which the sender cannot have written: nothing after it is read), then the end token when the
 * text ended before `maxTokens` (the sender drew it; a text cut at the limit has none).
 */
export function receivedSteps(model: TokenModel, text: string, maxTokens: number): number[] {
  const ids = model.tokenize(text);
  const known = ids.findIndex((t) => t === undefined);
  const tokens = (known < 0 ? ids : ids.slice(0, known)) as number[];
  if (tokens.length > maxTokens) return tokens.slice(0, maxTokens);
  return known < 0 && tokens.length < maxTokens ? [...tokens, model.eos] : tokens;
}
