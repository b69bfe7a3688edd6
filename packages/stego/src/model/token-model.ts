/**
 * What the language-model codecs, the honest cover writer and the steganalysis detector need from a language
 * model: its vocabulary, a tokenizer that maps text back to tokens, and the next-token distribution after a
 * context, as integer weights (what a provider's log-probabilities become once quantised). The built-in one is
 * the n-gram model of `ngram.ts`; a model of the LLM layer implements the same interface (`specVersion: 'v1'`).
 */

/** The next-token distribution: integer weights by token id. Probability of token t = weights[t] / total. */
export interface TokenDistribution {
  readonly weights: Uint32Array;
  /** The sum of the weights: at least 1 and at most `MAX_DISTRIBUTION_TOTAL`. */
  readonly total: number;
}

/** Totals stay below 2^24, so that the arithmetic coder's products stay exact in doubles (see arithmetic.ts). */
export const MAX_DISTRIBUTION_TOTAL = 2 ** 24;

export interface TokenModel {
  readonly specVersion: 'v1';
  readonly id: string;
  /** Token strings by id. */
  readonly vocabulary: readonly string[];
  /** The token that ends a text (never rendered). */
  readonly eos: number;
  /** The distribution of the next token after `context` (token ids, oldest first; may be empty). */
  distribution(context: readonly number[]): TokenDistribution | Promise<TokenDistribution>;
  /** The id of a token string, if it is in the vocabulary. */
  tokenId(token: string): number | undefined;
  /**
   * Text to tokens; `undefined` entries are words outside the vocabulary. Exact inverse of `render` for every
   * token sequence without `eos`.
   */
  tokenize(text: string): (number | undefined)[];
  /** Tokens to text; `sentenceStart`: the first token begins a sentence (default true). */
  render(tokens: readonly number[], options?: { sentenceStart?: boolean }): string;
}

/** Probability of `token` under `dist`. */
export function probability(dist: TokenDistribution, token: number): number {
  return (dist.weights[token] ?? 0) / dist.total;
}

/** The most probable token (lowest id on ties). */
export function mode(dist: TokenDistribution): number {
  let best = 0;
  for (let t = 1; t < dist.weights.length; t++) if ((dist.weights[t] as number) > (dist.weights[best] as number)) best = t;
  return best;
}
