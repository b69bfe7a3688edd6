/**
 * Where the contact model's hits go. Transmission has two halves: drawing which edges are hit (arithmetic on
 * the random stream and on the compromised agents' cached rows) and resolving them (reading each hit edge's
 * neighbour and that neighbour's state: two cache misses per hit at 10^7–10^8 agents). The draws fill chunks
 * of hits in order; a sink resolves each chunk:
 *
 * - `LocalSink` resolves it at once, on the calling thread;
 * - `HelperSink` hands it to a helper thread and returns to drawing the next chunk, so the two halves overlap
 *   on two cores. The helper resolves chunks in the order they were drawn and the caller collects the new
 *   infections in that order, so the outcome — states, infection order, credited cohorts — is exactly the
 *   local one (a test checks the final states and digests are identical).
 *
 * A helper sink also takes the other random writes of a round — promotion (NEW → I) and recovery (I → R) — when
 * the engine knows it will not read any state before the end of the run (`deferStateWrites` in engine.ts: no
 * monitors, no latent stage, no reinfection): the helper applies them in order with the hits, so each round
 * the caller only streams through its lists and draws.
 *
 * Shared memory: the helper writes the state bytes and reads the graph's neighbours, so both must live in
 * SharedArrayBuffers (the population state always does; the CSR assembler allocates shared neighbours). The
 * helper's code is the text of `resolveHits` and `helperMain` below (`HELPER_SOURCE`), so it runs from the
 * compiled package and from the TypeScript sources under a test runner alike: those two functions must not
 * use anything from outside their own bodies. This package does not start threads itself (it uses no Node
 * API): the caller passes `HelperThreads`, which the runner implements with worker_threads.
 */
import type { IdList } from './state.js';

/** Starts helper threads; the runner implements it with Node's worker_threads (runner/src/experiment). */
export interface HelperThreads {
  /** Whether a run of `agents` agents should use a helper thread (a second core, a run long enough). */
  use(agents: number): boolean;
  /**
   * Starts a thread running `source`, a CommonJS script that reads `require('node:worker_threads').workerData`,
   * with `data` (typed arrays over SharedArrayBuffers) as its workerData.
   */
  spawn(source: string, data: object): { terminate(): unknown };
}

/** Hits per chunk: big enough that a hand-over (a few µs) is noise, small enough to stay in the L2 cache. */
export const CHUNK = 1 << 14;

/**
 * Resolves hits [0, count): the neighbour at `edge[k]` is infected (state S → NEW) unless it is no longer
 * susceptible, credited to cohort `cohort[k]`, and appended to `out` from `outStart`. Three passes — read the
 * neighbours, touch their states, then infect in order — so that the cache misses of each pass overlap.
 * Returns the new end of `out`. Self-contained (runs in the helper thread from its source text).
 */
export function resolveHits(
  neighbors: Int32Array,
  state: Uint8Array,
  edge: Float64Array,
  cohort: Int32Array,
  count: number,
  target: Int32Array,
  out: Int32Array,
  outStart: number,
  offspring: { [round: number]: number },
): number {
  const S = 0;
  const NEW = 5;
  for (let k = 0; k < count; k++) target[k] = neighbors[edge[k] as number] as number;
  let touched = 0;
  for (let k = 0; k < count; k++) touched |= state[target[k] as number] as number;
  let w = outStart;
  for (let k = 0; k < count; k++) {
    const j = target[k] as number;
    if (state[j] !== S) continue;
    state[j] = NEW;
    out[w++] = j;
    const c = cohort[k] as number;
    offspring[c] = (offspring[c] as number) + 1;
  }
  // `touched` keeps the touching pass from being optimised away; it is never 255 (no such state code).
  return touched === 255 ? -1 : w;
}

/** A chunk of hits being filled by the draws. */
export interface HitSink {
  /** Edge index (position in `neighbors`) and source cohort of each hit of the current chunk. */
  edge: Float64Array;
  cohort: Int32Array;
  /** Resolves the current chunk's first `count` hits (now or later); the sink's arrays may change. */
  flush(count: number): void;
  /** Resolves everything flushed and the current chunk's `count` hits; returns the round's infections. */
  finish(count: number): number;
}

/** Resolves chunks on the calling thread. */
export class LocalSink implements HitSink {
  edge = new Float64Array(CHUNK);
  cohort = new Int32Array(CHUNK);
  private readonly target = new Int32Array(CHUNK);
  private infected = 0;

  constructor(
    private readonly neighbors: Int32Array,
    private readonly state: Uint8Array,
    private readonly incoming: IdList,
    private readonly offspring: number[],
  ) {}

  flush(count: number): void {
    if (count === 0) return;
    const incoming = this.incoming;
    incoming.reserve(incoming.length + count);
    const end = resolveHits(this.neighbors, this.state, this.edge, this.cohort, count, this.target, incoming.ids, incoming.length, this.offspring);
    this.infected += end - incoming.length;
    incoming.length = end;
  }

  finish(count: number): number {
    this.flush(count);
    const infected = this.infected;
    this.infected = 0;
    return infected;
  }

}

// Control array: per slot its state, then per slot its count, its output count, its operation and the value
// a write operation stores (each a run of SLOTS ints).
const FREE = 0;
const FULL = 1;
const DONE = 2;
const EXIT = 3;
const FAILED = 4;
/** How long the caller waits for one chunk before it gives up on the helper thread. */
const STALL_MS = 120_000;
const SLOTS = 2;
/** Operations: resolve the slot's hits; or write a value to the states of the agents listed in `cohorts`. */
const OP_HITS = 0;
const OP_WRITE = 1;

interface HelperData {
  control: Int32Array;
  neighbors: Int32Array;
  state: Uint8Array;
  offspring: Float64Array;
  edges: Float64Array[];
  cohorts: Int32Array[];
  outs: Int32Array[];
}

/**
 * The helper thread's loop: take slot after slot, in turn, until told to exit; resolve its hits, or write its
 * states. Self-contained (literal codes: 1 FULL, 2 DONE, 3 EXIT; operation 1 is a write).
 */
function helperMain(data: HelperData, resolve: typeof resolveHits): void {
  const { control, neighbors, state, offspring, edges, cohorts, outs } = data;
  const target = new Int32Array((edges[0] as Float64Array).length);
  const slots = edges.length;
  for (let slot = 0; ; slot = (slot + 1) % slots) {
    let s = Atomics.load(control, slot);
    while (s !== 1 && s !== 3) {
      Atomics.wait(control, slot, s);
      s = Atomics.load(control, slot);
    }
    if (s === 3) return;
    const count = control[slots + slot] as number;
    const ids = cohorts[slot] as Int32Array;
    if (control[3 * slots + slot] === 1) {
      const value = control[4 * slots + slot] as number;
      for (let k = 0; k < count; k++) state[ids[k] as number] = value;
      control[2 * slots + slot] = 0;
    } else {
      control[2 * slots + slot] = resolve(neighbors, state, edges[slot] as Float64Array, ids, count, target, outs[slot] as Int32Array, 0, offspring);
    }
    Atomics.store(control, slot, 2);
    Atomics.notify(control, slot);
  }
}

// On an error the helper prints it and marks every slot FAILED, so the caller's wait ends with an error (the
// run fails), not a hang; it does not rethrow, which would raise an 'error' event on the caller's thread.
export const HELPER_SOURCE = `
const { workerData } = require('node:worker_threads');
const resolveHits = ${resolveHits.toString()};
try {
  (${helperMain.toString()})(workerData, resolveHits);
} catch (error) {
  console.error('masec population helper thread:', error);
  const control = workerData.control;
  for (let s = 0; s < workerData.edges.length; s++) {
    Atomics.store(control, s, ${FAILED});
    Atomics.notify(control, s);
  }
}
`;

/**
 * Resolves chunks on a helper thread while the caller draws the next one. One helper per run; `close()`
 * ends it (the engine closes it when the run ends, also on error).
 */
export class HelperSink implements HitSink {
  edge: Float64Array;
  cohort: Int32Array;
  private readonly control: Int32Array;
  private readonly edges: Float64Array[] = [];
  private readonly cohorts: Int32Array[] = [];
  private readonly outs: Int32Array[] = [];
  /** Per-round offspring credited by the helper, added to the caller's cohorts at `finish`. */
  private readonly offspringShared: Float64Array;
  private readonly worker: { terminate(): unknown };
  /** Slots handed over and not yet collected, oldest first; `current` is the one being filled. */
  private readonly pending: number[] = [];
  private current = 0;
  private infected = 0;
  private closed = false;

  constructor(
    neighbors: Int32Array,
    state: Uint8Array,
    private readonly incoming: IdList,
    private readonly offspring: number[],
    rounds: number,
    threads: HelperThreads,
  ) {
    if (!(neighbors.buffer instanceof SharedArrayBuffer) || !(state.buffer instanceof SharedArrayBuffer)) {
      throw new Error('HelperSink: the neighbours and the state must be in SharedArrayBuffers');
    }
    this.control = new Int32Array(new SharedArrayBuffer(5 * SLOTS * 4));
    for (let s = 0; s < SLOTS; s++) {
      this.edges.push(new Float64Array(new SharedArrayBuffer(CHUNK * 8)));
      this.cohorts.push(new Int32Array(new SharedArrayBuffer(CHUNK * 4)));
      this.outs.push(new Int32Array(new SharedArrayBuffer(CHUNK * 4)));
    }
    this.offspringShared = new Float64Array(new SharedArrayBuffer((rounds + 1) * 8));
    this.edge = this.edges[0] as Float64Array;
    this.cohort = this.cohorts[0] as Int32Array;
    const data: HelperData = {
      control: this.control,
      neighbors,
      state,
      offspring: this.offspringShared,
      edges: this.edges,
      cohorts: this.cohorts,
      outs: this.outs,
    };
    this.worker = threads.spawn(HELPER_SOURCE, data);
  }

  flush(count: number): void {
    this.submit(count, OP_HITS, 0);
  }

  /**
   * Sets `state[ids[k]] = value` for k in [from, to), queued behind the hits already handed over: the caller
   * must not read those states before `drain()`.
   */
  writeStates(ids: Int32Array, from: number, to: number, value: number): void {
    for (let at = from; at < to; at += CHUNK) {
      const end = Math.min(to, at + CHUNK);
      // Called between transmission steps, when the current slot holds no hits being drawn.
      this.cohort.set(ids.subarray(at, end));
      this.submit(end - at, OP_WRITE, value);
    }
  }

  /** Waits until every queued write and hit is done. */
  drain(): void {
    while (this.pending.length > 0) this.collect(this.pending.shift() as number);
  }

  /** Hands the current slot over (`count` entries, operation `op`) and moves on to a free slot. */
  private submit(count: number, op: number, value: number): void {
    if (count === 0) return;
    const slot = this.current;
    const control = this.control;
    control[SLOTS + slot] = count;
    control[3 * SLOTS + slot] = op;
    control[4 * SLOTS + slot] = value;
    Atomics.store(control, slot, FULL);
    Atomics.notify(control, slot);
    this.pending.push(slot);
    // The next slot to fill is the oldest handed over once collected, or a free one.
    if (this.pending.length === SLOTS) this.collect(this.pending.shift() as number);
    let next = (slot + 1) % SLOTS;
    while (this.pending.includes(next)) next = (next + 1) % SLOTS;
    this.current = next;
    this.edge = this.edges[next] as Float64Array;
    this.cohort = this.cohorts[next] as Int32Array;
  }

  finish(count: number): number {
    this.flush(count);
    this.drain();
    const shared = this.offspringShared;
    const offspring = this.offspring;
    for (let r = 0; r < shared.length; r++) {
      if (shared[r] === 0) continue;
      while (offspring.length <= r) offspring.push(0);
      offspring[r] = (offspring[r] as number) + (shared[r] as number);
      shared[r] = 0;
    }
    const infected = this.infected;
    this.infected = 0;
    return infected;
  }

  /** Waits for the helper to finish `slot`, then appends its infections to the incoming list. */
  private collect(slot: number): void {
    const control = this.control;
    let s = Atomics.load(control, slot);
    while (s === FULL) {
      if (Atomics.wait(control, slot, FULL, STALL_MS) === 'timed-out') {
        throw new Error(`the population engine's helper thread did not answer within ${STALL_MS / 1000} s`);
      }
      s = Atomics.load(control, slot);
    }
    if (s === FAILED) throw new Error("the population engine's helper thread failed (its error is printed on stderr)");
    if (s !== DONE) throw new Error(`HelperSink: slot ${slot} in state ${s}, expected done`);
    const count = control[2 * SLOTS + slot] as number;
    if (count < 0) throw new Error('HelperSink: the helper thread reported an impossible state code');
    const incoming = this.incoming;
    incoming.reserve(incoming.length + count);
    incoming.ids.set((this.outs[slot] as Int32Array).subarray(0, count), incoming.length);
    incoming.length += count;
    this.infected += count;
    Atomics.store(control, slot, FREE);
  }

  /** Ends the helper thread (idempotent). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (let s = 0; s < SLOTS; s++) {
      Atomics.store(this.control, s, EXIT);
      Atomics.notify(this.control, s);
    }
    this.worker.terminate();
  }
}
