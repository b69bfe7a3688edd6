/**
 * Acrostic: each sentence of the cover text starts with a letter that spells `bitsPerSentence` hidden bits.
 * The alphabet is the 2^b letters that most often start a sentence under the cover model; the rest of each
 * sentence is sampled from the model after the forced first word. Naive: the forced first words are unlikely
 * ones, and the sentence count follows the payload, not the model.
 */
import type { Rng } from '@masec/spec';
import { intToBits } from '../bits.js';
import type { TokenModel } from '../model/token-model.js';
import { PUNCTUATION, SENTENCE_END, splitWords } from '../text/words.js';
import { uniformInt } from '../uniform.js';
import { type CoverContext, type Hidden, type HiddenBits, type StegoCodec, readInt } from './codec.js';

export interface AcrosticOptions {
  /** Bits per sentence: the alphabet has 2^b letters (1..4). */
  bitsPerSentence: number;
  /** Sentences per message at most. */
  maxSentences: number;
}

const MAX_SENTENCE_TOKENS = 24;
const alphabets = new WeakMap<TokenModel, Map<number, string[]>>();

/** The 2^b letters that start sentences most often under `model` (after a full stop), most frequent first. */
export async function acrosticAlphabet(model: TokenModel, bits: number): Promise<string[]> {
  let byBits = alphabets.get(model);
  if (byBits === undefined) alphabets.set(model, (byBits = new Map()));
  const hit = byBits.get(bits);
  if (hit !== undefined) return hit;
  const dot = model.tokenId('.');
  const dist = await model.distribution(dot === undefined ? [] : [dot]);
  const mass = new Map<string, number>();
  model.vocabulary.forEach((word, t) => {
    if (t === model.eos || !/^[a-z]/.test(word)) return;
    mass.set(word[0] as string, (mass.get(word[0] as string) ?? 0) + (dist.weights[t] as number));
  });
  const letters = [...mass.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([l]) => l);
  if (letters.length < 2 ** bits) throw new RangeError(`the model has ${letters.length} sentence-initial letters, fewer than 2^${bits}`);
  const alphabet = letters.slice(0, 2 ** bits);
  byBits.set(bits, alphabet);
  return alphabet;
}

/** A token from the distribution restricted to `allowed` (exact draw). */
function drawAmong(weights: Uint32Array, allowed: (t: number) => boolean, rng: Rng): number {
  let total = 0;
  for (let t = 0; t < weights.length; t++) if (allowed(t)) total += weights[t] as number;
  let u = uniformInt(rng, total);
  for (let t = 0; t < weights.length; t++) {
    if (!allowed(t)) continue;
    u -= weights[t] as number;
    if (u < 0) return t;
  }
  throw new RangeError('empty restricted distribution');
}

export function acrosticCodec(options: AcrosticOptions): StegoCodec {
  const b = options.bitsPerSentence;
  return {
    id: 'acrostic',
    description: `first letters of sentences spell ${b} bits each`,
    kind: 'lexical',
    async hide(bits: HiddenBits, context: CoverContext, rng: Rng): Promise<Hidden> {
      const { model } = context;
      const alphabet = await acrosticAlphabet(model, b);
      const sentences = Math.min(options.maxSentences, Math.ceil(bits.wanted / b));
      const ctx = [...context.prompt];
      const out: number[] = [];
      const end = model.tokenId('.');
      let s = 0;
      for (; s < sentences && out.length < context.maxTokens; s++) {
        const letter = alphabet[readInt(bits, s * b, b)] as string;
        const first = drawAmong((await model.distribution(ctx)).weights, (t) => (model.vocabulary[t] ?? '').startsWith(letter) && t !== model.eos, rng);
        out.push(first);
        ctx.push(first);
        for (let n = 1; out.length < context.maxTokens; n++) {
          const t = n >= MAX_SENTENCE_TOKENS && end !== undefined ? end : drawAmong((await model.distribution(ctx)).weights, (x) => x !== model.eos, rng);
          out.push(t);
          ctx.push(t);
          if (SENTENCE_END.has(model.vocabulary[t] ?? '')) break;
        }
      }
      // Only the sentences begun before the length limit carry bits.
      return { text: model.render(out), carried: s * b };
    },
    async reveal(text: string, context: CoverContext) {
      const alphabet = await acrosticAlphabet(context.model, b);
      const out: number[] = [];
      let start = true;
      for (const word of splitWords(text)) {
        if (PUNCTUATION.has(word)) {
          start = start || SENTENCE_END.has(word);
          continue;
        }
        if (start) out.push(...intToBits(Math.max(0, alphabet.indexOf(word[0] as string)), b));
        start = false;
      }
      return Uint8Array.from(out);
    },
  };
}

