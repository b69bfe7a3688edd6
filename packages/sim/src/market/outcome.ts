/**
 * What a learned session leads to (Calvano et al. §III): the cycle greedy play settles into from the last
 * state, its average profits and the profit gain Δ_i = (π̄_i − π_N,i) / (π_M,i − π_N,i), and the response to a
 * one-period deviation: from the cycle, one firm plays its static best response (on the grid) to the others'
 * prices, everyone then plays greedily again, and the price path shows punishment and the return.
 */
import type { QSession } from './session.js';

export interface Cycle {
  /** Joint actions, in order, that repeat. */
  actions: number[];
  /** Each firm's mean profit over the cycle. */
  profits: number[];
}

/** The cycle greedy play reaches from state `s` (at most m^n steps; without memory, a fixed point). */
export function greedyCycle(session: QSession, s: number): Cycle {
  const seen = new Map<number, number>();
  const path: number[] = [];
  let x = session.greedyNext(s);
  while (!seen.has(x)) {
    seen.set(x, path.length);
    path.push(x);
    x = session.greedyNext(session.stateAfter(x));
  }
  const actions = path.slice(seen.get(x) as number);
  const n = session.n;
  const profits = new Array<number>(n).fill(0);
  for (const a of actions) for (let i = 0; i < n; i++) profits[i] = (profits[i] as number) + (session.profit[a * n + i] as number) / actions.length;
  return { actions, profits };
}

/** Δ_i for each firm, from cycle profits and the Nash and monopoly profits. */
export function profitGains(cycle: readonly number[], nash: ArrayLike<number>, monopoly: ArrayLike<number>): number[] {
  return cycle.map((p, i) => (p - (nash[i] as number)) / ((monopoly[i] as number) - (nash[i] as number)));
}

export interface Deviation {
  firm: number;
  /** Price index of every firm in each period: before the deviation (−1), the deviation (0), then 1…periods. */
  path: number[][];
  /** Periods after the deviation until the prices are back on the cycle (null if they are not by the end). */
  returned: number | null;
  /** The deviator's discounted profit over the path minus what staying on the cycle would have paid. */
  gain: number;
}

/** The deviation experiment from the cycle's first state. */
export function deviate(session: QSession, cycle: Cycle, firm: number, periods: number): Deviation {
  const { n, m } = session;
  const delta = session.spec.delta;
  const start = cycle.actions[0] as number;
  const indices = (x: number): number[] => Array.from({ length: n }, (_, i) => session.action(x, i));
  // Period 0: the others play greedily on `start`; the deviator best-responds to them on its grid.
  const planned = session.greedyNext(session.stateAfter(start));
  let bestAction = session.action(planned, firm);
  let bestProfit = -Infinity;
  for (let a = 0; a < m; a++) {
    const x = planned + (a - session.action(planned, firm)) * (session.place[firm] as number);
    const p = session.profit[x * n + firm] as number;
    if (p > bestProfit) {
      bestProfit = p;
      bestAction = a;
    }
  }
  let x = planned + (bestAction - session.action(planned, firm)) * (session.place[firm] as number);
  const path = [indices(start), indices(x)];
  let gain = session.profit[x * n + firm] as number;
  // On the cycle, the deviator would have earned the cycle from `planned` on.
  let stay = planned;
  let staying = session.profit[stay * n + firm] as number;
  const onCycle = new Set(cycle.actions);
  let returned: number | null = null;
  let discount = 1;
  for (let t = 1; t <= periods; t++) {
    x = session.greedyNext(session.stateAfter(x));
    stay = session.greedyNext(session.stateAfter(stay));
    discount *= delta;
    gain += discount * (session.profit[x * n + firm] as number);
    staying += discount * (session.profit[stay * n + firm] as number);
    path.push(indices(x));
    if (returned === null && onCycle.has(x)) returned = t;
  }
  return { firm, path, returned, gain: gain - staying };
}
