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
 * the speed. The hit edges go in chunks to a `HitSink`, which resolves them on this thread or, for large
 * populations, on a helper thread while the next chunk is drawn (hit-sink.ts): same outcome either way.
 */
import type { CsrGraph } from '../topology/index.js';
import { type FastRng, GEOMETRIC_TABLE_SHIFT, geometricTable } from '../random/fast-rng.js';
import { CHUNK, type HitSink } from './hit-sink.js';
import type { PopulationParams } from './params.js';
import { I, NEW, type PopulationState, S } from './state.js';

/** Above this β, one draw per edge is cheaper than a logarithm per hit. */
const DENSE_BETA = 0.35;
/** Agents per block (rows read in one pass). */
const BLOCK = 1024;
const TWO_POW_32 = 4294967296;

export function transmitContact(ps: PopulationState, graph: CsrGraph, p: PopulationParams, rng: FastRng, sink: HitSink): void {
  const beta = p.transmission;
  if (!(beta > 0)) return;
  if (ps.resistant !== null) transmitOneByOne(ps, graph, p, rng);
  else transmitBlocked(ps, graph, beta, rng, sink);
}

/** Scratch arrays of the row pass, reused across rounds (one block of agents at a time). */
const rowStart = new Float64Array(BLOCK);
const rowEnd = new Float64Array(BLOCK);
const rowCohort = new Int32Array(BLOCK);

function transmitBlocked(ps: PopulationState, graph: CsrGraph, beta: number, rng: FastRng, sink: HitSink): void {
  const state = ps.state;
  const offsets = graph.offsets;
  const list = ps.compromised;
  const ids = list.ids;
  const rounds = list.rounds;
  const count = list.length;
  const muted = ps.muted;
  // Only listed agents that are isolated this round, or whose edges are cut, are skipped (without draws).
  const check = ps.listStale || muted !== null;
  // Rows of agents listed in an earlier round are cached in the list; the others are read and cached.
  list.enableRows();
  const cacheStart = list.rowStart as Float64Array;
  const cacheDegree = list.rowDegree as Int32Array;
  const cached = list.rowsValid;
  let edge = sink.edge;
  let cohort = sink.cohort;
  const dense = beta >= DENSE_BETA || beta >= 1;
  const certain = beta >= 1;
  // Sparse β: geometric skips by table lookup (the same skips as FastRng.skip, see GeometricTable).
  const table = dense ? null : geometricTable(beta);
  const thresholds = table === null ? new Float64Array(0) : table.thresholds;
  const skipStart = table === null ? new Int32Array(0) : table.start;
  const maxTableSkip = thresholds.length - 2;
  const invLogQ = beta < 1 ? 1 / Math.log1p(-beta) : 0;
  // The generator's state in locals (the same sfc32 steps as FastRng.next()), written back at the end.
  let a = rng.a;
  let b = rng.b;
  let c = rng.c;
  let d = rng.d;
  let h = 0;

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
      rowCohort[rows] = rounds[q] as number;
      rows++;
    }
    // Pass 2: the draws, giving the hit edges in order, chunk by chunk to the sink.
    for (let r = 0; r < rows; r++) {
      const end = rowEnd[r] as number;
      const source = rowCohort[r] as number;
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
          cohort[h] = source;
          if (++h === CHUNK) {
            sink.flush(h);
            edge = sink.edge;
            cohort = sink.cohort;
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
          // Geometric skip, as FastRng.skip(invLogQ), by GeometricTable.skipOf inlined.
          const u = t >>> 0;
          let k = skipStart[u >>> GEOMETRIC_TABLE_SHIFT] as number;
          while (u >= (thresholds[k + 1] as number)) k++;
          e += k < maxTableSkip ? k : Math.floor(Math.log(1 - u / TWO_POW_32) * invLogQ);
          if (e >= end) break;
          edge[h] = e;
          cohort[h] = source;
          if (++h === CHUNK) {
            sink.flush(h);
            edge = sink.edge;
            cohort = sink.cohort;
            h = 0;
          }
          e++;
        }
      }
    }
  }
  const infected = sink.finish(h);
  list.rowsValid = count;
  rng.a = a;
  rng.b = b;
  rng.c = c;
  rng.d = d;
  ps.counts.susceptible -= infected;
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
