/**
 * Cache-friendly construction of CSR adjacency from a replayable stream of entries (row, value).
 *
 * The textbook counting sort (count degrees, prefix-sum, scatter with a cursor per row) does two random
 * memory accesses per entry. Past ~10^7 nodes the arrays are far larger than the caches and, on virtual
 * machines, every random access also misses the TLB: measured ~35–45 ns per access on the 2-core VM the
 * benchmarks run on, i.e. ~40 s for the 6·10^8 entries of a 10^8-node Barabási–Albert graph. This module
 * sorts in two levels instead:
 *
 * 1. count: entries per bucket of 2^16 consecutive rows (a few thousand counters: stays in cache);
 * 2. place: each entry's value goes to its bucket's region of the final `neighbors` array (one sequential
 *    write stream per bucket) and its row, relative to the bucket, to a 16-bit tag array;
 * 3. per bucket, a counting sort by tag inside the bucket's region, whose row counters and data fit in
 *    cache, yields the row offsets and puts every entry in its final place.
 *
 * Both sorts are stable, so a row's entries keep the order in which they were fed: a generator that feeds
 * entries in an order that leaves rows sorted needs no sort pass afterwards. A generator that already holds
 * part of every row contiguously in row order (its own picks, say) passes them as {@link RowHeads}: they are
 * copied to the start of each row in step 3 and never go through steps 1–2, which halves the work and the
 * tags for the generators here. To bound the tag array (2 bytes per fed entry), placement runs in passes
 * over consecutive buckets of at most 2^30 fed entries, the feed being replayed once per pass.
 * Complexity: O(n + entries) time; memory: the output arrays plus 2·min(fed entries, 2^30) bytes of tags
 * and 4 bytes per entry of the largest bucket.
 */
import { type CsrGraph, neighborArray } from './csr.js';
import { graphSpawner, sharedInt32, sharedUint16 } from './memory.js';

const BUCKET_BITS = 16;
const ROWS_PER_BUCKET = 1 << BUCKET_BITS;
const ROW_MASK = ROWS_PER_BUCKET - 1;
/** Entries placed per pass: bounds the tag array at 2 GiB. */
const PASS_ENTRIES = 2 ** 30;
/** Largest entry count an Int32Array offsets array can hold. */
const INT32_MAX = 2147483647;
/** Largest typed array (elements) Node 20 can allocate. */
const MAX_ENTRIES = 2 ** 32;

/** @throws RangeError when a graph would have more adjacency entries than one typed array can hold. */
export function checkEntryCount(entries: number, what: string): void {
  if (entries > MAX_ENTRIES) {
    throw new RangeError(`${what}: ${entries} adjacency entries exceed the ${MAX_ENTRIES} one typed array can hold`);
  }
}

const COUNTING = 0;
const PLACING = 1;

/**
 * The first entries of every row, held contiguously in row order: row r's heads are the next
 * `headLength(r)` values of `values` after those of rows 0..r-1, where `headLength(r)` is `lengths[r]` for
 * r < lengths.length and `rest` for later rows.
 */
export interface RowHeads {
  readonly values: Int32Array;
  readonly lengths: Int32Array;
  readonly rest: number;
}

const NO_HEADS: RowHeads = { values: new Int32Array(new SharedArrayBuffer(0)), lengths: new Int32Array(0), rest: 0 };

/** Receives the entries of a graph being assembled; see {@link assembleCsr}. */
export class CsrAssembler {
  readonly n: number;
  private mode = COUNTING;
  private readonly fedCount: Float64Array;
  private readonly cursor: Float64Array;
  /** Per bucket: region start minus the bucket's first tag index in the current pass. */
  private readonly tagDelta: Float64Array;
  private neighbors: Int32Array = new Int32Array(0);
  private tags: Uint16Array = new Uint16Array(0);
  private passLo = 0;
  private passHi = 0;
  private readonly heads: RowHeads;
  private readonly passEntries: number;

  /** Offsets allocated ahead (see `expected`), used if the graph fits 32-bit offsets. */
  private preparedOffsets: Int32Array | null = null;

  /**
   * @param heads entries already held in row order, placed first in each row (default: none).
   * @param passEntries fed entries placed per pass (default 2^30); smaller values only serve tests.
   * @param expected the entry counts (heads + fed, and fed) when the caller knows them before it generates
   *   the graph: the output arrays are then allocated now, so that their fresh memory can be prefaulted on
   *   another thread while the caller generates (topology/memory.ts).
   */
  constructor(n: number, heads: RowHeads = NO_HEADS, passEntries = PASS_ENTRIES, expected?: { entries: number; fed: number }) {
    this.n = n;
    this.heads = heads;
    this.passEntries = passEntries;
    if (expected !== undefined) {
      checkEntryCount(expected.entries, 'CSR');
      this.neighbors = neighborArray(expected.entries);
      this.tags = sharedUint16(Math.min(expected.fed, passEntries));
      if (expected.entries <= INT32_MAX) this.preparedOffsets = sharedInt32(n + 1);
    }
    const buckets = Math.max(1, Math.ceil(n / ROWS_PER_BUCKET));
    this.fedCount = new Float64Array(buckets + 1);
    this.cursor = new Float64Array(buckets + 1);
    this.tagDelta = new Float64Array(buckets + 1);
  }

  /**
   * Adds `value` to row `row`'s list, after the row's heads. The feed must add the same entries in the same
   * order on every replay. No range checks: rows and values must be in 0..n-1 (callers validate). O(1).
   */
  add(row: number, value: number): void {
    const bucket = row >>> BUCKET_BITS;
    if (this.mode === COUNTING) {
      this.fedCount[bucket] = (this.fedCount[bucket] as number) + 1;
      return;
    }
    if (bucket < this.passLo || bucket >= this.passHi) return;
    const at = this.cursor[bucket] as number;
    this.cursor[bucket] = at + 1;
    this.neighbors[at] = value;
    this.tags[at - (this.tagDelta[bucket] as number)] = row & ROW_MASK;
  }

  /** Runs the whole construction; see {@link assembleCsr}. */
  run(feed: (sink: CsrAssembler) => void): { offsets: Int32Array | Float64Array; neighbors: Int32Array } {
    const n = this.n;
    this.mode = COUNTING;
    feed(this);
    const buckets = this.fedCount.length - 1;
    // Heads per bucket, and where each bucket's heads start in heads.values.
    const headStart = new Float64Array(buckets + 1);
    const { lengths, rest } = this.heads;
    let headRun = 0;
    for (let b = 0; b < buckets; b++) {
      headStart[b] = headRun;
      const first = b * ROWS_PER_BUCKET;
      const last = Math.min(n, first + ROWS_PER_BUCKET);
      const irregularEnd = Math.min(last, lengths.length);
      for (let r = first; r < irregularEnd; r++) headRun += lengths[r] as number;
      headRun += Math.max(0, last - Math.max(first, lengths.length)) * rest;
    }
    headStart[buckets] = headRun;
    if (headRun > this.heads.values.length) throw new RangeError(`CSR: row heads need ${headRun} values, got ${this.heads.values.length}`);
    // Bucket regions hold heads and fed entries: starts[b] = entries in buckets before b.
    const starts = new Float64Array(buckets + 1);
    const fedStarts = new Float64Array(buckets + 1);
    let total = 0;
    let fedTotal = 0;
    let largest = 0;
    for (let b = 0; b < buckets; b++) {
      starts[b] = total;
      fedStarts[b] = fedTotal;
      const size = (this.fedCount[b] as number) + (headStart[b + 1] as number) - (headStart[b] as number);
      total += size;
      fedTotal += this.fedCount[b] as number;
      if (size > largest) largest = size;
    }
    starts[buckets] = total;
    fedStarts[buckets] = fedTotal;
    checkEntryCount(total, 'CSR');
    const prepared = this.preparedOffsets;
    this.preparedOffsets = null;
    const offsets = total > INT32_MAX ? new Float64Array(n + 1) : (prepared ?? sharedInt32(n + 1));
    offsets[n] = total;
    if (this.neighbors.length !== total) this.neighbors = neighborArray(total);
    const rowCount = new Int32Array(ROWS_PER_BUCKET + 1);
    const temp = new Int32Array(largest);

    this.mode = PLACING;
    let lo = 0;
    while (lo < buckets) {
      // Consecutive buckets up to passEntries fed entries (at least one).
      let hi = lo + 1;
      while (hi < buckets && (fedStarts[hi + 1] as number) - (fedStarts[lo] as number) <= this.passEntries) hi++;
      this.passLo = lo;
      this.passHi = hi;
      const passFed = (fedStarts[hi] as number) - (fedStarts[lo] as number);
      if (this.tags.length < passFed) this.tags = sharedUint16(passFed);
      for (let b = lo; b < hi; b++) {
        this.cursor[b] = starts[b] as number;
        this.tagDelta[b] = (starts[b] as number) - ((fedStarts[b] as number) - (fedStarts[lo] as number));
      }
      if (passFed > 0) feed(this);
      this.sortBuckets(lo, hi, starts, headStart, offsets, rowCount, temp);
      lo = hi;
    }
    const neighbors = this.neighbors;
    this.neighbors = new Int32Array(0);
    this.tags = new Uint16Array(0);
    return { offsets, neighbors };
  }

  /**
   * Lays out buckets [lo, hi) (see {@link sortBucketRange}). When a helper thread can be had (topology/
   * memory.ts) and the buckets hold at least PARALLEL_SORT_MIN entries in shared buffers, a helper sorts the
   * upper half of them while this thread sorts the lower half: buckets are independent, so the result is the
   * same.
   */
  private sortBuckets(
    lo: number,
    hi: number,
    starts: Float64Array,
    headStart: Float64Array,
    offsets: Int32Array | Float64Array,
    rowCount: Int32Array,
    temp: Int32Array,
  ): void {
    const { values, lengths, rest } = this.heads;
    const job: BucketJob = {
      n: this.n,
      neighbors: this.neighbors,
      tags: this.tags,
      headValues: values,
      headLengths: lengths,
      headRest: rest,
      fedCount: this.fedCount,
      tagDelta: this.tagDelta,
      starts,
      headStart,
      offsets,
    };
    const spawn = graphSpawner();
    const entries = (starts[hi] as number) - (starts[lo] as number);
    if (spawn === null || hi - lo < 2 || entries < PARALLEL_SORT_MIN || !allShared([this.neighbors, this.tags, values, offsets])) {
      sortBucketRange(job, lo, hi, rowCount, temp);
      return;
    }
    // Split at the bucket that halves the entries.
    let mid = lo + 1;
    while (mid < hi - 1 && (starts[mid] as number) - (starts[lo] as number) < entries / 2) mid++;
    const done = new Int32Array(new SharedArrayBuffer(4));
    const shared: BucketJob = {
      ...job,
      headLengths: copyShared(lengths),
      fedCount: copyShared(this.fedCount),
      tagDelta: copyShared(this.tagDelta),
      starts: copyShared(starts),
      headStart: copyShared(headStart),
    };
    const helper = spawn(BUCKET_HELPER_SOURCE, { job: shared, lo: mid, hi, largest: temp.length, done });
    try {
      sortBucketRange(job, lo, mid, rowCount, temp);
      if (Atomics.wait(done, 0, 0, HELPER_STALL_MS) === 'timed-out') {
        throw new Error(`CSR: the bucket-sorting helper thread did not finish within ${HELPER_STALL_MS / 1000} s`);
      }
      if (Atomics.load(done, 0) !== 1) throw new Error('CSR: the bucket-sorting helper thread failed (its error is printed on stderr)');
    } finally {
      helper.terminate();
    }
  }
}

/** Below this many entries a helper thread's start (≈ 30 ms) costs more than half the sorting saves. */
const PARALLEL_SORT_MIN = 1 << 24;
const HELPER_STALL_MS = 600_000;

/** What {@link sortBucketRange} reads and writes (typed arrays only, so a helper thread can take it). */
interface BucketJob {
  n: number;
  neighbors: Int32Array;
  tags: Uint16Array;
  headValues: Int32Array;
  headLengths: Int32Array;
  headRest: number;
  fedCount: Float64Array;
  tagDelta: Float64Array;
  starts: Float64Array;
  headStart: Float64Array;
  offsets: Int32Array | Float64Array;
}

/**
 * Lays out the regions of buckets [lo, hi): per row, its heads then its fed entries in feed order (a stable
 * counting sort by row tag, through `temp`), and writes the offsets of their rows. Self-contained: it also
 * runs in a helper thread from its source text.
 */
function sortBucketRange(job: BucketJob, lo: number, hi: number, rowCount: Int32Array, temp: Int32Array): void {
  const rowsPerBucket = 65536; // ROWS_PER_BUCKET, as a literal: this function runs from its source text
  const { n, neighbors, tags, headValues, headLengths, headRest, fedCount, tagDelta, starts, headStart, offsets } = job;
  for (let bucket = lo; bucket < hi; bucket++) {
    const from = starts[bucket] as number;
    const to = starts[bucket + 1] as number;
    const firstRow = bucket * rowsPerBucket;
    const rows = Math.min(rowsPerBucket, n - firstRow);
    const fed = fedCount[bucket] as number;
    const tagFrom = from - (tagDelta[bucket] as number);
    rowCount.fill(0, 0, rows + 1);
    for (let i = 0; i < fed; i++) {
      const t = tags[tagFrom + i] as number;
      rowCount[t] = (rowCount[t] as number) + 1;
    }
    let run = 0;
    let h = headStart[bucket] as number;
    for (let r = 0; r < rows; r++) {
      const row = firstRow + r;
      const heads = row < headLengths.length ? (headLengths[row] as number) : headRest;
      const c = rowCount[r] as number;
      offsets[row] = from + run;
      for (let j = 0; j < heads; j++) temp[run + j] = headValues[h + j] as number;
      h += heads;
      run += heads;
      rowCount[r] = run;
      run += c;
    }
    for (let i = 0; i < fed; i++) {
      const t = tags[tagFrom + i] as number;
      const at = rowCount[t] as number;
      rowCount[t] = at + 1;
      temp[at] = neighbors[from + i] as number;
    }
    neighbors.set(temp.subarray(0, to - from), from);
  }
}

const BUCKET_HELPER_SOURCE = `
const { workerData } = require('node:worker_threads');
const sortBucketRange = ${sortBucketRange.toString()};
const { job, lo, hi, largest, done } = workerData;
try {
  sortBucketRange(job, lo, hi, new Int32Array(65536 + 1), new Int32Array(largest));
  Atomics.store(done, 0, 1);
} catch (error) {
  console.error('masec CSR helper thread:', error);
  Atomics.store(done, 0, -1);
}
Atomics.notify(done, 0);
`;

function allShared(arrays: readonly { buffer: ArrayBufferLike }[]): boolean {
  return arrays.every((a) => a.buffer instanceof SharedArrayBuffer);
}

function copyShared<T extends Int32Array | Float64Array>(a: T): T {
  const copy = new (a.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
}

/**
 * Builds CSR arrays for rows 0..n-1: each row holds its `heads` (if given) followed by the entries `feed`
 * adds with `sink.add(row, value)`, in the order added. `feed` is called several times (once to count, then
 * once per placement pass) and must add the same entries in the same order each time. O(n + entries) time.
 */
export function assembleCsr(
  n: number,
  feed: (sink: CsrAssembler) => void,
  heads?: RowHeads,
): { offsets: Int32Array | Float64Array; neighbors: Int32Array } {
  return new CsrAssembler(n, heads).run(feed);
}

/** {@link assembleCsr} for an undirected graph whose rows come out sorted and duplicate-free. */
export function assembleSimpleGraph(n: number, feed: (sink: CsrAssembler) => void, heads?: RowHeads): CsrGraph {
  const { offsets, neighbors } = assembleCsr(n, feed, heads);
  return { n, directed: false, offsets, neighbors };
}
