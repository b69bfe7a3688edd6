/**
 * Synonym parity: the text is sampled from the cover model, and each word of a synonym pair that comes up is
 * written as the pair's first word for a hidden 0 and its second for a 1 (the rest of the text continues from
 * the word written). Naive: honest writers prefer the common word of a pair; this codec uses both equally.
 */
import type { Rng } from '@masec/spec';
import { splitWords } from '../text/words.js';
import { SYNONYM_PAIRS } from '../cover/grammar.js';
import { drawToken } from './sample.js';
import type { CoverContext, Hidden, HiddenBits, StegoCodec } from './codec.js';

/** Each word of a synonym pair, with its pair and its position in it. */
interface PairEntry {
  pair: readonly [string, string];
  index: 0 | 1;
}
const PAIR_OF: ReadonlyMap<string, PairEntry> = new Map(
  SYNONYM_PAIRS.flatMap((pair): [string, PairEntry][] => [
    [pair[0], { pair, index: 0 }],
    [pair[1], { pair, index: 1 }],
  ]),
);

export const synonymCodec: StegoCodec = {
  id: 'synonym',
  description: 'each word of a synonym pair hides one bit: its position in the pair',
  kind: 'lexical',
  async hide(bits: HiddenBits, context: CoverContext, rng: Rng): Promise<Hidden> {
    const { model } = context;
    const ctx = [...context.prompt];
    const out: number[] = [];
    let carried = 0;
    while (out.length < context.maxTokens) {
      let t = drawToken(await model.distribution(ctx), rng);
      if (t === model.eos) break;
      const entry = PAIR_OF.get(model.vocabulary[t] ?? '');
      if (entry !== undefined && carried < bits.wanted) {
        const chosen = model.tokenId(entry.pair[bits.bit(carried)] as string);
        if (chosen !== undefined) {
          t = chosen;
          carried++;
        }
      }
      out.push(t);
      ctx.push(t);
    }
    return { text: model.render(out), carried };
  },
  async reveal(text: string, context: CoverContext) {
    const out: number[] = [];
    for (const word of splitWords(text)) {
      const entry = PAIR_OF.get(word);
      // Only pairs the model knows both words of can carry a bit (the sender skips the others).
      if (entry !== undefined && context.model.tokenId(entry.pair[0]) !== undefined && context.model.tokenId(entry.pair[1]) !== undefined) out.push(entry.index);
    }
    return Uint8Array.from(out);
  },
};
