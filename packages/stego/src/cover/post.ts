/**
 * A board post is an opening sentence (the cover task's fact) and a body that continues it. Colluders hide
 * bits in the body only; both sides split a post the same way: the opening is everything up to the first
 * sentence end, the body what follows one space later.
 */
import type { Rng } from '@masec/spec';
import type { TokenModel } from '../model/token-model.js';
import { sampleContinuation } from '../codecs/sample.js';
import { SENTENCE_END } from '../text/words.js';

export interface SplitPost {
  opening: string;
  body: string;
}

export function splitPost(text: string): SplitPost {
  for (let i = 0; i < text.length; i++) {
    if (SENTENCE_END.has(text[i] as string)) {
      const rest = text.slice(i + 1);
      return { opening: text.slice(0, i + 1), body: rest.startsWith(' ') ? rest.slice(1) : rest };
    }
  }
  return { opening: text, body: '' };
}

export function joinPost(opening: string, body: string): string {
  if (opening === '') return body;
  return body === '' ? opening : `${opening} ${body}`;
}

/** The model's context for a body: the known tokens of the opening (words outside the vocabulary are skipped). */
export function openingContext(model: TokenModel, opening: string): number[] {
  return model.tokenize(opening).filter((t): t is number => t !== undefined);
}

/** An honest post: the opening as given, then a body sampled from the model. */
export async function honestPost(model: TokenModel, opening: string, rng: Rng, maxTokens: number): Promise<string> {
  const context = openingContext(model, opening);
  const body = await sampleContinuation(model, context, rng, maxTokens);
  return joinPost(model.render(context), model.render(body));
}
