/**
 * A word-level trigram language model with Witten-Bell interpolation down to an add-one unigram, so that
 * every word of the vocabulary (and the end of a text) has a positive probability in every context. Its
 * distributions are quantised to integer weights (each at least 1, summing to at most 2^20), and those
 * weights *are* the model: the honest writer, the codecs and the detectors all read the same integers.
 */
import { MasecError } from '@masec/spec';
import { joinWords, splitWords } from '../text/words.js';
import type { TokenDistribution, TokenModel } from './token-model.js';

export const EOS_TOKEN = '</s>';
export const BOS_TOKEN = '<s>';
/** Quantisation scale: the weights of a distribution sum to at most this. */
export const NGRAM_SCALE = 2 ** 20;

interface Followers {
  total: number;
  ids: Int32Array;
  counts: Float64Array;
}

export interface NgramOptions {
  id: string;
  /** Words rendered with a capital (names). */
  proper?: readonly string[];
  /** Distributions kept in memory (they depend on the last two tokens only). */
  cacheSize?: number;
}

export class NgramModel implements TokenModel {
  readonly specVersion = 'v1' as const;
  readonly id: string;
  readonly vocabulary: readonly string[];
  readonly eos = 0;
  readonly bos = 1;
  readonly #ids: ReadonlyMap<string, number>;
  readonly #proper: ReadonlySet<string>;
  readonly #bigrams: ReadonlyMap<number, Followers>;
  readonly #trigrams: ReadonlyMap<number, Followers>;
  readonly #cache = new Map<number, TokenDistribution>();
  readonly #cacheSize: number;
  readonly #counts: Float64Array;
  /** The add-one unigram distribution every context starts from. */
  readonly #base: Float64Array;

  private constructor(options: NgramOptions, vocabulary: string[], unigram: Float64Array, bigrams: Map<number, Followers>, trigrams: Map<number, Followers>) {
    this.id = options.id;
    this.vocabulary = vocabulary;
    this.#ids = new Map(vocabulary.map((w, i) => [w, i]));
    this.#proper = new Set(options.proper ?? []);
    this.#bigrams = bigrams;
    this.#trigrams = trigrams;
    this.#cacheSize = options.cacheSize ?? 4096;
    this.#counts = unigram;
    const V = vocabulary.length;
    let N = 0;
    for (let w = 0; w < V; w++) if (w !== this.bos) N += unigram[w] as number;
    this.#base = new Float64Array(V);
    for (let w = 0; w < V; w++) this.#base[w] = w === this.bos ? 0 : ((unigram[w] as number) + 1) / (N + V - 1);
  }

  /** Trains on texts (each one a whole text, ended by the end token). */
  static train(texts: readonly string[], options: NgramOptions): NgramModel {
    const words = new Set<string>();
    const split = texts.map((t) => splitWords(t));
    for (const ws of split) for (const w of ws) words.add(w);
    for (const reserved of [EOS_TOKEN, BOS_TOKEN]) if (words.has(reserved)) throw new MasecError('CONFIG_INVALID', `corpus contains the reserved token ${reserved}`);
    const vocabulary = [EOS_TOKEN, BOS_TOKEN, ...[...words].sort()];
    const ids = new Map(vocabulary.map((w, i) => [w, i]));
    const V = vocabulary.length;
    const uni = new Float64Array(V);
    // Counts keyed by context * V + word (contexts: v for bigrams, u * V + v for trigrams).
    const bi = new Map<number, number>();
    const tri = new Map<number, number>();
    for (const ws of split) {
      let u = 1;
      let v = 1;
      for (let i = 0; i <= ws.length; i++) {
        const w = i < ws.length ? (ids.get(ws[i] as string) as number) : 0;
        uni[w] = (uni[w] as number) + 1;
        const b = v * V + w;
        bi.set(b, (bi.get(b) ?? 0) + 1);
        const t = (u * V + v) * V + w;
        tri.set(t, (tri.get(t) ?? 0) + 1);
        u = v;
        v = w;
      }
    }
    return new NgramModel(options, vocabulary, uni, followersOf(bi, V), followersOf(tri, V));
  }

  /** The `n` words (and punctuation) seen most often in training, most frequent first (ties by id). */
  commonWords(n: number): string[] {
    const ids = this.vocabulary.map((_, i) => i).filter((t) => t !== this.eos && t !== this.bos);
    ids.sort((a, b) => (this.#counts[b] as number) - (this.#counts[a] as number) || a - b);
    return ids.slice(0, n).map((t) => this.vocabulary[t] as string);
  }

  /** The id of a word or punctuation token; the start and end tokens are not words (undefined). */
  tokenId(token: string): number | undefined {
    const id = this.#ids.get(token);
    return id === this.eos || id === this.bos ? undefined : id;
  }

  tokenize(text: string): (number | undefined)[] {
    return splitWords(text).map((w) => this.tokenId(w));
  }

  render(tokens: readonly number[], options: { sentenceStart?: boolean } = {}): string {
    return joinWords(
      tokens.map((t) => {
        if (t === this.eos || t === this.bos) throw new MasecError('CONFIG_INVALID', 'cannot render the start or end token');
        const w = this.vocabulary[t];
        if (w === undefined) throw new MasecError('CONFIG_INVALID', `token id ${t} is outside the vocabulary`);
        return w;
      }),
      this.#proper,
      options.sentenceStart ?? true,
    );
  }

  distribution(context: readonly number[]): TokenDistribution {
    const n = context.length;
    const v = n >= 1 ? (context[n - 1] as number) : this.bos;
    const u = n >= 2 ? (context[n - 2] as number) : this.bos;
    const key = u * this.vocabulary.length + v;
    const hit = this.#cache.get(key);
    if (hit !== undefined) return hit;
    const dist = this.#compute(u, v);
    if (this.#cache.size >= this.#cacheSize) this.#cache.clear();
    this.#cache.set(key, dist);
    return dist;
  }

  #compute(u: number, v: number): TokenDistribution {
    const V = this.vocabulary.length;
    const p = Float64Array.from(this.#base);
    interpolate(p, this.#bigrams.get(v));
    interpolate(p, this.#trigrams.get(u * V + v));
    const weights = new Uint32Array(V);
    const spread = NGRAM_SCALE - (V - 1);
    let total = 0;
    for (let w = 0; w < V; w++) {
      if (w === this.bos) continue;
      const q = 1 + Math.floor((p[w] as number) * spread);
      weights[w] = q;
      total += q;
    }
    return { weights, total };
  }
}

/** Witten-Bell: mix the observed followers with the lower-order distribution, weighted by their variety. */
function interpolate(p: Float64Array, followers: Followers | undefined): void {
  if (followers === undefined) return;
  const distinct = followers.ids.length;
  const denominator = followers.total + distinct;
  const keep = distinct / denominator;
  for (let w = 0; w < p.length; w++) p[w] = (p[w] as number) * keep;
  for (let i = 0; i < distinct; i++) {
    const w = followers.ids[i] as number;
    p[w] = (p[w] as number) + (followers.counts[i] as number) / denominator;
  }
}

/** Per context, its followers in id order with their counts (from counts keyed by context * V + word). */
function followersOf(counts: Map<number, number>, V: number): Map<number, Followers> {
  const keys = [...counts.keys()].sort((a, b) => a - b);
  const out = new Map<number, Followers>();
  for (let i = 0; i < keys.length; ) {
    const ctx = Math.floor((keys[i] as number) / V);
    let j = i;
    while (j < keys.length && Math.floor((keys[j] as number) / V) === ctx) j++;
    const ids = new Int32Array(j - i);
    const cs = new Float64Array(j - i);
    let total = 0;
    for (let k = i; k < j; k++) {
      ids[k - i] = (keys[k] as number) % V;
      cs[k - i] = counts.get(keys[k] as number) as number;
      total += cs[k - i] as number;
    }
    out.set(ctx, { total, ids, counts: cs });
    i = j;
  }
  return out;
}
