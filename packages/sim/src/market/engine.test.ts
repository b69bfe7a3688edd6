import { describe, expect, it } from 'vitest';
import { type MarketEndEvent, type MarketProgressEvent, ScenarioSchema, createAbortController } from '@masec/spec';
import { createRegistries } from '../registries.js';
import { runMarketEngine, runScenario } from '../run/run-scenario.js';
import { parseScenario } from '../scenario/load.js';
import { FastRng } from '../random/fast-rng.js';
import { createRng } from '../random/rng.js';
import { marketModel, monopolyPrices, nashPrices, priceGrid } from './economics.js';
import { deviate, greedyCycle } from './outcome.js';
import { QSession } from './session.js';

/** The baseline with faster learning: sessions of about 10^5 periods instead of 2 × 10^6. */
const fast = (extra: Record<string, unknown> = {}) =>
  ScenarioSchema.parse({
    id: 'market',
    engine: 'market',
    rounds: 1_000_000,
    agents: { count: 2 },
    topology: { kind: 'complete' },
    market: { learning: { beta: 1e-4 }, stable: 1000, ...extra },
    threats: [{ id: 'algorithmic-collusion' }],
  });
const registries = createRegistries();
const end = (events: readonly { type: string }[]) => events.find((e) => e.type === 'market-end') as MarketEndEvent;

describe('market engine', () => {
  it('learns to collude: a converged session settles above the Nash prices, with Δ between 0 and 1, punishing a deviation', async () => {
    const out = await runScenario(fast(), { seed: 1, registries });
    expect(out.status).toBe('ok');
    const e = end(out.events);
    expect(e.converged).toBe(true);
    expect(e.round).toBeGreaterThan(1000);
    expect(e.nashPrices[0]).toBeCloseTo(1.4729, 3);
    expect(e.monopolyPrices[0]).toBeCloseTo(1.925, 3);
    for (const prices of e.cyclePrices) for (const p of prices) expect(p).toBeGreaterThan(e.nashPrices[0] as number);
    expect(out.metrics['profit-gain']).toBeGreaterThan(0.3);
    expect(out.metrics['profit-gain']).toBeLessThan(1);
    expect(out.metrics['converged-period']).toBe(e.round);
    expect(out.judges['algorithmic-collusion']).toMatchObject({ success: true });
    // The deviation path: before, the deviation, then `periods` more.
    expect(e.deviation.prices).toHaveLength(2 + 15);
    expect(out.events.map((x) => x.type)).toEqual(['run-start', ...out.events.slice(1, -2).map(() => 'market-progress'), 'market-end', 'run-end']);
  });

  it('is deterministic per seed, and seeds differ', async () => {
    const a = await runScenario(fast(), { seed: 3, registries });
    const b = await runScenario(fast(), { seed: 3, registries });
    const c = await runScenario(fast(), { seed: 4, registries });
    expect(b.events).toEqual(a.events);
    expect(c.events).not.toEqual(a.events);
  });

  it('reports progress every window: ε decays as exp(−βt), mean prices on the grid', async () => {
    const out = runMarketEngine({ scenario: fast(), seed: 2, arm: 'default', defenses: [], registries, progressEvery: 10_000 });
    const progress = out.events.filter((e): e is MarketProgressEvent => e.type === 'market-progress');
    expect(progress.length).toBeGreaterThan(3);
    expect(progress[0]?.round).toBe(10_000);
    expect(progress[0]?.epsilon).toBeCloseTo(Math.exp(-1e-4 * 10_000), 9);
    for (const p of progress) for (const price of p.meanPrices) expect(price).toBeGreaterThan(1.4);
  });

  it('stops unconverged at `rounds` periods, reported, not an error', async () => {
    const out = await runScenario({ ...fast(), rounds: 5000 }, { seed: 1, registries });
    expect(out.status).toBe('ok');
    expect(end(out.events)).toMatchObject({ converged: false, round: 5000 });
    expect(out.metrics['converged-period']).toBeNull();
  });

  it('is cancelled between progress windows by its signal', () => {
    const controller = createAbortController();
    let calls = 0;
    const out = runMarketEngine({ scenario: fast(), seed: 1, arm: 'default', defenses: [], registries, progressEvery: 1000, onRound: () => (++calls === 2 ? controller.abort() : undefined), signal: controller.signal });
    expect(out.status).toBe('cancelled');
    expect(out.events.at(-1)).toMatchObject({ type: 'run-end', status: 'cancelled', code: 'RUN_CANCELLED', round: 2000 });
  });

  it('loading checks the market block: per-firm values, the deviating firm, the size of the Q table, no policy', () => {
    const parse = (market: string, agents = '  count: 2') =>
      parseScenario(`id: m\nengine: market\nrounds: 10\ntopology: { kind: complete }\nagents:\n${agents}\nmarket:\n${market}\n`, { file: 'm.yaml', registries });
    expect(() => parse('  demand: { quality: [2, 2, 2] }')).toThrow(/market\.demand\.quality: 3 values for 2 firms \(agents\.count\)/);
    expect(() => parse('  deviation: { firm: 2 }')).toThrow(/market\.deviation\.firm: no firm 2: firms are 0 to 1/);
    expect(() => parse('  grid: { prices: 50 }', '  count: 6')).toThrow(/agents\.count: 6 firms with 50 prices need a Q table of 4\.69e\+12 entries/);
    expect(() => parse('  grid: { prices: 15 }', '  count: 2\n  policy: { id: scripted }')).toThrow(/agents\.policy: the market engine\u2019s firms are Q-learners/);
    expect(() => parseScenario('id: m\nengine: market\nrounds: 10\ntopology: { kind: complete }\nagents: { count: 2 }\n', { file: 'm.yaml', registries })).toThrow(/engine: the market engine needs a market block/);
    expect(() => parse('  grid: { prices: 15 }\narms:\n  - name: x\n    defenses: [{ id: quarantine }]')).toThrow(/defense 'quarantine' has no market-level form, so the market engine cannot run it/);
    expect(() => parse('  grid: { prices: 15 }\nthreats: [{ id: worm }]')).toThrow(/threat 'worm' does not run on the market engine \(it runs on: message, population\)/);
  });
});

describe('the outcome of a session', () => {
  const model = marketModel(2, { quality: 2, cost: 1, outside: 0, mu: 0.25 });
  const grids = priceGrid(nashPrices(model), monopolyPrices(model), 15, 0.1);
  const session = new QSession({ model, grids, alpha: 0.15, beta: 1e-4, delta: 0.95, stable: 1000, maxPeriods: 1_000_000 });

  it('the greedy cycle is closed under greedy play, and its profits are the mean over its steps', () => {
    const { state } = session.learn(new FastRng(createRng(5)), 10_000, () => undefined);
    const cycle = greedyCycle(session, state);
    expect(cycle.actions.length).toBeGreaterThan(0);
    cycle.actions.forEach((x, k) => expect(session.greedyNext(x)).toBe(cycle.actions[(k + 1) % cycle.actions.length]));
    const firm0 = cycle.actions.reduce((sum, x) => sum + (session.profit[x * 2] as number), 0) / cycle.actions.length;
    expect(cycle.profits[0]).toBeCloseTo(firm0, 12);
    // The deviator picks the best price against the others' next prices: no other price pays more that period.
    const d = deviate(session, cycle, 0, 5);
    const planned = session.greedyNext(cycle.actions[0] as number);
    const taken = d.path[1]?.[0] as number;
    for (let a = 0; a < 15; a++) {
      const x = planned + (a - session.action(planned, 0));
      expect(session.profit[x * 2] as number).toBeLessThanOrEqual((session.profit[(planned + (taken - session.action(planned, 0))) * 2] as number) + 1e-15);
    }
    expect(d.path).toHaveLength(2 + 5);
  });

  it('the duopoly loop and the general loop play the very same session', () => {
    const sessions = [false, true].map((general) => {
      const fresh = new QSession({ model, grids, alpha: 0.15, beta: 1e-4, delta: 0.95, stable: 1000, maxPeriods: 1_000_000 });
      const windows: number[][] = [];
      const result = fresh.learn(new FastRng(createRng(9)), 5000, (t, stableFor, sums) => windows.push([t, stableFor, ...sums]), general);
      return { result, windows, q: fresh.q, greedy: fresh.greedy };
    });
    expect(sessions[1]?.result).toEqual(sessions[0]?.result);
    expect(sessions[1]?.windows).toEqual(sessions[0]?.windows);
    expect(sessions[1]?.q).toEqual(sessions[0]?.q);
    expect(sessions[1]?.greedy).toEqual(sessions[0]?.greedy);
  });

  it('without memory a firm has one state: both loops agree, greedy play is a fixed point and nobody can punish a deviation', () => {
    const sessions = [false, true].map((general) => {
      const fresh = new QSession({ model, grids, alpha: 0.15, beta: 1e-4, delta: 0.95, stable: 1000, maxPeriods: 1_000_000, memory: 0 });
      const result = fresh.learn(new FastRng(createRng(9)), 5000, () => undefined, general);
      return { fresh, result };
    });
    const { fresh, result } = sessions[0] as (typeof sessions)[number];
    expect(fresh.states).toBe(1);
    expect(fresh.q).toHaveLength(2 * 15);
    expect(result.converged).toBe(true);
    expect(result.state).toBe(0);
    expect(sessions[1]?.result).toEqual(result);
    expect(sessions[1]?.fresh.q).toEqual(fresh.q);
    const cycle = greedyCycle(fresh, result.state);
    expect(cycle.actions).toEqual([fresh.greedyNext(0)]);
    // The rival's price after the deviation is its greedy price in the only state: the same as before it.
    const d = deviate(fresh, cycle, 0, 3);
    for (const prices of d.path) for (const a of prices) expect(a >= 0 && a < 15 && Number.isInteger(a)).toBe(true);
    for (const prices of d.path.slice(2)) expect(prices[1]).toBe(d.path[0]?.[1]);
    // Q starts as with memory: the payoff against uniform opponents, for the one state.
    let sum = 0;
    for (let b = 0; b < 15; b++) sum += fresh.profit[(3 + 15 * b) * 2] as number;
    expect(new QSession({ model, grids, alpha: 0.15, beta: 1e-4, delta: 0.95, stable: 1000, maxPeriods: 10, memory: 0 }).q[3]).toBeCloseTo(sum / 15 / 0.05, 10);
  });

  it('starts Q at the discounted payoff against uniformly random opponents', () => {
    const fresh = new QSession({ model, grids, alpha: 0.15, beta: 1e-4, delta: 0.95, stable: 1000, maxPeriods: 10 });
    let sum = 0;
    for (let b = 0; b < 15; b++) sum += fresh.profit[(3 + 15 * b) * 2] as number;
    expect(fresh.q[3]).toBeCloseTo(sum / 15 / 0.05, 10);
    expect(fresh.q[(7 * 15) + 3]).toBe(fresh.q[3]);
  });
});
