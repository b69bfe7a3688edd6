/**
 * Paraphrasing to shrink covert channels. `Paraphraser` is the seam: one method, text in, text out. The
 * built-in `RuleParaphraser` canonicalises in three steps, each a setting:
 * - `normalize`: Unicode NFKC, invisible format characters removed, every run of white space one space;
 * - `synonyms`: each word of a synonym pair becomes the pair's common word;
 * - `threshold`: a word the reference model finds less likely than `threshold` in its context (the text as
 *   rewritten so far) becomes the model's likeliest word there. Low-probability choices are where a model
 *   codec hides its bits — and where a post's particular facts are, which is the utility it costs.
 * A paraphraser backed by a language model (the LLM layer) implements the same interface.
 */
import { SYNONYM_PAIRS } from '../cover/grammar.js';
import type { TokenModel } from '../model/token-model.js';
import { PUNCTUATION, joinWords, splitWords } from '../text/words.js';

export interface Paraphraser {
  readonly id: string;
  paraphrase(text: string): Promise<string>;
}

export interface RuleParaphraseOptions {
  normalize: boolean;
  synonyms: boolean;
  /** Words below this probability under the model are replaced by its likeliest word (0: never). */
  threshold: number;
}

const CANONICAL: ReadonlyMap<string, string> = new Map(SYNONYM_PAIRS.flatMap(([common, rare]) => [[rare, common]]));

export function normalizeText(text: string): string {
  return text.normalize('NFKC').replace(/\p{Cf}/gu, '').replace(/\s+/gu, ' ').trim();
}

export class RuleParaphraser implements Paraphraser {
  readonly id = 'rules';
  readonly #model: TokenModel;
  readonly #options: RuleParaphraseOptions;
  readonly #words: number[];

  constructor(model: TokenModel, options: RuleParaphraseOptions) {
    this.#model = model;
    this.#options = options;
    this.#words = model.vocabulary.flatMap((w, t) => (t !== model.eos && /^[a-z0-9]/.test(w) && model.tokenId(w) !== undefined ? [t] : []));
  }

  async paraphrase(text: string): Promise<string> {
    const { normalize, synonyms, threshold } = this.#options;
    const base = normalize ? normalizeText(text) : text;
    if (!synonyms && threshold <= 0) return base;
    const model = this.#model;
    const out: string[] = [];
    const context: number[] = [];
    for (const original of splitWords(base)) {
      let word = synonyms ? (CANONICAL.get(original) ?? original) : original;
      let id = model.tokenId(word);
      if (threshold > 0 && id !== undefined && !PUNCTUATION.has(word)) {
        const dist = await model.distribution(context);
        if ((dist.weights[id] as number) / dist.total < threshold) {
          id = this.#likeliestWord(dist.weights);
          word = model.vocabulary[id] as string;
        }
      }
      out.push(word);
      if (id === undefined) context.length = 0;
      else context.push(id);
    }
    const ids = out.map((w) => model.tokenId(w));
    return ids.every((t) => t !== undefined) ? model.render(ids as number[]) : joinWords(out, new Set());
  }

  #likeliestWord(weights: Uint32Array): number {
    let best = this.#words[0] as number;
    for (const t of this.#words) if ((weights[t] as number) > (weights[best] as number)) best = t;
    return best;
  }
}
