/**
 * Transmission along a static contact graph: each compromised agent tries each neighbour once per round
 * with probability β; a susceptible neighbour that is hit is infected (and becomes compromised next round).
 * Sparse β uses geometric skipping over the neighbour list (one draw per hit instead of one per edge), so
 * the cost per compromised agent is O(β·degree + 1) and untouched neighbours' state is never read.
 */
import type { CsrGraph } from '../topology/index.js';
import type { FastRng } from './fast-rng.js';
import type { PopulationParams } from './params.js';
import { I, NEW, type PopulationState, S } from './state.js';

/** Above this β, one draw per edge is cheaper than a logarithm per hit. */
const DENSE_BETA = 0.35;

export function transmitContact(ps: PopulationState, graph: CsrGraph, p: PopulationParams, round: number, rng: FastRng): void {
  const beta = p.transmission;
  if (!(beta > 0)) return;
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
  const next = round + 1;
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
        incoming.push(j, next);
        hits++;
      }
    } else {
      for (let e = (offsets[i] as number) + rng.skip(invLogQ); e < end; e += 1 + rng.skip(invLogQ)) {
        const j = neighbors[e] as number;
        if (state[j] !== S) continue;
        if (resistant !== null && resistant[j] === 1 && !(rng.next() < factor)) continue;
        state[j] = NEW;
        incoming.push(j, next);
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
