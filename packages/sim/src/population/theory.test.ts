/**
 * The population engine against epidemic theory where theory exists:
 *  - discrete-time SIR on Erdős–Rényi graphs: the final size of a large outbreak is the giant-component
 *    fraction of bond percolation with the per-edge transmissibility T, S = 1 − exp(−c·T·S), and outbreaks
 *    stay small below the threshold c·T < 1;
 *  - random pairing (infectious-jailbreak): the mean-field recurrence c' = c + (β/2)c(1 − c) − γc, which
 *    dies out when β ≤ 2γ and settles at 1 − 2γ/β above it.
 */
import { describe, expect, it } from 'vitest';
import { mean, runPop, scenarioOf } from './test-helpers.js';

/** Solves S = 1 − exp(−R·S) for the non-trivial root (0 when R <= 1). */
function erFinalSize(r: number): number {
  if (r <= 1) return 0;
  let s = 1;
  for (let i = 0; i < 200; i++) s = 1 - Math.exp(-r * s);
  return s;
}

/** Probability that a compromised agent transmits over one edge before recovering (geometric infectious period). */
function transmissibility(beta: number, gamma: number): number {
  return beta / (beta + gamma - beta * gamma);
}

const er = (n: number, c: number, beta: number, gamma: number, rounds = 120): string => `
id: er
rounds: ${rounds}
engine: population
agents: { count: ${n} }
topology: { kind: erdos-renyi, meanDegree: ${c} }
population: { transmission: ${beta}, recovery: ${gamma} }`;

function finalSizes(yaml: string, seeds: number[]): number[] {
  const scenario = scenarioOf(yaml);
  return seeds.map((seed) => runPop(scenario, seed).output.metrics['infected-fraction'] as number);
}

const SEEDS = Array.from({ length: 8 }, (_, i) => i + 1);

describe('SIR on Erdős–Rényi graphs matches bond percolation', () => {
  it.each([
    // [mean degree, beta, gamma]: T = beta when gamma = 1
    [4, 0.5, 1],
    [6, 0.2, 0.5],
    [3, 0.8, 1],
  ])('above threshold: c=%d, β=%d, γ=%d — large outbreaks reach the percolation giant component', (c, beta, gamma) => {
    const t = transmissibility(beta, gamma);
    const expected = erFinalSize(c * t);
    expect(c * t).toBeGreaterThan(1.5);
    const sizes = finalSizes(er(100_000, c, beta, gamma), SEEDS);
    const large = sizes.filter((s) => s > 0.05);
    // Most seeds take off (probability = S for undirected percolation); the large ones agree with theory.
    expect(large.length).toBeGreaterThanOrEqual(3);
    expect(Math.abs(mean(large) - expected)).toBeLessThan(0.015);
    // Small outbreaks stay small: the final-size distribution is bimodal.
    for (const s of sizes.filter((x) => x <= 0.05)) expect(s).toBeLessThan(0.005);
  });

  it('below threshold (c·T = 0.8) every outbreak stays small', () => {
    const sizes = finalSizes(er(100_000, 4, 0.2, 1), SEEDS);
    expect(erFinalSize(0.8)).toBe(0);
    expect(Math.max(...sizes)).toBeLessThan(0.002);
  });
});

const pairing = (beta: number, gamma: number, rounds: number): string => `
id: pairing
rounds: ${rounds}
engine: population
agents: { count: 100000 }
topology: { kind: random-pairing }
population: { transmission: ${beta}, recovery: ${gamma}, reinfection: true, patientZeros: 2000 }
metrics: [carrier-fraction]`;

/**
 * The `carrier-fraction` metric round by round, as a report shows it: the fraction of agents carrying the
 * payload at the end of each round, which is c_t of the mean-field recurrence. (Read from the metric itself,
 * not rebuilt from the compartments here, so that the test fails when the metric says something else.)
 */
function carrierCurve(yaml: string, seed: number): number[] {
  const { output } = runPop(scenarioOf(yaml), seed);
  const series = output.series['carrier-fraction'];
  if (series === undefined) throw new Error('the run reported no carrier-fraction series');
  expect(output.metrics['carrier-fraction']).toBe(series.at(-1));
  return series;
}

/** Iterates c' = c + (β/2)c(1 − c) − γc from c for `rounds` rounds. */
function meanField(c: number, beta: number, gamma: number, rounds: number): number {
  let x = c;
  for (let t = 0; t < rounds; t++) x = x + (beta / 2) * x * (1 - x) - gamma * x;
  return x;
}

describe('random pairing follows the infectious-jailbreak mean field', () => {
  it.each([
    [0.6, 0.1],
    [0.9, 0.3],
    [0.5, 0.05],
  ])('β=%d, γ=%d (β > 2γ): settles near 1 − 2γ/β', (beta, gamma) => {
    const curve = carrierCurve(pairing(beta, gamma, 250), 1);
    const settled = mean(curve.slice(200));
    expect(Math.abs(settled - (1 - (2 * gamma) / beta))).toBeLessThan(0.03);
  });

  it.each([
    [0.3, 0.2],
    [0.2, 0.2],
  ])('β=%d, γ=%d (β < 2γ): dies out', (beta, gamma) => {
    const curve = carrierCurve(pairing(beta, gamma, 250), 2);
    expect(curve.at(-1)).toBe(0);
  });

  it('at the threshold β = 2γ the infection decays slowly, as the mean field predicts (about 1/t)', () => {
    const curve = carrierCurve(pairing(0.4, 0.2, 400), 3);
    const predicted = meanField(curve[20] as number, 0.4, 0.2, 379);
    expect(curve[399] as number).toBeLessThan(0.6 * (curve[20] as number));
    expect(Math.abs((curve[399] as number) - predicted)).toBeLessThan(0.25 * predicted);
  });

  it('the whole curve above threshold tracks the mean-field recurrence', () => {
    const curve = carrierCurve(pairing(0.6, 0.1, 120), 5);
    for (const t of [10, 20, 40, 80]) {
      const predicted = meanField(curve[0] as number, 0.6, 0.1, t);
      expect(Math.abs((curve[t] as number) - predicted)).toBeLessThan(0.03);
    }
  });

  it('a finite FIFO album evicts the payload, so even without curing the carriers turn over', () => {
    const yaml = `
id: album
rounds: 200
engine: population
agents: { count: 50000 }
topology: { kind: random-pairing }
population: { transmission: 0, patientZeros: 5000, album: { length: 10 } }
metrics: [carrier-fraction]`;
    const curve = carrierCurve(yaml, 4);
    // Evicted after 10 chats as answerer, which take about 20 rounds.
    expect(curve[5] as number).toBeCloseTo(0.1, 2);
    expect(curve[60]).toBe(0);
  });
});
