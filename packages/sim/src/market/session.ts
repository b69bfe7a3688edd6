/**
 * One learning session of the Calvano et al. (AER 2020) experiment: n Q-learning firms repeatedly set prices on
 * a grid, each conditioning on last period's prices (one-period memory: a state is the previous joint action).
 * Each period every firm explores with probability ε_t = exp(−βt) (a uniform price) and otherwise plays its
 * greedy price; then each updates Q_i(s, a_i) ← (1 − α)Q_i(s, a_i) + α(π_i + δ max_a Q_i(s′, a)). The session
 * has converged when no firm's greedy strategy has changed in any state for `stable` periods.
 *
 * Everything lives in typed arrays: Q (n × m^n × m), the profit of every joint action, and each firm's greedy
 * action and its value per state, kept up to date incrementally (a row is rescanned only when its greedy
 * action's value falls). Q starts, as in the paper, at the discounted payoff of each price against opponents
 * who randomise uniformly.
 */
import type { FastRng } from '../random/fast-rng.js';

const TWO_POW_32 = 4294967296;
import { type MarketModel, profits } from './economics.js';

export interface SessionSpec {
  model: MarketModel;
  /** Each firm's price grid (m prices). */
  grids: readonly Float64Array[];
  alpha: number;
  beta: number;
  delta: number;
  stable: number;
  maxPeriods: number;
  /** Periods of past prices a firm conditions on: 1 (a state is the last joint action) or 0 (one state). Default 1. */
  memory?: 0 | 1;
}

/** The Q-learning state of a session, in typed arrays. */
export class QSession {
  readonly n: number;
  readonly m: number;
  /** Joint actions: m^n. */
  readonly joint: number;
  /** States: the m^n joint actions of the previous period with one-period memory, 1 without memory. */
  readonly states: number;
  /** 1 with memory, 0 without: the state after joint action x is x × keep. */
  readonly keep: 0 | 1;
  /** profit[x * n + i]: firm i's profit when the joint action is x. */
  readonly profit: Float64Array;
  /** q[(i * states + s) * m + a]. */
  readonly q: Float64Array;
  /** greedy[i * states + s] and its value best[i * states + s]. */
  readonly greedy: Int32Array;
  readonly best: Float64Array;
  /** m^i. */
  readonly place: Int32Array;
  readonly spec: SessionSpec;

  constructor(spec: SessionSpec) {
    const n = spec.model.n;
    const m = spec.grids[0]?.length ?? 0;
    const joint = m ** n;
    this.keep = spec.memory ?? 1;
    const states = this.keep === 1 ? joint : 1;
    if (!Number.isSafeInteger(joint * n) || states * n * m > 2 ** 31 || joint * n > 2 ** 31) throw new RangeError(`a Q table of ${n} firms × ${m}^${n} states × ${m} prices is too large`);
    this.spec = spec;
    this.n = n;
    this.m = m;
    this.joint = joint;
    this.states = states;
    this.place = Int32Array.from({ length: n }, (_, i) => m ** i);
    this.profit = new Float64Array(joint * n);
    const prices = new Float64Array(n);
    for (let x = 0; x < joint; x++) {
      for (let i = 0; i < n; i++) prices[i] = (spec.grids[i] as Float64Array)[Math.floor(x / (this.place[i] as number)) % m] as number;
      this.profit.set(profits(spec.model, prices), x * n);
    }
    this.q = new Float64Array(n * states * m);
    this.greedy = new Int32Array(n * states);
    this.best = new Float64Array(n * states);
    this.#initialise();
  }

  /** Q_i(s, a) = mean over the others' joint actions of π_i(a, a_−i), discounted over an infinite horizon. */
  #initialise(): void {
    const { n, m, joint, states, place, profit, q } = this;
    const scale = 1 / ((joint / m) * (1 - this.spec.delta));
    for (let i = 0; i < n; i++) {
      const start = new Float64Array(m);
      for (let x = 0; x < joint; x++) {
        const a = Math.floor(x / (place[i] as number)) % m;
        start[a] = (start[a] as number) + (profit[x * n + i] as number);
      }
      for (let a = 0; a < m; a++) start[a] = (start[a] as number) * scale;
      for (let s = 0; s < states; s++) q.set(start, (i * states + s) * m);
      let g = 0;
      for (let a = 1; a < m; a++) if ((start[a] as number) > (start[g] as number)) g = a;
      this.greedy.fill(g, i * states, (i + 1) * states);
      this.best.fill(start[g] as number, i * states, (i + 1) * states);
    }
  }

  /** The state that follows joint action x. */
  stateAfter(x: number): number {
    return x * this.keep;
  }

  /** The joint action the firms' greedy strategies play in state `s`. */
  greedyNext(s: number): number {
    let x = 0;
    for (let i = 0; i < this.n; i++) x += (this.greedy[i * this.states + s] as number) * (this.place[i] as number);
    return x;
  }

  /** Firm i's price index in joint action x. */
  action(x: number, i: number): number {
    return Math.floor(x / (this.place[i] as number)) % this.m;
  }

  /**
   * Learns until convergence or `maxPeriods`, from a random state. `progress(t, window)` is called every
   * `every` periods with the sum of each firm's price index over the window (for averages). Returns the
   * periods played, whether it converged, and the last state.
   */
  learn(rng: FastRng, every: number, progress: (t: number, stableFor: number, sums: Float64Array) => void, general = false): { periods: number; converged: boolean; state: number } {
    if (this.n === 2 && !general) return this.#learnDuopoly(rng, every, progress);
    const { n, m, states, keep, place, profit, q, greedy, best } = this;
    const { alpha, delta, stable, maxPeriods } = this.spec;
    const decay = Math.exp(-this.spec.beta);
    const actions = new Int32Array(n);
    const sums = new Float64Array(n);
    let s = rng.int(states);
    // The stream's state in locals for the hot loop (the same sfc32 steps as FastRng.u32), written back after.
    let ra = rng.a;
    let rb = rng.b;
    let rc = rng.c;
    let rd = rng.d;
    // Exploring when next() < ε is exploring when the 32-bit draw is below ε × 2^32: the same test, exactly
    // (scaling by a power of two is exact), without a division per draw.
    let threshold = TWO_POW_32;
    let stableFor = 0;
    let t = 0;
    let untilProgress = every;
    let converged = false;
    while (t < maxPeriods) {
      let x = 0;
      for (let i = 0; i < n; i++) {
        let u = (((ra + rb) | 0) + rd) | 0;
        rd = (rd + 1) | 0;
        ra = rb ^ (rb >>> 9);
        rb = (rc + (rc << 3)) | 0;
        rc = (rc << 21) | (rc >>> 11);
        rc = (rc + u) | 0;
        let a: number;
        if (u >>> 0 < threshold) {
          u = (((ra + rb) | 0) + rd) | 0;
          rd = (rd + 1) | 0;
          ra = rb ^ (rb >>> 9);
          rb = (rc + (rc << 3)) | 0;
          rc = (rc << 21) | (rc >>> 11);
          rc = (rc + u) | 0;
          // floor(next() × m), exactly: u × m is exact below 2^53, dividing by 2^32 too.
          a = (((u >>> 0) * m) / TWO_POW_32) | 0;
        } else a = greedy[i * states + s] as number;
        actions[i] = a;
        x = (x + a * (place[i] as number)) | 0;
      }
      let changed = false;
      for (let i = 0; i < n; i++) {
        const a = actions[i] as number;
        sums[i] = (sums[i] as number) + a;
        const reward = (profit[x * n + i] as number) + delta * (best[i * states + x * keep] as number);
        if (updateQ(q, greedy, best, m, i * states + s, a, alpha, reward)) changed = true;
      }
      s = x * keep;
      t++;
      threshold *= decay;
      stableFor = changed ? 0 : stableFor + 1;
      if (--untilProgress === 0) {
        untilProgress = every;
        progress(t, stableFor, sums);
        sums.fill(0);
      }
      if (stableFor >= stable) {
        converged = true;
        break;
      }
    }
    rng.a = ra;
    rng.b = rb;
    rng.c = rc;
    rng.d = rd;
    return { periods: t, converged, state: s };
  }

  /**
   * `learn` for two firms, the same steps with the loop over firms written out (about a fifth faster: the
   * paper's baseline and the benchmark run here). `market/engine.test.ts` checks both give the same session.
   */
  #learnDuopoly(rng: FastRng, every: number, progress: (t: number, stableFor: number, sums: Float64Array) => void): { periods: number; converged: boolean; state: number } {
    const { m, states, keep, profit, q, greedy, best } = this;
    const { alpha, delta, stable, maxPeriods } = this.spec;
    const decay = Math.exp(-this.spec.beta);
    const sums = new Float64Array(2);
    let s = rng.int(states);
    let ra = rng.a;
    let rb = rng.b;
    let rc = rng.c;
    let rd = rng.d;
    let threshold = TWO_POW_32;
    let stableFor = 0;
    let t = 0;
    let untilProgress = every;
    let converged = false;
    let sum0 = 0;
    let sum1 = 0;
    while (t < maxPeriods) {
      let u = (((ra + rb) | 0) + rd) | 0;
      rd = (rd + 1) | 0;
      ra = rb ^ (rb >>> 9);
      rb = (rc + (rc << 3)) | 0;
      rc = (rc << 21) | (rc >>> 11);
      rc = (rc + u) | 0;
      let a0: number;
      if (u >>> 0 < threshold) {
        u = (((ra + rb) | 0) + rd) | 0;
        rd = (rd + 1) | 0;
        ra = rb ^ (rb >>> 9);
        rb = (rc + (rc << 3)) | 0;
        rc = (rc << 21) | (rc >>> 11);
        rc = (rc + u) | 0;
        a0 = (((u >>> 0) * m) / TWO_POW_32) | 0;
      } else a0 = greedy[s] as number;
      u = (((ra + rb) | 0) + rd) | 0;
      rd = (rd + 1) | 0;
      ra = rb ^ (rb >>> 9);
      rb = (rc + (rc << 3)) | 0;
      rc = (rc << 21) | (rc >>> 11);
      rc = (rc + u) | 0;
      let a1: number;
      if (u >>> 0 < threshold) {
        u = (((ra + rb) | 0) + rd) | 0;
        rd = (rd + 1) | 0;
        ra = rb ^ (rb >>> 9);
        rb = (rc + (rc << 3)) | 0;
        rc = (rc << 21) | (rc >>> 11);
        rc = (rc + u) | 0;
        a1 = (((u >>> 0) * m) / TWO_POW_32) | 0;
      } else a1 = greedy[states + s] as number;
      const x = (a0 + a1 * m) | 0;
      sum0 += a0;
      sum1 += a1;
      const next = x * keep;
      const changed0 = updateQ(q, greedy, best, m, s, a0, alpha, (profit[x * 2] as number) + delta * (best[next] as number));
      const changed1 = updateQ(q, greedy, best, m, states + s, a1, alpha, (profit[x * 2 + 1] as number) + delta * (best[states + next] as number));
      s = next;
      t++;
      threshold *= decay;
      stableFor = changed0 || changed1 ? 0 : stableFor + 1;
      if (--untilProgress === 0) {
        untilProgress = every;
        sums[0] = sum0;
        sums[1] = sum1;
        progress(t, stableFor, sums);
        sum0 = 0;
        sum1 = 0;
      }
      if (stableFor >= stable) {
        converged = true;
        break;
      }
    }
    rng.a = ra;
    rng.b = rb;
    rng.c = rc;
    rng.d = rd;
    return { periods: t, converged, state: s };
  }
}

/**
 * One firm's Q-update in state row `g` after it played `a` and earned `reward` (profit plus the discounted
 * value of the next state): Q ← Q + α(reward − Q), keeping its greedy action and value current. Returns
 * whether the greedy action changed. (Small enough for the JIT to inline into the loop.)
 */
function updateQ(q: Float64Array, greedy: Int32Array, best: Float64Array, m: number, g: number, a: number, alpha: number, reward: number): boolean {
  const row = g * m;
  const old = q[row + a] as number;
  const value = old + alpha * (reward - old);
  q[row + a] = value;
  const current = greedy[g] as number;
  if (a === current) {
    if (value >= old) {
      best[g] = value;
      return false;
    }
    // The greedy action lost value: rescan the row (ties go to the lowest price index).
    let k = 0;
    let top = q[row] as number;
    for (let b = 1; b < m; b++) {
      const v = q[row + b] as number;
      if (v > top) {
        top = v;
        k = b;
      }
    }
    best[g] = top;
    if (k === current) return false;
    greedy[g] = k;
    return true;
  }
  if (value > (best[g] as number) || (value === best[g] && a < current)) {
    greedy[g] = a;
    best[g] = value;
    return true;
  }
  return false;
}
