/**
 * Transmission along a static contact graph: each compromised agent tries each neighbour once per round
 * with probability β; a susceptible neighbour that is hit is infected (and becomes compromised next round).
 * Sparse β uses geometric skipping over the neighbour list (one draw per hit instead of one per edge), so
 * the cost per compromised agent is O(β·degree + 1) and untouched neighbours' state is never read.
 *
 * Which edges are hit depends only on the degrees and the random stream, not on anyone's state (unless some
 * agents are resistant: then a hit on a resistant susceptible agent costs one more draw). So without
 * resistant agents the step runs in passes over blocks of agents — their rows, then the draws, then the hit
 * neighbours, then their states — instead of one agent at a time. The draws, the infections and their order
 * are exactly those of the one-agent-at-a-time loop (kept for resistant agents); what changes is that each
 * pass is a short loop of independent memory reads, which the processor overlaps. At 10^7–10^8 agents
 * nearly every read of a row, a neighbour or a state byte misses the caches, and overlapping them is most of
 * the speed.
 */
import type { CsrGraph } from '../topology/index.js';
import type { FastRng } from './fast-rng.js';
import type { PopulationParams } from './params.js';
import { I, type IdList, NEW, type PopulationState, S } from './state.js';

/** Above this β, one draw per edge is cheaper than a logarithm per hit. */
const DENSE_BETA = 0.35;
/** Agents per block (rows read in one pass). */
const BLOCK = 1024;
/** Hit edges buffered before their neighbours are read; 2048 state lines fit in a core's L2 cache. */
const HITS = 2048;
const TWO_POW_32 = 4294967296;
/** Where the touching pass's result goes, so that the pass is not optimised away. */
let _sink = 0;

export function transmitContact(ps: PopulationState, graph: CsrGraph, p: PopulationParams, rng: FastRng): void {
  const beta = p.transmission;
  if (!(beta > 0)) return;
  if (ps.resistant !== null) transmitOneByOne(ps, graph, p, rng);
  else transmitBlocked(ps, graph, beta, rng);
}

/** Scratch arrays of the blocked passes. */
interface Hits {
  /** Edge index (position in `neighbors`) of each buffered hit, and the list position of its source. */
  edge: Float64Array;
  source: Int32Array;
  /** The neighbour at that edge. */
  target: Int32Array;
  length: number;
}

function transmitBlocked(ps: PopulationState, graph: CsrGraph, beta: number, rng: FastRng): void {
  const state = ps.state;
  const offsets = graph.offsets;
  const list = ps.compromised;
  const ids = list.ids;
  const count = list.length;
  const muted = ps.muted;
  // Only listed agents that are isolated this round, or whose edges are cut, are skipped (without draws).
  const check = ps.listStale || muted !== null;
  // Rows of agents listed in an earlier round are cached in the list; the others are read and cached.
  list.enableRows();
  const cacheStart = list.rowStart as Float64Array;
  const cacheDegree = list.rowDegree as Int32Array;
  const cached = list.rowsValid;
  const rowStart = new Float64Array(BLOCK);
  const rowEnd = new Float64Array(BLOCK);
  const rowSource = new Int32Array(BLOCK);
  const hits: Hits = { edge: new Float64Array(HITS), source: new Int32Array(HITS), target: new Int32Array(HITS), length: 0 };
  const edge = hits.edge;
  const source = hits.source;
  const dense = beta >= DENSE_BETA || beta >= 1;
  const certain = beta >= 1;
  const invLogQ = beta < 1 ? 1 / Math.log1p(-beta) : 0;
  // The generator's state in locals (the same sfc32 steps as FastRng.next()), written back at the end.
  let a = rng.a;
  let b = rng.b;
  let c = rng.c;
  let d = rng.d;
  let h = 0;
  let infected = 0;

  for (let q0 = 0; q0 < count; q0 += BLOCK) {
    const q1 = Math.min(count, q0 + BLOCK);
    // Pass 1: the rows of the block's agents.
    if (q1 > cached) {
      for (let q = Math.max(q0, cached); q < q1; q++) {
        const i = ids[q] as number;
        const start = offsets[i] as number;
        cacheStart[q] = start;
        cacheDegree[q] = (offsets[i + 1] as number) - start;
      }
    }
    let rows = 0;
    for (let q = q0; q < q1; q++) {
      if (check) {
        const i = ids[q] as number;
        if (state[i] !== I || (muted !== null && muted[i] === 1)) continue;
      }
      const start = cacheStart[q] as number;
      rowStart[rows] = start;
      rowEnd[rows] = start + (cacheDegree[q] as number);
      rowSource[rows] = q;
      rows++;
    }
    // Pass 2: the draws, giving the hit edges in order.
    for (let r = 0; r < rows; r++) {
      const end = rowEnd[r] as number;
      const q = rowSource[r] as number;
      if (dense) {
        for (let e = rowStart[r] as number; e < end; e++) {
          if (!certain) {
            const t = (((a + b) | 0) + d) | 0;
            d = (d + 1) | 0;
            a = b ^ (b >>> 9);
            b = (c + (c << 3)) | 0;
            c = (c << 21) | (c >>> 11);
            c = (c + t) | 0;
            if (!((t >>> 0) / TWO_POW_32 < beta)) continue;
          }
          edge[h] = e;
          source[h] = q;
          if (++h === HITS) {
            hits.length = h;
            infected += infectHits(ps, graph, hits);
            h = 0;
          }
        }
      } else {
        let e = rowStart[r] as number;
        for (;;) {
          const t = (((a + b) | 0) + d) | 0;
          d = (d + 1) | 0;
          a = b ^ (b >>> 9);
          b = (c + (c << 3)) | 0;
          c = (c << 21) | (c >>> 11);
          c = (c + t) | 0;
          // Geometric skip, as FastRng.skip(invLogQ).
          e += Math.floor(Math.log(1 - (t >>> 0) / TWO_POW_32) * invLogQ);
          if (e >= end) break;
          edge[h] = e;
          source[h] = q;
          if (++h === HITS) {
            hits.length = h;
            infected += infectHits(ps, graph, hits);
            h = 0;
          }
          e++;
        }
      }
    }
  }
  hits.length = h;
  infected += infectHits(ps, graph, hits);
  list.rowsValid = count;
  rng.a = a;
  rng.b = b;
  rng.c = c;
  rng.d = d;
  ps.counts.susceptible -= infected;
}

/**
 * Passes 3 and 4 over the buffered hits: read their neighbours, touch those neighbours' state bytes (so the
 * misses overlap), then infect the susceptible ones in order, crediting each infection to its source's cohort.
 */
function infectHits(ps: PopulationState, graph: CsrGraph, hits: Hits): number {
  const count = hits.length;
  if (count === 0) return 0;
  const neighbors = graph.neighbors;
  const state = ps.state;
  const edge = hits.edge;
  const source = hits.source;
  const target = hits.target;
  let touched = 0;
  for (let k = 0; k < count; k++) {
    const j = neighbors[edge[k] as number] as number;
    target[k] = j;
  }
  for (let k = 0; k < count; k++) touched |= state[target[k] as number] as number;
  const incoming: IdList = ps.incoming;
  incoming.reserve(incoming.length + count);
  const inIds = incoming.ids;
  let w = incoming.length;
  const cohorts = ps.compromised.rounds;
  const offspring = ps.cohortOffspring;
  for (let k = 0; k < count; k++) {
    const j = target[k] as number;
    if (state[j] !== S) continue;
    state[j] = NEW;
    inIds[w++] = j;
    const cohort = cohorts[source[k] as number] as number;
    offspring[cohort] = (offspring[cohort] as number) + 1;
  }
  const infected = w - incoming.length;
  incoming.length = w;
  _sink ^= touched;
  return infected;
}

/** One agent at a time: needed when resistant agents make the draws depend on the neighbours' states. */
function transmitOneByOne(ps: PopulationState, graph: CsrGraph, p: PopulationParams, rng: FastRng): void {
  const beta = p.transmission;
  const state = ps.state;
  const offsets = graph.offsets;
  const neighbors = graph.neighbors;
  const list = ps.compromised;
  const ids = list.ids;
  const cohorts = list.rounds;
  const count = list.length;
  const muted = ps.muted;
  const resistant = ps.resistant;
  const factor = p.resistantFactor;
  const incoming = ps.incoming;
  const offspring = ps.cohortOffspring;
  let infected = 0;

  const dense = beta >= DENSE_BETA;
  const invLogQ = beta < 1 ? 1 / Math.log1p(-beta) : 0;
  for (let q = 0; q < count; q++) {
    const i = ids[q] as number;
    // Isolated this round (still listed until the end-of-round compaction), or its edges cut.
    if (state[i] !== I || (muted !== null && muted[i] === 1)) continue;
    const end = offsets[i + 1] as number;
    let hits = 0;
    if (beta >= 1 || dense) {
      for (let e = offsets[i] as number; e < end; e++) {
        if (beta < 1 && !(rng.next() < beta)) continue;
        const j = neighbors[e] as number;
        if (state[j] !== S) continue;
        if (resistant !== null && resistant[j] === 1 && !(rng.next() < factor)) continue;
        state[j] = NEW;
        incoming.push(j);
        hits++;
      }
    } else {
      for (let e = (offsets[i] as number) + rng.skip(invLogQ); e < end; e += 1 + rng.skip(invLogQ)) {
        const j = neighbors[e] as number;
        if (state[j] !== S) continue;
        if (resistant !== null && resistant[j] === 1 && !(rng.next() < factor)) continue;
        state[j] = NEW;
        incoming.push(j);
        hits++;
      }
    }
    if (hits > 0) {
      const cohort = cohorts[q] as number;
      offspring[cohort] = (offspring[cohort] as number) + hits;
      infected += hits;
    }
  }
  ps.counts.susceptible -= infected;
}
