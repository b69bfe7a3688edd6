/**
 * The steps of one population round that both models share: promotion of last round's infections,
 * flags (monitor detections and false positives) with the containment they trigger, recovery, and list
 * compaction. Transmission is model-specific (`contact.ts`, `pairing.ts`).
 */
import type { CsrGraph } from '../topology/index.js';
import { type FastRng, sampleIndices } from '../random/fast-rng.js';
import { CHUNK, type HelperSink } from './hit-sink.js';
import type { PopulationParams } from './params.js';
import { type AgentList, E, I, NEW, type PopulationState, Q, R, S } from './state.js';

const TWO_POW_32 = 4294967296;
/** Recovered agents whose state writes are deferred to the helper sink (reused across rounds). */
const recoveredIds = new Int32Array(CHUNK);

/** Patient zeros: `count` distinct agents, compromised in round 0. */
export function seedPatientZeros(ps: PopulationState, count: number, rng: FastRng): void {
  const chosen = Math.min(count, ps.n);
  let placed = 0;
  while (placed < chosen) {
    const id = rng.int(ps.n);
    if (ps.state[id] !== S) continue;
    ps.compromise(id, 0, S);
    placed++;
  }
}

/**
 * Start of round `round`: exposed agents become compromised with probability `latency`, then the agents
 * infected during the previous round become compromised (or exposed, when there is a latent stage).
 */
export function promote(ps: PopulationState, p: PopulationParams, round: number, rng: FastRng, deferred: HelperSink | null = null): void {
  const exposed = ps.exposed;
  if (exposed.length > 0) {
    const ids = exposed.ids;
    for (let q = 0; q < exposed.length; q++) {
      const id = ids[q] as number;
      if (ps.state[id] === E && rng.next() < p.latency) ps.compromise(id, round, E);
    }
    compact(exposed, ps.state, E);
  }
  const incoming = ps.incoming;
  const ids = incoming.ids;
  if (p.latency >= 1) {
    promoteIncoming(ps, round, deferred);
    return;
  }
  for (let q = 0; q < incoming.length; q++) {
    const id = ids[q] as number;
    if (ps.state[id] !== NEW) continue;
    ps.state[id] = E;
    ps.counts.exposed++;
    exposed.push(id, round);
  }
  incoming.clear();
}

/**
 * Last round's infections become compromised, in order: what `ps.compromise(id, round, NEW)` does for each,
 * with the list written directly and the counters added once. With `deferred` (see engine.ts), every one of
 * them is still NEW, `ever` is not kept, and the state writes go to the sink.
 */
function promoteIncoming(ps: PopulationState, round: number, deferred: HelperSink | null): void {
  if (deferred !== null) {
    promoteDeferred(ps, round, deferred);
    return;
  }
  const incoming = ps.incoming;
  const count = incoming.length;
  const list = ps.compromised;
  list.reserve(list.length + count);
  const inIds = incoming.ids;
  const ids = list.ids;
  const rounds = list.rounds;
  const state = ps.state;
  const ever = ps.ever;
  let w = list.length;
  let everNew = 0;
  for (let q = 0; q < count; q++) {
    const id = inIds[q] as number;
    if (state[id] !== NEW) continue;
    state[id] = I;
    ids[w] = id;
    rounds[w] = round;
    w++;
    if (ever === null) everNew++;
    else if (ever[id] === 0) {
      ever[id] = 1;
      everNew++;
    }
  }
  const promoted = w - list.length;
  list.length = w;
  incoming.clear();
  if (promoted === 0) return;
  ps.counts.compromised += promoted;
  ps.round.newCompromised += promoted;
  ps.everCompromised += everNew;
  ps.addToCohort(round, promoted);
}

function promoteDeferred(ps: PopulationState, round: number, deferred: HelperSink): void {
  const incoming = ps.incoming;
  const count = incoming.length;
  if (count === 0) return;
  const list = ps.compromised;
  list.reserve(list.length + count);
  list.ids.set(incoming.ids.subarray(0, count), list.length);
  list.rounds.fill(round, list.length, list.length + count);
  list.length += count;
  deferred.writeStates(incoming.ids, 0, count, I);
  incoming.clear();
  ps.counts.compromised += count;
  ps.round.newCompromised += count;
  ps.everCompromised += count;
  ps.addToCohort(round, count);
}

/** Monitor flags this round, and what containment does with them. */
export function flagAndContain(ps: PopulationState, p: PopulationParams, graph: CsrGraph | null, rng: FastRng): void {
  if (p.detection > 0) {
    const list = ps.compromised;
    const ids = list.ids;
    for (let q = 0; q < list.length; q++) {
      const id = ids[q] as number;
      if (ps.state[id] !== I || !(rng.next() < p.detection)) continue;
      ps.round.detected++;
      contain(ps, p, graph, id, true);
    }
  }
  if (p.falsePositive > 0) {
    sampleIndices(ps.n, p.falsePositive, rng, (id) => {
      const s = ps.state[id];
      if (s === I || s === Q || s === NEW) return;
      ps.round.falseFlags++;
      contain(ps, p, graph, id, false);
    });
  }
}

function contain(ps: PopulationState, p: PopulationParams, graph: CsrGraph | null, id: number, compromisedNow: boolean): void {
  if (p.onFlag === 'quarantine') {
    const s = ps.state[id] as number;
    const wasEver = compromisedNow || ps.wasCompromised(id);
    ps.state[id] = Q;
    ps.listStale = true;
    if (s === S) ps.counts.susceptible--;
    else if (s === E) ps.counts.exposed--;
    else if (s === I) ps.counts.compromised--;
    else if (s === R) ps.counts.recovered--;
    ps.counts.quarantined++;
    ps.round.newQuarantined++;
    if (!wasEver) ps.round.falseQuarantined++;
  } else if (p.onFlag === 'prune-edges') {
    let muted = ps.muted;
    if (muted === null) {
      muted = new Uint8Array(ps.n);
      ps.muted = muted;
    }
    if (muted[id] === 1) return;
    muted[id] = 1;
    // Its outgoing edges: its degree on a contact graph; the one chat it may start per round when paired.
    ps.round.edgesCut += graph === null ? 1 : (graph.offsets[id + 1] as number) - (graph.offsets[id] as number);
  }
}

/**
 * End of round: each compromised agent recovers with probability `recovery` (immune, or susceptible again),
 * and the compromised list keeps, in order, the agents still compromised. One draw per listed agent that is
 * still compromised, in list order. Unless the list is stale (see `PopulationState.listStale`) every listed
 * agent is compromised and its state byte is only written, not read.
 */
export function recover(ps: PopulationState, p: PopulationParams, rng: FastRng, deferred: HelperSink | null = null): void {
  const list = ps.compromised;
  if (!(p.recovery > 0)) {
    if (ps.listStale) compact(list, ps.state, I);
    return;
  }
  const ids = list.ids;
  const rounds = list.rounds;
  const count = list.length;
  const state = ps.state;
  const stale = ps.listStale;
  const to = p.reinfection ? S : R;
  const gamma = p.recovery;
  // The generator's state in locals for the loop (the same sfc32 steps as FastRng.next()).
  let a = rng.a;
  let b = rng.b;
  let c = rng.c;
  let d = rng.d;
  // The row cache (contact model) moves along with the entries.
  const rowStart = list.rowStart;
  const rowDegree = list.rowDegree;
  const rowsValid = rowStart === null ? 0 : list.rowsValid;
  let valid = 0;
  let w = 0;
  let recovered = 0;
  // Deferred writes: the recovered agents are listed here and handed to the sink a chunk at a time.
  let pending = 0;
  for (let q = 0; q < count; q++) {
    const id = ids[q] as number;
    if (stale && state[id] !== I) continue;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    if ((t >>> 0) / TWO_POW_32 < gamma) {
      recovered++;
      if (deferred === null) state[id] = to;
      else {
        recoveredIds[pending++] = id;
        if (pending === CHUNK) {
          deferred.writeStates(recoveredIds, 0, pending, to);
          pending = 0;
        }
      }
      continue;
    }
    ids[w] = id;
    rounds[w] = rounds[q] as number;
    if (q < rowsValid) {
      (rowStart as Float64Array)[w] = (rowStart as Float64Array)[q] as number;
      (rowDegree as Int32Array)[w] = (rowDegree as Int32Array)[q] as number;
      valid = w + 1;
    }
    w++;
  }
  if (deferred !== null) deferred.writeStates(recoveredIds, 0, pending, to);
  rng.a = a;
  rng.b = b;
  rng.c = c;
  rng.d = d;
  list.length = w;
  list.rowsValid = valid;
  ps.counts.compromised -= recovered;
  if (to === S) ps.counts.susceptible += recovered;
  else ps.counts.recovered += recovered;
}

/** A compromised agent stops being compromised (recovery, or its payload evicted from memory). */
export function uncompromise(ps: PopulationState, id: number, to: typeof S | typeof R): void {
  ps.listStale = true;
  ps.state[id] = to;
  ps.counts.compromised--;
  if (to === S) ps.counts.susceptible++;
  else ps.counts.recovered++;
}

/** Keeps the entries whose agent is still in compartment `keep`, in order. */
function compact(list: AgentList, state: Uint8Array, keep: number): void {
  const ids = list.ids;
  let valid = 0;
  let w = 0;
  for (let q = 0; q < list.length; q++) {
    if (state[ids[q] as number] !== keep) continue;
    valid = list.keepEntry(q, w, valid);
    w++;
  }
  list.length = w;
  list.rowsValid = valid;
}
