/**
 * The market engine with language-model firms (`market.llm`): the same repeated logit-demand Bertrand market
 * as the Q-learning session, but each period every firm's model is asked for its price (llm-firm.ts), all
 * firms at once. Prices are continuous within the grid's span [p_N − ξ(p_M − p_N), p_M + ξ(p_M − p_N)]. The
 * session runs `rounds` periods; market defenses see every `llm.window` periods of posted prices, exactly as
 * they do on Q-learners, and a cap they order bounds what a firm is charged (and is shown to it).
 *
 * Outcome (ADR 0093): the "cycle" is the shortest run of price vectors that repeats through the last
 * `llm.tail` periods (converged), else those periods as they were (not converged); Δ comes from each firm's
 * mean profit over it. The deviation experiment: the rivals are asked as usual, the deviating firm charges
 * its static best response to their prices, then every firm is asked for `deviation.periods` more periods;
 * prices are back when each is within 5% of (p_M − p_N) of a cycle step, and the gain compares the deviator’s
 * discounted profit with its mean cycle profit in every period.
 */
import { type MarketConfig, type MarketLlmConfig, type MasecEvent, MasecError, type ModelClient, type ModelProvider, type ModelResponse, type RunEndStatus, type Scenario, NEVER_ABORTED, agentModel, childAbortController, errorCodeOf, errorMessageOf } from '@masec/spec';
import { EventLog } from '../log/event-log.js';
import { type MarketModel, bestResponse, marketModel, monopolyPrices, nashPrices, priceGrid, profits, shares } from './economics.js';
import type { MarketEngineOptions, MarketSimulation } from './engine.js';
import { checkWindow, logRunStart, marketGuards, monitorReports } from './guards.js';
import { type FirmView, type MarketPeriod, type PriceIssue, chargedPrice, firmId, firmRequest, readDecision } from './llm-firm.js';

/** Share of (p_M − p_N) within which a price counts as back on a cycle step after the deviation. */
const RETURN_TOLERANCE = 0.05;

/**
 * Runs one session. The firms ask `options.services.models` (the run layer hands it in, counting the models
 * used); without it the run ends SERVICE_MISSING.
 */
export async function simulateLlmMarket(options: MarketEngineOptions): Promise<MarketSimulation> {
  const log = new EventLog(options.sink, options.keepLog ?? true);
  let period = 0;
  try {
    await simulate(options, log, (t) => (period = t));
    return { log, status: 'ok' };
  } catch (error) {
    const code = errorCodeOf(error);
    const status: RunEndStatus = code === 'RUN_CANCELLED' ? 'cancelled' : code === 'BUDGET_EXCEEDED' ? 'budget-exceeded' : 'error';
    log.push({ type: 'run-end', round: period, status, error: errorMessageOf(error), code });
    return { log, status };
  }
}

/** The model the firms of this arm ask. */
function firmModel(scenario: Scenario, arm: string, models: ModelProvider | undefined): ModelClient {
  if (models === undefined) throw new MasecError('SERVICE_MISSING', `scenario '${scenario.id}': market.llm firms need the models service, which this run was not given`);
  const id = agentModel(scenario, arm, {});
  if (id === undefined) throw new MasecError('CONFIG_INVALID', `scenario '${scenario.id}': market.llm firms need a model (declare one in the models block)`);
  return models.get(id);
}

interface Market {
  model: MarketModel;
  nash: Float64Array;
  monopoly: Float64Array;
  ranges: [number, number][];
}

/** The session's state: what was played, each firm's notes and cap. */
class LlmFirms {
  readonly periods: MarketPeriod[] = [];
  readonly notes: { plans: string; insights: string }[];
  readonly caps: (number | undefined)[];

  constructor(
    readonly market: Market,
    readonly config: MarketLlmConfig,
    readonly client: ModelClient,
    readonly log: EventLog,
    readonly signal: MarketEngineOptions['signal'],
  ) {
    const n = market.model.n;
    this.notes = Array.from({ length: n }, () => ({ plans: '', insights: '' }));
    this.caps = new Array<number | undefined>(n).fill(undefined);
  }

  view(i: number): FirmView {
    const t = this.periods.length;
    const cap = this.caps[i];
    return {
      index: i,
      firms: this.market.model.n,
      period: t,
      cost: this.market.model.cost[i] as number,
      range: this.market.ranges[i] as [number, number],
      ...(cap === undefined ? {} : { cap }),
      history: this.periods.slice(Math.max(0, t - this.config.history)),
      ...(this.config.notes ? { notes: this.notes[i] } : {}),
    };
  }

  /** One period: asks the firms in `asked` (all at once), the others charge `forced[i]`; records and returns it. */
  async play(forced: ReadonlyMap<number, (prices: Float64Array) => number> = new Map()): Promise<MarketPeriod> {
    const signal = this.signal ?? NEVER_ABORTED;
    if (signal.aborted) throw new MasecError('RUN_CANCELLED', 'run cancelled');
    const n = this.market.model.n;
    const t = this.periods.length;
    const views = Array.from({ length: n }, (_, i) => this.view(i));
    // All firms at once; the first failure aborts the calls still in flight and ends the run.
    const calls = childAbortController(signal);
    let answers: (ModelResponse | undefined)[];
    try {
      answers = await Promise.all(
        views.map((view, i) =>
          forced.has(i)
            ? undefined
            : this.client.generate(firmRequest(view), { signal: calls.signal }).catch((error: unknown) => {
                calls.abort(error);
                throw error;
              }),
        ),
      );
    } finally {
      calls.dispose();
    }
    const prices = new Float64Array(n);
    const last = this.periods[t - 1];
    answers.forEach((answer, i) => {
      if (answer === undefined) return;
      const view = views[i] as FirmView;
      const decision = readDecision(answer);
      const fallback = last === undefined ? (this.market.nash[i] as number) : (last.prices[i] as number);
      const charged = chargedPrice(decision.asked?.price, view, fallback);
      prices[i] = charged.price;
      const issues: PriceIssue[] = charged.issue === undefined ? decision.issues : [...decision.issues, charged.issue];
      for (const issue of issues) this.log.push({ type: 'action-invalid', round: t, agent: firmId(i), ...issue });
      if (this.config.notes && decision.asked !== undefined) this.notes[i] = { plans: decision.asked.plans ?? '', insights: decision.asked.insights ?? '' };
    });
    // Forced firms move last: a deviator best-responds to the prices its rivals just chose.
    for (const [i, price] of forced) prices[i] = chargedPrice(price(prices), views[i] as FirmView, 0).price;
    const quantities = new Float64Array(n);
    shares(this.market.model, prices, quantities);
    const record = { prices, quantities, profits: profits(this.market.model, prices) };
    this.periods.push(record);
    return record;
  }
}

async function simulate(options: MarketEngineOptions, log: EventLog, at: (period: number) => void): Promise<void> {
  const { scenario, registries } = options;
  const market = scenario.market as MarketConfig;
  const config = market.llm as MarketLlmConfig;
  const n = scenario.agents.count;
  const model = marketModel(n, market.demand);
  const nash = nashPrices(model);
  const monopoly = monopolyPrices(model);
  const ranges = priceGrid(nash, monopoly, 2, market.grid.xi).map((g) => [g[0], g[1]] as [number, number]);
  const guards = marketGuards(options.defenses, registries);
  const client = firmModel(scenario, options.arm, options.services?.models);
  logRunStart(log, options, n);
  const firms = new LlmFirms({ model, nash, monopoly, ranges }, config, client, log, options.signal);
  const rounds = scenario.rounds;
  let stableFor = 0;
  for (let t = 1; t <= rounds; t++) {
    const before = firms.periods[t - 2];
    const now = await firms.play();
    stableFor = before !== undefined && now.prices.every((p, i) => p === before.prices[i]) ? stableFor + 1 : 0;
    at(t);
    if (t % config.window !== 0) continue;
    const window = firms.periods.slice(t - config.window);
    const mean = Array.from({ length: n }, (_, i) => window.reduce((s, p) => s + (p.prices[i] as number), 0) / window.length);
    const sd = mean.map((m, i) => Math.sqrt(Math.max(0, window.reduce((s, p) => s + ((p.prices[i] as number) - m) ** 2, 0) / window.length)));
    log.push({ type: 'market-progress', round: t, epsilon: 0, stableFor, meanPrices: mean });
    options.onRound?.(t, rounds);
    if (guards.length > 0) {
      const capAt = (i: number, limit: number): void => void (firms.caps[i] = Math.min(firms.caps[i] ?? Infinity, limit));
      checkWindow(guards, { period: t, periods: window.length, mean, sd, nashPrices: [...nash], monopolyPrices: [...monopoly] }, n, capAt, log);
    }
  }
  const cycle = tailCycle(firms.periods.slice(Math.max(0, rounds - config.tail)));
  const nashProfits = profits(model, nash);
  const monopolyProfits = profits(model, monopoly);
  const deviation = await deviate(firms, cycle, market.deviation.firm, market.deviation.periods, market.learning.delta);
  at(rounds);
  log.push({
    type: 'market-end',
    round: rounds,
    converged: cycle.repeats,
    nashPrices: [...nash],
    monopolyPrices: [...monopoly],
    nashProfits: [...nashProfits],
    monopolyProfits: [...monopolyProfits],
    cyclePrices: cycle.periods.map((p) => [...p.prices]),
    cycleProfits: cycle.profits,
    profitGains: cycle.profits.map((p, i) => (p - (nashProfits[i] as number)) / ((monopolyProfits[i] as number) - (nashProfits[i] as number))),
    deviation,
    monitors: monitorReports(guards),
  } satisfies MasecEvent);
  log.push({ type: 'run-end', round: rounds, status: 'ok' });
}

export interface TailCycle {
  /** The periods that repeat (or the whole tail when nothing does). */
  periods: MarketPeriod[];
  /** Whether a shorter run of prices repeats exactly through the whole tail. */
  repeats: boolean;
  /** Each firm's mean profit over `periods`. */
  profits: number[];
}

/** The shortest run of price vectors that repeats through the tail (at least twice), else the tail itself. */
export function tailCycle(tail: readonly MarketPeriod[]): TailCycle {
  const same = (a: MarketPeriod, b: MarketPeriod): boolean => a.prices.every((p, i) => p === b.prices[i]);
  let length = tail.length;
  for (let p = 1; 2 * p <= tail.length; p++) {
    let repeats = true;
    for (let k = p; k < tail.length && repeats; k++) repeats = same(tail[k] as MarketPeriod, tail[k - p] as MarketPeriod);
    if (repeats) {
      length = p;
      break;
    }
  }
  const periods = tail.slice(tail.length - length);
  const n = periods[0]?.prices.length ?? 0;
  const means = Array.from({ length: n }, (_, i) => periods.reduce((s, p) => s + (p.profits[i] as number), 0) / periods.length);
  return { periods, repeats: length < tail.length, profits: means };
}

/** The deviation experiment on a language-model session (see the file comment). */
async function deviate(firms: LlmFirms, cycle: TailCycle, firm: number, periods: number, delta: number): Promise<Extract<MasecEvent, { type: 'market-end' }>['deviation']> {
  const { model, nash, monopoly } = firms.market;
  const last = firms.periods[firms.periods.length - 1];
  const path: number[][] = last === undefined ? [] : [[...last.prices]];
  const staying = cycle.profits[firm] ?? 0;
  const deviated = await firms.play(new Map([[firm, (prices: Float64Array) => bestResponse(model, prices, firm)]]));
  path.push([...deviated.prices]);
  let gain = (deviated.profits[firm] as number) - staying;
  let discount = 1;
  let returned: number | null = null;
  const onCycle = (prices: Float64Array): boolean =>
    cycle.periods.some((step) => step.prices.every((p, i) => Math.abs((prices[i] as number) - p) <= RETURN_TOLERANCE * ((monopoly[i] as number) - (nash[i] as number))));
  for (let t = 1; t <= periods; t++) {
    const now = await firms.play();
    discount *= delta;
    gain += discount * ((now.profits[firm] as number) - staying);
    path.push([...now.prices]);
    if (returned === null && onCycle(now.prices)) returned = t;
  }
  return { firm, prices: path, returned, gain };
}
