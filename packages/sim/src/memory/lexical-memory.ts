/**
 * An agent's retrieval memory: a bounded FIFO store ranked by BM25 over word tokens.
 * This is the RAG store of an email assistant — and the surface a zero-click worm lands on.
 *
 * Memories are small (tens of items), so retrieval scores every item by merging its sorted term vector with
 * the query's: sequential typed-array work, no per-memory index to build or keep in cache. Items are indexed
 * lazily, when a retrieval first needs them.
 */
import type { MemoryItem, MemoryView } from '@masec/spec';
import { type TermVector, termVector } from './term-vector.js';

interface Entry {
  item: MemoryItem;
  /** Computed at the first retrieval that needs it: memories nobody searches cost no indexing. */
  vector: TermVector | undefined;
  /** Insertion counter, for stable tie-breaking (newer first). */
  seq: number;
}

const K1 = 1.2;
const B = 0.75;

/** Scratch buffers shared by all memories (retrieval is synchronous, so they are never used concurrently). */
let tfScratch = new Int32Array(4096);
let dfScratch = new Int32Array(256);
let idfScratch = new Float64Array(256);

/** Ranking order: higher score first, then the newer item. */
function ranksBefore(score: number, seq: number, otherScore: number, otherSeq: number): boolean {
  return score > otherScore || (score === otherScore && seq > otherSeq);
}

export class LexicalMemory implements MemoryView {
  readonly capacity: number;
  readonly #items: Entry[] = [];
  /** Token count of the items indexed so far (all of them, during a retrieval). */
  #totalLength = 0;
  #seq = 0;

  constructor(capacity: number) {
    if (!(capacity >= 1)) throw new RangeError(`memory capacity must be >= 1, got ${capacity}`);
    this.capacity = capacity;
  }

  get size(): number {
    return this.#items.length;
  }

  items(): MemoryItem[] {
    return this.#items.map((x) => x.item);
  }

  /** Store an item, evicting the oldest when full. Returns the evicted item, if any. */
  add(item: MemoryItem): MemoryItem | undefined {
    this.#items.push({ item, vector: undefined, seq: this.#seq++ });
    if (this.#items.length <= this.capacity) return undefined;
    const evicted = this.#items.shift() as Entry;
    this.#totalLength -= evicted.vector?.length ?? 0;
    return evicted.item;
  }

  /** Remove every item matching the predicate (memory sanitisation). Returns how many were removed. */
  remove(predicate: (item: MemoryItem) => boolean): number {
    let removed = 0;
    for (let i = this.#items.length - 1; i >= 0; i--) {
      const entry = this.#items[i] as Entry;
      if (predicate(entry.item)) {
        this.#items.splice(i, 1);
        this.#totalLength -= entry.vector?.length ?? 0;
        removed++;
      }
    }
    return removed;
  }

  retrieve(query: string, k: number): MemoryItem[] {
    const items = this.#items;
    const n = items.length;
    if (n === 0 || k <= 0) return [];
    const q = termVector(query);
    const m = q.ids.length;
    if (m === 0) return [];
    for (const entry of items) {
      if (entry.vector === undefined) {
        entry.vector = termVector(entry.item.text);
        this.#totalLength += entry.vector.length;
      }
    }
    if (tfScratch.length < n * m) tfScratch = new Int32Array(n * m * 2);
    if (dfScratch.length < m) {
      dfScratch = new Int32Array(m * 2);
      idfScratch = new Float64Array(m * 2);
    }
    const tf = tfScratch;
    const df = dfScratch;
    tf.fill(0, 0, n * m);
    df.fill(0, 0, m);

    // Pass 1: merge each item's sorted ids with the query's; record tf at the query word's position.
    for (let d = 0; d < n; d++) {
      const v = (items[d] as Entry).vector as TermVector;
      const ids = v.ids;
      let i = 0;
      let j = 0;
      while (i < ids.length && j < m) {
        const a = ids[i] as number;
        const b = q.ids[j] as number;
        if (a < b) i++;
        else if (a > b) j++;
        else {
          const position = q.order[j] as number;
          tf[d * m + position] = v.counts[i] as number;
          df[position] = (df[position] as number) + 1;
          i++;
          j++;
        }
      }
    }

    // Pass 2: BM25, summed in the query's word order so the result never depends on term ids.
    const idf = idfScratch;
    for (let p = 0; p < m; p++) idf[p] = Math.log(1 + (n - (df[p] as number) + 0.5) / ((df[p] as number) + 0.5));
    const avgLength = this.#totalLength / n || 1;
    // Keep the best k by (score desc, newer first) with insertion into a short sorted list.
    const topScore: number[] = [];
    const topEntry: Entry[] = [];
    for (let d = 0; d < n; d++) {
      const entry = items[d] as Entry;
      const norm = K1 * (1 - B + (B * (entry.vector as TermVector).length) / avgLength);
      let score = 0;
      let matched = false;
      for (let p = 0; p < m; p++) {
        const f = tf[d * m + p] as number;
        if (f === 0) continue;
        matched = true;
        score += ((idf[p] as number) * f * (K1 + 1)) / (f + norm);
      }
      if (!matched) continue;
      let at = topScore.length;
      while (at > 0 && ranksBefore(score, entry.seq, topScore[at - 1] as number, (topEntry[at - 1] as Entry).seq)) at--;
      if (at >= k) continue;
      topScore.splice(at, 0, score);
      topEntry.splice(at, 0, entry);
      if (topScore.length > k) {
        topScore.pop();
        topEntry.pop();
      }
    }
    return topEntry.map((entry) => entry.item);
  }
}
