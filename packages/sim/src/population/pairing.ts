/**
 * The random-pairing model of infectious-jailbreak (Gu et al. 2024, "Agent Smith"): every round the agents
 * are matched in uniformly random pairs; in each pair the first is the questioner, the second the answerer.
 * A compromised questioner (one whose album carries the payload) passes it on with probability β — it
 * retrieves the payload and the answerer stores it. Every chat stores one item in the answerer's FIFO album,
 * so a carried payload is evicted after `albumLength` further chats as answerer (0 = never).
 *
 * Mean field: an infected agent is the questioner half the time and meets a susceptible partner with
 * probability 1 − c, so c' = c + (β/2)·c·(1 − c) − γ·c; the outbreak dies out when β ≤ 2γ and settles
 * near c* = 1 − 2γ/β above it.
 */
import type { FastRng } from '../random/fast-rng.js';
import type { PopulationParams } from './params.js';
import { I, NEW, type PopulationState, Q, S } from './state.js';
import { uncompromise } from './steps.js';

export class PairingModel {
  readonly #perm: Int32Array;
  /** Round each agent was last infected (its cohort), for R_eff. */
  readonly #infectedAt: Int32Array;
  /** Items stored since the agent took the payload; only with a finite album. */
  readonly #age: Uint32Array | null;

  constructor(n: number, albumLength: number) {
    this.#perm = new Int32Array(n);
    for (let i = 0; i < n; i++) this.#perm[i] = i;
    this.#infectedAt = new Int32Array(n);
    this.#age = albumLength > 0 ? new Uint32Array(n) : null;
  }

  /** Agents compromised since the last call (and patient zeros) start their cohort and a fresh album count. */
  noteCompromised(ps: PopulationState, from: number): void {
    const list = ps.compromised;
    for (let q = from; q < list.length; q++) {
      const id = list.ids[q] as number;
      this.#infectedAt[id] = list.rounds[q] as number;
      if (this.#age !== null) this.#age[id] = 0;
    }
  }

  transmit(ps: PopulationState, p: PopulationParams, rng: FastRng): void {
    const n = ps.n;
    const perm = this.#perm;
    // A fresh uniform matching: shuffle the previous permutation (Fisher–Yates).
    for (let i = n - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = perm[i] as number;
      perm[i] = perm[j] as number;
      perm[j] = t;
    }
    const state = ps.state;
    const muted = ps.muted;
    const resistant = ps.resistant;
    const age = this.#age;
    const albumLength = p.albumLength;
    const beta = p.transmission;
    const factor = p.resistantFactor;
    const infectedAt = this.#infectedAt;
    const offspring = ps.cohortOffspring;
    let infected = 0;
    for (let k = 0; k + 1 < n; k += 2) {
      const a = perm[k] as number;
      const b = perm[k + 1] as number;
      const sa = state[a] as number;
      const sb = state[b] as number;
      if (sa === Q || sb === Q) continue;
      let passed = false;
      if (sa === I && (muted === null || muted[a] === 0) && rng.next() < beta) {
        if (sb === S) {
          if (resistant === null || resistant[b] === 0 || rng.next() < factor) {
            state[b] = NEW;
            ps.incoming.push(b);
            const cohort = infectedAt[a] as number;
            offspring[cohort] = (offspring[cohort] as number) + 1;
            infected++;
            passed = true;
          }
        } else if (sb === I) {
          passed = true; // stored again: the newest copy restarts the eviction count
          if (age !== null) age[b] = 0;
        }
      }
      if (!passed && age !== null && sb === I) {
        const aged = (age[b] as number) + 1;
        age[b] = aged;
        if (aged >= albumLength) uncompromise(ps, b, S);
      }
    }
    ps.counts.susceptible -= infected;
  }
}
