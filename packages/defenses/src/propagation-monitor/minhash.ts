/**
 * Near-duplicate detection for the propagation monitor: word shingles, MinHash signatures (Broder 1997) and a
 * banded locality-sensitive index that groups near-identical passages into clusters. Pure and deterministic:
 * the hash functions are fixed, and a passage always joins the best-matching cluster that was created first.
 */

/** FNV-1a over a string, 32-bit. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's 32-bit finaliser: a cheap, well-mixing permutation of 32-bit integers. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Lower-case words of a text: letters and digits, everything else a separator (datamarks, quotes, punctuation). */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
}

/**
 * The passages of a message worth fingerprinting: its paragraphs (split at blank lines) with at least
 * `minWords` words, each as its word list.
 */
export function passages(text: string, minWords: number): string[][] {
  const out: string[][] = [];
  for (const paragraph of text.split(/\n[ \t>]*\n/)) {
    const words = wordsOf(paragraph);
    if (words.length >= minWords) out.push(words);
  }
  return out;
}

/** MinHash signature of the set of `k`-word shingles of `words` (fewer words than k: one shingle of all). */
export function signature(words: readonly string[], k: number, length: number): Uint32Array {
  const sig = new Uint32Array(length).fill(0xffffffff);
  const seeds = seedsFor(length);
  const count = Math.max(1, words.length - k + 1);
  for (let i = 0; i < count; i++) {
    const shingle = fnv1a(words.slice(i, i + k).join(' '));
    for (let j = 0; j < length; j++) {
      const h = fmix32(shingle ^ (seeds[j] as number));
      if (h < (sig[j] as number)) sig[j] = h;
    }
  }
  return sig;
}

const seedCache = new Map<number, Uint32Array>();

function seedsFor(length: number): Uint32Array {
  let seeds = seedCache.get(length);
  if (seeds === undefined) {
    seeds = new Uint32Array(length);
    for (let j = 0; j < length; j++) seeds[j] = fmix32(Math.imul(j + 1, 0x9e3779b9));
    seedCache.set(length, seeds);
  }
  return seeds;
}

/** Share of equal positions: an unbiased estimate of the Jaccard similarity of the two shingle sets. */
export function similarity(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/**
 * Clusters of near-duplicate passages. A signature of `bands × rows` values is cut into bands; two
 * signatures that agree on a whole band are candidates (probability 1 − (1 − J^rows)^bands for Jaccard J),
 * and a candidate joins a cluster when its estimated similarity to the cluster's first passage reaches
 * `threshold`.
 */
export class NearDuplicateIndex {
  readonly #bands: number;
  readonly #rows: number;
  readonly #threshold: number;
  readonly #buckets: Map<number, number[]>[];
  readonly #representatives: Uint32Array[] = [];

  constructor(options: { bands: number; rows: number; threshold: number }) {
    this.#bands = options.bands;
    this.#rows = options.rows;
    this.#threshold = options.threshold;
    this.#buckets = Array.from({ length: options.bands }, () => new Map<number, number[]>());
  }

  get length(): number {
    return this.#bands * this.#rows;
  }

  get clusters(): number {
    return this.#representatives.length;
  }

  /** The cluster of a passage's signature: an existing one it is near, or a new one. */
  assign(sig: Uint32Array): number {
    const keys = this.#bandKeys(sig);
    let best = -1;
    let bestScore = this.#threshold;
    const seen = new Set<number>();
    keys.forEach((key, b) => {
      for (const cluster of (this.#buckets[b] as Map<number, number[]>).get(key) ?? []) {
        if (seen.has(cluster)) continue;
        seen.add(cluster);
        const s = similarity(sig, this.#representatives[cluster] as Uint32Array);
        if (s > bestScore || (s === bestScore && (best < 0 || cluster < best))) {
          best = cluster;
          bestScore = s;
        }
      }
    });
    if (best >= 0) return best;
    const id = this.#representatives.length;
    this.#representatives.push(sig);
    keys.forEach((key, b) => {
      const bucket = this.#buckets[b] as Map<number, number[]>;
      const list = bucket.get(key);
      if (list === undefined) bucket.set(key, [id]);
      else list.push(id);
    });
    return id;
  }

  #bandKeys(sig: Uint32Array): number[] {
    const keys: number[] = [];
    for (let b = 0; b < this.#bands; b++) {
      let h = 0x9747b28c;
      for (let r = 0; r < this.#rows; r++) h = fmix32(h ^ (sig[b * this.#rows + r] as number));
      keys.push(h);
    }
    return keys;
  }
}
