/**
 * Near-duplicate detection for the propagation monitor: word shingles, MinHash signatures (Broder 1997) and a
 * banded locality-sensitive index that groups near-identical passages into clusters. Pure and deterministic:
 * the hash functions are fixed, and a passage always joins the best-matching cluster that was created first.
 */
import type { Clock, StateMap } from '@masec/spec';
import { BoundedMap } from '../state/memory-state-store.js';

/** FNV-1a over a string, 32-bit. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** MurmurHash3's 32-bit finaliser: a cheap, well-mixing permutation of 32-bit integers. */
function fmix32(x: number): number {
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
export function similarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/** Where a near-duplicate index keeps its clusters: both maps bounded (the index evicts, least recently seen first). */
export interface NearDuplicateStorage {
  /** Cluster id → its first passage's signature. */
  clusters: StateMap<number[]>;
  /** `<band>:<band key>` → ids of the clusters whose representative falls in that bucket, oldest first. */
  buckets: StateMap<number[]>;
}

export interface NearDuplicateOptions {
  bands: number;
  rows: number;
  threshold: number;
  /** Most clusters kept; past it the least recently seen one is forgotten (default: no practical bound). */
  maxClusters?: number;
}

/** A clock that never moves, for storage without TTLs (the index's own maps when it is given none). */
const STILL: Clock = { unit: 'round', now: () => 0 };

/**
 * Clusters of near-duplicate passages. A signature of `bands × rows` values is cut into bands; two
 * signatures that agree on a whole band are candidates (probability 1 − (1 − J^rows)^bands for Jaccard J),
 * and a candidate joins a cluster when its estimated similarity to the cluster's first passage reaches
 * `threshold`. Cluster ids count up from 0 and are never reused.
 *
 * Bounded: with `maxClusters`, creating a cluster past the bound first forgets the least recently seen one
 * (assigned a passage, compared with one, or touched) and takes it out of its buckets, so the buckets never
 * hold more than `bands` entries per cluster kept.
 */
export class NearDuplicateIndex {
  readonly #bands: number;
  readonly #rows: number;
  readonly #threshold: number;
  readonly #max: number;
  readonly #clusters: StateMap<number[]>;
  readonly #buckets: StateMap<number[]>;
  #next = 0;

  constructor(options: NearDuplicateOptions, storage?: NearDuplicateStorage) {
    this.#bands = options.bands;
    this.#rows = options.rows;
    this.#threshold = options.threshold;
    this.#max = options.maxClusters ?? Number.MAX_SAFE_INTEGER;
    this.#clusters = storage?.clusters ?? new BoundedMap<number[]>({ maxEntries: Number.MAX_SAFE_INTEGER }, STILL);
    this.#buckets = storage?.buckets ?? new BoundedMap<number[]>({ maxEntries: Number.MAX_SAFE_INTEGER }, STILL);
  }

  get length(): number {
    return this.#bands * this.#rows;
  }

  /** Clusters kept. */
  get clusters(): number {
    return this.#clusters.size;
  }

  /** Marks a cluster as seen (a passage of it was delivered), so that it is not the next to be forgotten. */
  touch(cluster: number): void {
    this.#clusters.get(String(cluster));
  }

  /** The cluster of a passage's signature: an existing one it is near, or a new one. */
  assign(sig: Uint32Array): number {
    const keys = this.#bandKeys(sig);
    let best = -1;
    let bestScore = this.#threshold;
    const seen = new Set<number>();
    for (const key of keys) {
      const members = this.#buckets.get(key);
      if (members === undefined) continue;
      for (const cluster of members) {
        if (seen.has(cluster)) continue;
        seen.add(cluster);
        const representative = this.#clusters.get(String(cluster));
        // A cluster the storage lost on its own (a shared store may) is only skipped.
        if (representative === undefined) continue;
        const s = similarity(sig, representative);
        if (s > bestScore || (s === bestScore && (best < 0 || cluster < best))) {
          best = cluster;
          bestScore = s;
        }
      }
    }
    if (best >= 0) return best;
    while (this.#clusters.size >= this.#max) this.#forgetOldest();
    const id = this.#next++;
    this.#clusters.set(String(id), Array.from(sig));
    for (const key of keys) this.#buckets.set(key, [...(this.#buckets.get(key) ?? []), id]);
    return id;
  }

  #forgetOldest(): void {
    const oldest = this.#clusters.entries().next();
    if (oldest.done === true) return;
    const [name, representative] = oldest.value;
    this.#clusters.delete(name);
    const id = Number(name);
    for (const key of this.#bandKeys(representative)) {
      const rest = (this.#buckets.get(key) ?? []).filter((c) => c !== id);
      if (rest.length > 0) this.#buckets.set(key, rest);
      else this.#buckets.delete(key);
    }
  }

  /** The bucket of each band: `<band>:<hash of the band's values>`. */
  #bandKeys(sig: ArrayLike<number>): string[] {
    const keys: string[] = [];
    for (let b = 0; b < this.#bands; b++) {
      let h = 0x9747b28c;
      for (let r = 0; r < this.#rows; r++) h = fmix32(h ^ (sig[b * this.#rows + r] as number));
      keys.push(`${b}:${h}`);
    }
    return keys;
  }
}
