/**
 * The configuration model: a random graph with a given degree sequence, built by matching "stubs"
 * (half-edges) uniformly at random, here in its *erased* form: the self-loops and repeated pairs that the
 * matching produces are dropped, so the result is a simple graph whose degrees are at most the requested
 * ones (for sequences without huge hubs the erased fraction vanishes as n grows).
 */
import type { Rng } from '@masec/spec';
import { Sfc32Stream } from '../random/sfc32-stream.js';
import { sortAndDedupe } from './builder.js';
import { assembleCsr, checkEntryCount } from './csr-assembler.js';
import type { CsrGraph } from './csr.js';

/** Stubs per shuffle bucket: 256 KiB of stubs, so each bucket's shuffle runs in cache. */
const BUCKET_STUBS = 1 << 16;

export interface ConfigurationModelOptions {
  /**
   * When the degrees sum to an odd number one stub cannot be matched: 'throw' (the default) rejects the
   * sequence, 'drop-stub' leaves one stub, the last after shuffling (so a uniformly random one), unmatched.
   */
  readonly oddSum?: 'throw' | 'drop-stub';
}

/**
 * Erased configuration model on nodes 0..degrees.length-1: node i gets degrees[i] stubs, the stub list is
 * shuffled and consecutive stubs are paired into edges; self-loops and multi-edges are then erased.
 *
 * The shuffle is Rao–Sandelius's: every stub goes to a uniformly random bucket of ~2^16 stubs (one
 * sequential write stream per bucket), then each bucket is shuffled by Fisher–Yates in cache. The
 * concatenation is a uniformly random permutation, so the pairing is a uniformly random matching, without
 * the cache miss per stub of a Fisher–Yates pass over the whole list. The bucket choices are drawn twice
 * from copies of one stream (once to size the buckets, once to fill them).
 *
 * Complexity: O(n + S) time for S = Σ degrees, plus sorting the neighbour slices (O(d log d) for a slice of
 * length d); memory: the CSR arrays plus 4 bytes per stub.
 * @throws RangeError for a negative degree, an odd sum (unless `oddSum: 'drop-stub'`), or
 *   more stubs than one typed array can hold.
 */
export function configurationModel(degrees: Int32Array, rng: Rng, options: ConfigurationModelOptions = {}): CsrGraph {
  const n = degrees.length;
  let stubs = 0;
  for (let i = 0; i < n; i++) {
    const d = degrees[i] as number;
    if (d < 0) throw new RangeError(`configurationModel: node ${i} has degree ${d}; degrees must be >= 0`);
    stubs += d;
  }
  checkEntryCount(stubs, 'configurationModel');
  if (stubs % 2 === 1 && options.oddSum !== 'drop-stub') {
    throw new RangeError(`configurationModel: the degrees sum to ${stubs}, an odd number; every edge needs two stubs`);
  }
  const list = shuffledStubs(degrees, stubs, Sfc32Stream.from(rng));
  const pairs = Math.floor(stubs / 2);
  const { offsets, neighbors } = assembleCsr(n, (sink) => {
    for (let p = 0; p < pairs; p++) {
      const a = list[2 * p] as number;
      const b = list[2 * p + 1] as number;
      if (a === b) continue; // erased self-loop
      sink.add(a, b);
      sink.add(b, a);
    }
  });
  // Erases multi-edges (repeated entries in a slice) and sorts the slices.
  return sortAndDedupe(n, false, offsets, neighbors);
}

/** The stub list (node i repeated degrees[i] times) in uniformly random order, by Rao–Sandelius. O(n + S). */
function shuffledStubs(degrees: Int32Array, stubs: number, stream: Sfc32Stream): Int32Array {
  const n = degrees.length;
  const buckets = Math.max(1, Math.ceil(stubs / BUCKET_STUBS));
  const cursor = new Float64Array(buckets + 1);
  const replay = stream.clone();
  for (let i = 0; i < n; i++) {
    const d = degrees[i] as number;
    for (let s = 0; s < d; s++) {
      const b = stream.below(buckets);
      cursor[b] = (cursor[b] as number) + 1;
    }
  }
  const starts = new Float64Array(buckets + 1);
  let run = 0;
  for (let b = 0; b < buckets; b++) {
    starts[b] = run;
    run += cursor[b] as number;
    cursor[b] = starts[b] as number;
  }
  starts[buckets] = run;
  const list = new Int32Array(stubs);
  for (let i = 0; i < n; i++) {
    const d = degrees[i] as number;
    for (let s = 0; s < d; s++) {
      const b = replay.below(buckets);
      const at = cursor[b] as number;
      cursor[b] = at + 1;
      list[at] = i;
    }
  }
  for (let b = 0; b < buckets; b++) {
    const lo = starts[b] as number;
    for (let j = (starts[b + 1] as number) - 1; j > lo; j--) {
      const k = lo + stream.below(j - lo + 1);
      const tmp = list[j] as number;
      list[j] = list[k] as number;
      list[k] = tmp;
    }
  }
  return list;
}
