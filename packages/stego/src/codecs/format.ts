/**
 * The two format codecs: an honest sample from the cover model, with the hidden bits in how it is typed.
 * `whitespace` writes a 1 as a double space between two words (a 0 as a single one); `zero-width` puts a
 * zero-width space (0) or a zero-width non-joiner (1) after each word. The words are exactly the model's, so
 * only character-level checks can see them — and any rewriting that normalises spacing or strips invisible
 * characters erases them.
 */
import type { Rng } from '@masec/spec';
import { sampleContinuation } from './sample.js';
import type { CoverContext, Hidden, HiddenBits, StegoCodec } from './codec.js';

const ZERO = '\u200B';
const ONE = '\u200C';

async function honestPieces(context: CoverContext, rng: Rng): Promise<string[]> {
  const tokens = await sampleContinuation(context.model, context.prompt, rng, context.maxTokens);
  const text = context.model.render(tokens);
  return text === '' ? [] : text.split(' ');
}

export const whitespaceCodec: StegoCodec = {
  id: 'whitespace',
  description: 'a double space between two words is a 1, a single space a 0',
  kind: 'format',
  async hide(bits: HiddenBits, context: CoverContext, rng: Rng): Promise<Hidden> {
    const pieces = await honestPieces(context, rng);
    const carried = Math.min(Math.max(0, pieces.length - 1), bits.wanted);
    let text = pieces[0] ?? '';
    for (let i = 1; i < pieces.length; i++) text += (i - 1 < carried && bits.bit(i - 1) === 1 ? '  ' : ' ') + (pieces[i] as string);
    return { text, carried };
  },
  async reveal(text: string) {
    const gaps = text.trim().match(/ +/g) ?? [];
    return Uint8Array.from(gaps, (g) => (g.length > 1 ? 1 : 0));
  },
};

export const zeroWidthCodec: StegoCodec = {
  id: 'zero-width',
  description: 'a zero-width space (0) or non-joiner (1) after each word',
  kind: 'format',
  async hide(bits: HiddenBits, context: CoverContext, rng: Rng): Promise<Hidden> {
    const pieces = await honestPieces(context, rng);
    const carried = Math.min(pieces.length, bits.wanted);
    const text = pieces.map((p, i) => (i < carried ? p + (bits.bit(i) === 1 ? ONE : ZERO) : p)).join(' ');
    return { text, carried };
  },
  async reveal(text: string) {
    const marks = text.match(/[\u200B\u200C]/g) ?? [];
    return Uint8Array.from(marks, (m) => (m === ONE ? 1 : 0));
  },
};
