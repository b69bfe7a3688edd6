/**
 * The static economics of a logit-demand Bertrand oligopoly (Calvano et al., AER 2020, §I): firm i sells
 * q_i = exp((a_i − p_i)/μ) / (Σ_j exp((a_j − p_j)/μ) + exp(a_0/μ)) at price p_i with marginal cost c_i.
 * The one-shot Bertrand–Nash prices solve each firm's first-order condition p_i = c_i + μ / (1 − q_i)
 * (iterated best responses, each found by bisection); the prices of a monopolist owning every product
 * share one markup m with m · q_0(m) = μ, q_0 being the outside good's share (bisection again).
 */

export interface MarketModel {
  readonly n: number;
  readonly quality: Float64Array;
  readonly cost: Float64Array;
  readonly outside: number;
  readonly mu: number;
}

export function marketModel(n: number, demand: { quality: number | readonly number[]; cost: number | readonly number[]; outside: number; mu: number }): MarketModel {
  const each = (value: number | readonly number[], what: string): Float64Array => {
    if (typeof value === 'number') return new Float64Array(n).fill(value);
    if (value.length !== n) throw new RangeError(`${what} lists ${value.length} values for ${n} firms`);
    return Float64Array.from(value);
  };
  return { n, quality: each(demand.quality, 'quality'), cost: each(demand.cost, 'cost'), outside: demand.outside, mu: demand.mu };
}

/** Market shares at `prices` into `out` (length n); returns the outside good's share. Overflow-safe. */
export function shares(model: MarketModel, prices: ArrayLike<number>, out: Float64Array): number {
  const { n, quality, mu } = model;
  let top = model.outside / mu;
  for (let i = 0; i < n; i++) top = Math.max(top, ((quality[i] as number) - (prices[i] as number)) / mu);
  let total = Math.exp(model.outside / mu - top);
  const outside = total;
  for (let i = 0; i < n; i++) {
    const e = Math.exp(((quality[i] as number) - (prices[i] as number)) / mu - top);
    out[i] = e;
    total += e;
  }
  for (let i = 0; i < n; i++) out[i] = (out[i] as number) / total;
  return outside / total;
}

/** Each firm's profit (p_i − c_i) q_i at `prices`. */
export function profits(model: MarketModel, prices: ArrayLike<number>): Float64Array {
  const q = new Float64Array(model.n);
  shares(model, prices, q);
  for (let i = 0; i < model.n; i++) q[i] = ((prices[i] as number) - (model.cost[i] as number)) * (q[i] as number);
  return q;
}

/** Bisection for the root of an increasing function on [lo, hi] (to the last float that changes). */
function bisect(f: (x: number) => number, lo: number, hi: number): number {
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (f(mid) > 0) hi = mid;
    else lo = mid;
  }
  return (lo + hi) / 2;
}

/** Firm i's static best response to the others' `prices` (its first-order condition). */
export function bestResponse(model: MarketModel, prices: ArrayLike<number>, i: number): number {
  const c = model.cost[i] as number;
  const trial = Float64Array.from(prices as ArrayLike<number>);
  const q = new Float64Array(model.n);
  // g(p) = p − c − μ/(1 − q_i(p)) rises with p: q_i falls as p rises.
  const g = (p: number): number => {
    trial[i] = p;
    shares(model, trial, q);
    return p - c - model.mu / (1 - (q[i] as number));
  };
  return bisect(g, c, c + model.mu * 60 + Math.abs(model.quality[i] as number) + 10);
}

/** The one-shot Bertrand–Nash prices (iterated best responses from marginal cost). */
export function nashPrices(model: MarketModel): Float64Array {
  const prices = Float64Array.from(model.cost);
  for (let iteration = 0; iteration < 10_000; iteration++) {
    let moved = 0;
    for (let i = 0; i < model.n; i++) {
      const p = bestResponse(model, prices, i);
      moved = Math.max(moved, Math.abs(p - (prices[i] as number)));
      prices[i] = p;
    }
    if (moved < 1e-13) return prices;
  }
  throw new Error('best responses did not converge to a Bertrand–Nash equilibrium');
}

/** The prices that maximise the firms' joint profit: equal markups m with m · q_0 = μ. */
export function monopolyPrices(model: MarketModel): Float64Array {
  const prices = new Float64Array(model.n);
  const q = new Float64Array(model.n);
  const f = (m: number): number => {
    for (let i = 0; i < model.n; i++) prices[i] = (model.cost[i] as number) + m;
    return m * shares(model, prices, q) - model.mu;
  };
  const markup = bisect(f, 0, model.mu * 200 + 100);
  for (let i = 0; i < model.n; i++) prices[i] = (model.cost[i] as number) + markup;
  return prices;
}

/** The price grid of Calvano et al.: `m` prices evenly over [p_N − ξ(p_M − p_N), p_M + ξ(p_M − p_N)], per firm. */
export function priceGrid(nash: ArrayLike<number>, monopoly: ArrayLike<number>, m: number, xi: number): Float64Array[] {
  const grids: Float64Array[] = [];
  for (let i = 0; i < nash.length; i++) {
    const pN = nash[i] as number;
    const pM = monopoly[i] as number;
    const lo = pN - xi * (pM - pN);
    const hi = pM + xi * (pM - pN);
    grids.push(Float64Array.from({ length: m }, (_, k) => lo + ((hi - lo) * k) / (m - 1)));
  }
  return grids;
}
