// The minimal hand-written reference for the population engine's contact model (BENCHMARKS.md "Scale
// tier"): discrete-time SIR over a CSR graph, plain typed arrays, the sfc32 generator inlined in local
// variables, no events, no metrics, no defenses, no cohort bookkeeping. It is what the engine is measured
// against (bar: engine within 1.5x of this loop on a 10^6-agent outbreak).
//
// Same dynamics as the engine's no-defense SIR path, draw for draw, so the two are compared on the very same
// outbreak (the unit test checks the final states are identical):
//   round 0: one patient zero, rng.int(n), is infectious;
//   round r > 0: last round's infections become infectious (appended, in infection order, after the agents
//     still infectious);
//   then every infectious agent tries each neighbour with probability beta (geometric skipping for
//     beta < 0.35, one draw per edge above it, as the engine), hitting a susceptible neighbour infects it for
//     the next round; then every infectious agent recovers with probability gamma.
// Compartment codes are the engine's (S 0, I 2, R 3, infected-this-round 5), so the final state bytes hash to
// the engine's `population-end.stateHash`.
//
// `seed` is the engine's FastRng state [a, b, c, d] after its warm-up (read it from `new FastRng(...)`).

const S = 0;
const I = 2;
const R = 3;
const NEW = 5;
const DENSE_BETA = 0.35;
const TWO_POW_32 = 4294967296;

/**
 * Runs one outbreak. Returns `{ everInfected, newPerRound, state }` (state: the final compartment bytes).
 * @param {{ n: number, offsets: Int32Array | Float64Array, neighbors: Int32Array }} graph
 * @param {{ beta: number, gamma: number, rounds: number, seed: [number, number, number, number] }} options
 */
export function referenceOutbreak(graph, { beta, gamma, rounds, seed }) {
  const n = graph.n;
  const offsets = graph.offsets;
  const neighbors = graph.neighbors;
  const state = new Uint8Array(n);
  // SIR without reinfection: every agent enters each list at most once, so n entries suffice.
  const active = new Int32Array(n);
  const incoming = new Int32Array(n);
  let activeLength = 0;
  let incomingLength = 0;
  const newPerRound = [];
  let everInfected = 0;

  let a = seed[0] | 0;
  let b = seed[1] | 0;
  let c = seed[2] | 0;
  let d = seed[3] | 0;
  let t = 0;

  const dense = beta >= DENSE_BETA || beta >= 1;
  const invLogQ = beta < 1 ? 1 / Math.log1p(-beta) : 0;

  for (let round = 0; round < rounds; round++) {
    let fresh = 0;
    if (round === 0) {
      // sfc32 step, inlined.
      t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      const zero = Math.floor(((t >>> 0) / TWO_POW_32) * n);
      state[zero] = I;
      active[activeLength++] = zero;
      fresh = 1;
    } else {
      for (let q = 0; q < incomingLength; q++) {
        const j = incoming[q];
        state[j] = I;
        active[activeLength++] = j;
      }
      fresh = incomingLength;
      incomingLength = 0;
    }
    everInfected += fresh;
    newPerRound.push(fresh);

    // Transmission (none at all when beta is 0, as in the engine).
    for (let q = 0; beta > 0 && q < activeLength; q++) {
      const i = active[q];
      const end = offsets[i + 1];
      if (dense) {
        for (let e = offsets[i]; e < end; e++) {
          if (beta < 1) {
            t = (((a + b) | 0) + d) | 0;
            d = (d + 1) | 0;
            a = b ^ (b >>> 9);
            b = (c + (c << 3)) | 0;
            c = (c << 21) | (c >>> 11);
            c = (c + t) | 0;
            if (!((t >>> 0) / TWO_POW_32 < beta)) continue;
          }
          const j = neighbors[e];
          if (state[j] !== S) continue;
          state[j] = NEW;
          incoming[incomingLength++] = j;
        }
      } else {
        let e = offsets[i];
        for (;;) {
          t = (((a + b) | 0) + d) | 0;
          d = (d + 1) | 0;
          a = b ^ (b >>> 9);
          b = (c + (c << 3)) | 0;
          c = (c << 21) | (c >>> 11);
          c = (c + t) | 0;
          e += Math.floor(Math.log(1 - (t >>> 0) / TWO_POW_32) * invLogQ);
          if (e >= end) break;
          const j = neighbors[e];
          if (state[j] === S) {
            state[j] = NEW;
            incoming[incomingLength++] = j;
          }
          e++;
        }
      }
    }

    // Recovery, compacting the active list in order (no draws when gamma is 0, as in the engine).
    let w = 0;
    for (let q = 0; q < activeLength; q++) {
      if (!(gamma > 0)) {
        w = activeLength;
        break;
      }
      const i = active[q];
      t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      if ((t >>> 0) / TWO_POW_32 < gamma) state[i] = R;
      else active[w++] = i;
    }
    activeLength = w;
  }
  return { everInfected, newPerRound, state };
}

/** 32-bit FNV-1a of the bytes as 8 hex digits, as the engine's `fnv1a` (for comparing final states). */
export function fnv1aHex(bytes) {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}
