/**
 * The market engine: one run is one learning session of the repeated logit-demand Bertrand oligopoly of
 * Calvano et al. (AER 2020) among the scenario's `agents.count` Q-learning firms (`market` block). The log is
 * short whatever the session's length: `run-start`, a `market-progress` event every `progressEvery` periods,
 * and `market-end` with the benchmarks, the cycle, the profit gains and the deviation experiment.
 */
import { type MarketConfig, type MasecEvent, MasecError, type PluginRef, type PluginRegistries, type RunControls, type RunEndStatus, type Scenario, errorCodeOf, errorMessageOf } from '@masec/spec';
import { EventLog } from '../log/event-log.js';
import { FastRng } from '../random/fast-rng.js';
import { createRng } from '../random/rng.js';
import { marketModel, monopolyPrices, nashPrices, priceGrid, profits } from './economics.js';
import { deviate, greedyCycle, profitGains } from './outcome.js';
import { checkWindow, logRunStart, marketGuards, monitorReports } from './guards.js';
import { QSession } from './session.js';

export interface MarketEngineOptions extends RunControls {
  scenario: Scenario;
  seed: number;
  arm: string;
  defenses: readonly PluginRef[];
  registries: PluginRegistries;
  /** Periods between progress events (default: the convergence window, at least 10,000). */
  progressEvery?: number;
  /** Called after each progress event with (periods done, the session's cap). */
  onRound?: (done: number, cap: number) => void;
}

export interface MarketSimulation {
  log: EventLog;
  status: RunEndStatus;
}

export function simulateMarket(options: MarketEngineOptions): MarketSimulation {
  const log = new EventLog(options.sink, options.keepLog ?? true);
  let period = 0;
  try {
    simulate(options, log, (t) => (period = t));
    return { log, status: 'ok' };
  } catch (error) {
    const code = errorCodeOf(error);
    const status: RunEndStatus = code === 'RUN_CANCELLED' ? 'cancelled' : 'error';
    log.push({ type: 'run-end', round: period, status, error: errorMessageOf(error), code });
    return { log, status };
  }
}

function simulate(options: MarketEngineOptions, log: EventLog, at: (period: number) => void): void {
  const { scenario, seed, registries } = options;
  const market = scenario.market as MarketConfig | undefined;
  if (market === undefined) throw new MasecError('SCENARIO_INVALID', `scenario '${scenario.id}': the market engine needs a market block`);
  const n = scenario.agents.count;
  const model = marketModel(n, market.demand);
  const nash = nashPrices(model);
  const monopoly = monopolyPrices(model);
  const grids = priceGrid(nash, monopoly, market.grid.prices, market.grid.xi);
  const session = new QSession({ model, grids, ...market.learning, stable: market.stable, maxPeriods: scenario.rounds });
  const rng = new FastRng(createRng(seed).fork('market'));
  const guards = marketGuards(options.defenses, registries);
  logRunStart(log, options, n);
  const every = options.progressEvery ?? market.window ?? Math.max(10_000, market.stable);
  const cap = session.spec.maxPeriods;
  const decay = Math.exp(-market.learning.beta);
  let last = 0;
  const { periods, converged, state } = session.learn(rng, every, (t, stableFor, sums, squares) => {
    if (options.signal?.aborted === true) throw new MasecError('RUN_CANCELLED', 'run cancelled');
    const window = t - last;
    last = t;
    at(t);
    const mean = Array.from(sums, (sum, i) => priceAt(grids[i] as Float64Array, sum / window));
    log.push({ type: 'market-progress', round: t, epsilon: decay ** t, stableFor, meanPrices: mean });
    options.onRound?.(t, cap);
    if (guards.length === 0) return false;
    const sd = Array.from(squares, (square, i) => spreadOf(grids[i] as Float64Array, sums[i] as number, square, window));
    return checkWindow(guards, { period: t, periods: window, mean, sd, nashPrices: [...nash], monopolyPrices: [...monopoly] }, n, (i, limit) => session.capAt(i, highestIndexAtMost(grids[i] as Float64Array, limit)), log);
  });
  at(periods);
  const cycle = greedyCycle(session, state);
  const nashProfits = profits(model, nash);
  const monopolyProfits = profits(model, monopoly);
  const deviation = deviate(session, cycle, market.deviation.firm, market.deviation.periods);
  const prices = (indices: readonly number[]): number[] => indices.map((a, i) => (grids[i] as Float64Array)[a] as number);
  log.push({
    type: 'market-end',
    round: periods,
    converged,
    nashPrices: [...nash],
    monopolyPrices: [...monopoly],
    nashProfits: [...nashProfits],
    monopolyProfits: [...monopolyProfits],
    cyclePrices: cycle.actions.map((x) => prices(Array.from({ length: n }, (_, i) => session.action(x, i)))),
    cycleProfits: cycle.profits,
    profitGains: profitGains(cycle.profits, nashProfits, monopolyProfits),
    deviation: { firm: deviation.firm, prices: deviation.path.map(prices), returned: deviation.returned, gain: deviation.gain },
    monitors: monitorReports(guards),
  } satisfies MasecEvent);
  log.push({ type: 'run-end', round: periods, status: 'ok' });
}

/** The price at a fractional grid index (linear between neighbouring grid prices). */
function priceAt(grid: Float64Array, index: number): number {
  const k = Math.min(grid.length - 2, Math.floor(index));
  const lo = grid[k] as number;
  return lo + (index - k) * ((grid[k + 1] as number) - lo);
}

/** The highest grid index whose price is at most `limit` (0 when even the lowest price is above it). */
function highestIndexAtMost(grid: Float64Array, limit: number): number {
  let k = 0;
  for (let a = 0; a < grid.length; a++) if ((grid[a] as number) <= limit) k = a;
  return k;
}

/** The standard deviation of a firm's price over a window, from the sums of its grid index and its square (evenly spaced grid). */
function spreadOf(grid: Float64Array, sum: number, square: number, window: number): number {
  const mean = sum / window;
  const variance = Math.max(0, square / window - mean * mean);
  return Math.sqrt(variance) * ((grid[1] as number) - (grid[0] as number));
}
