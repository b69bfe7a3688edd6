/**
 * Texts as compact term vectors: distinct term ids in ascending order with their counts. Vectors are cached
 * per text, so a message filed into many memories (a board post, a reply read and queried) is tokenised once.
 *
 * Term ids come from a process-wide dictionary and depend on what the process saw before, so nothing may
 * depend on their values beyond identity: retrieval sums scores in the query's word order, never id order.
 */
import { tokenize } from './tokenize.js';

export interface TermVector {
  /** Distinct term ids, ascending. */
  ids: Int32Array;
  /** Occurrences of each term in `ids`. */
  counts: Int32Array;
  /** Position of each term of `ids` in first-occurrence order (the order scores are summed in). */
  order: Int32Array;
  /** Number of tokens, with repeats. */
  length: number;
}

const dictionary = new Map<string, number>();
const recent = new Map<string, TermVector>();
const RECENT_LIMIT = 8192;

/** Per-term-id scratch: the text number that last saw the term, and where it sits in that text's list. */
let seenIn = new Int32Array(1 << 16).fill(-1);
let slotOf = new Int32Array(1 << 16);
let textNumber = 0;

function termId(token: string): number {
  let id = dictionary.get(token);
  if (id === undefined) {
    id = dictionary.size;
    dictionary.set(token, id);
    if (id >= seenIn.length) {
      const grown = new Int32Array(seenIn.length * 2).fill(-1);
      grown.set(seenIn);
      seenIn = grown;
      const slots = new Int32Array(slotOf.length * 2);
      slots.set(slotOf);
      slotOf = slots;
    }
  }
  return id;
}

/** Positions are packed under ids in one float so that a native numeric sort orders both at once. */
const POSITION_SPAN = 1 << 16;

export function termVector(text: string): TermVector {
  const hit = recent.get(text);
  if (hit !== undefined) return hit;
  const tokens = tokenize(text);
  const current = textNumber++;
  if (textNumber === 0x7fffffff) {
    seenIn.fill(-1);
    textNumber = 0;
  }
  const firstIds: number[] = [];
  const firstCounts: number[] = [];
  for (const token of tokens) {
    const id = termId(token);
    if (seenIn[id] === current) {
      const slot = slotOf[id] as number;
      firstCounts[slot] = (firstCounts[slot] as number) + 1;
    } else if (firstIds.length < POSITION_SPAN) {
      seenIn[id] = current;
      slotOf[id] = firstIds.length;
      firstIds.push(id);
      firstCounts.push(1);
    }
  }
  const m = firstIds.length;
  const packed = new Float64Array(m);
  for (let p = 0; p < m; p++) packed[p] = (firstIds[p] as number) * POSITION_SPAN + p;
  packed.sort();
  const ids = new Int32Array(m);
  const counts = new Int32Array(m);
  const order = new Int32Array(m);
  for (let i = 0; i < m; i++) {
    const value = packed[i] as number;
    const position = value % POSITION_SPAN;
    ids[i] = (value - position) / POSITION_SPAN;
    order[i] = position;
    counts[i] = firstCounts[position] as number;
  }
  const vector: TermVector = { ids, counts, order, length: tokens.length };
  if (recent.size >= RECENT_LIMIT) recent.clear();
  recent.set(text, vector);
  return vector;
}
