/**
 * Calibration against known truth (threat: worm). `contagion` agents obey each payload-bearing message with
 * probability β and recover with probability γ per round, so the message engine's runs have known per-contact
 * parameters: the estimates' 95% intervals must cover them, pooled over seeds and in most single seeds. A
 * monitor that flags each agent-round with a known probability does the same for detection, with flags and
 * with quarantine. Then the round trip: a calibration file made from message runs drives a population
 * scenario that names it, and the population engine on the calibrated rates agrees with the message engine.
 * Last, the built-in worm-calibrated scenario's file was measured on the current worm-email.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import type { CalibrationFile, DefenseDefinition, Estimate, Scenario } from '@masec/spec';
import { fileReader, loadScenarioFile, scenarioHash, seedRange, summarize } from '@masec/runner';
import {
  type ArmCalibration,
  type CalibrationRun,
  type PopulationRunOutput,
  type SimRegistries,
  calibrateArm,
  createRegistries,
  detectionEventFor,
  formatCalibration,
  hashString,
  parseCalibration,
  parseScenario,
  runContacts,
  runMessageEngine,
  runScenario,
} from '@masec/sim';

const covers = (e: Estimate, truth: number): boolean => e.low <= truth && truth <= e.high;

/**
 * The truth lies within the 95% interval stretched to 99.9% (3.29/1.96 times each side). A file of a dozen
 * 95% checks would fail by chance on some choice of seeds about half the time; this fails by chance about
 * once in a thousand per check, while an estimator biased by a few standard errors still fails it.
 */
const within = (e: Estimate, truth: number): boolean => {
  const stretch = 3.2905 / 1.96;
  return truth < e.estimate ? e.estimate - truth <= stretch * (e.estimate - e.low) : truth - e.estimate <= stretch * (e.high - e.estimate);
};

/** A monitor that flags every message an agent sends in a round with probability `p`, independently per agent and round. */
const coinMonitor: DefenseDefinition<{ p: number }> = {
  id: 'coin-monitor',
  specVersion: 'v1',
  description: 'test monitor: flags an agent-round with a fixed probability',
  kind: 'monitoring',
  targets: ['worm'],
  hooks: ['send'],
  configSchema: z.strictObject({ p: z.number().min(0).max(1) }),
  cost: { utility: 'none', rewritesContent: false },
  create: ({ p }) => ({
    id: 'coin-monitor',
    hooks: ['send'],
    async handle(envelope, ctx, next) {
      if (hashString(`${envelope.from}@${envelope.time}`, 0x5eed) / 2 ** 32 < p) ctx.flag(1, 'coin');
      return next(envelope);
    },
  }),
};

function registries(): SimRegistries {
  const r = createRegistries();
  r.defenses.register(coinMonitor as DefenseDefinition<unknown>);
  return r;
}

const contagion = (o: { n: number; rounds: number; beta: number; gamma: number; topology: string; arms?: string; zeros?: number }): string => `
id: truth
rounds: ${o.rounds}
agents: { count: ${o.n}, records: 0, policy: { id: contagion, config: { transmission: ${o.beta}, recovery: ${o.gamma} } } }
topology: ${o.topology}
channel: { kind: direct }
threats: [{ id: worm, config: { patientZeros: ${o.zeros ?? 3} } }]
${o.arms ?? ''}`;

interface Measured {
  pooled: ArmCalibration;
  perSeed: ArmCalibration[];
  metrics: Record<string, number | null>[];
}

/** Runs one arm over the seeds on the message engine and calibrates it, pooled and seed by seed. */
async function measure(scenario: Scenario, arm: string, seeds: readonly number[], r: SimRegistries): Promise<Measured> {
  const defenses = (scenario.arms ?? [{ name: 'default', defenses: scenario.defenses }]).find((a) => a.name === arm)?.defenses ?? [];
  const options = { detection: detectionEventFor(defenses, r.defenses) };
  const runs: CalibrationRun[] = [];
  const metrics: Record<string, number | null>[] = [];
  for (const seed of seeds) {
    const out = await runMessageEngine({ scenario, seed, arm, defenses, registries: r });
    runs.push({ events: out.events, ...runContacts(scenario, seed) });
    metrics.push(out.metrics);
  }
  return { pooled: calibrateArm(runs, options), perSeed: runs.map((run) => calibrateArm([run], options)), metrics };
}

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

describe.each([
  { name: 'Erdős–Rényi, mean degree 8, β = 0.15, γ = 0.3', beta: 0.15, gamma: 0.3, topology: '{ kind: erdos-renyi, meanDegree: 8 }' },
  { name: 'Barabási–Albert m = 3, β = 0.05, γ = 0.1', beta: 0.05, gamma: 0.1, topology: '{ kind: barabasi-albert, m: 3 }' },
])('calibration recovers known contagion parameters: $name', ({ beta, gamma, topology }) => {
  it('pooled estimates are within their intervals of β and γ, and single seeds’ 95% intervals mostly cover them', async () => {
    const r = registries();
    const scenario = parseScenario(contagion({ n: 1000, rounds: 30, beta, gamma, topology }), { file: 'truth.yaml', registries: r });
    const { pooled, perSeed } = await measure(scenario, 'default', SEEDS, r);
    // Enough data for the test to mean something: hundreds of infections and recoveries.
    expect(pooled.transmission.events).toBeGreaterThan(1000);
    expect(pooled.recovery.events).toBeGreaterThan(500);
    expect(within(pooled.transmission, beta), JSON.stringify(pooled.transmission)).toBe(true);
    expect(within(pooled.recovery, gamma), JSON.stringify(pooled.recovery)).toBe(true);
    expect(pooled.transmission.high - pooled.transmission.low).toBeLessThan(0.2 * beta);
    // Every infection is along the graph, and nothing flags or isolates anyone.
    expect(pooled.diagnostics.offGraph).toBe(0);
    expect([pooled.detection.events, pooled.falsePositive.events]).toEqual([0, 0]);
    // Nominal 95% intervals: with 8 seeds, 6 or more should cover (P(fewer) < 1%).
    expect(perSeed.filter((s) => covers(s.transmission, beta)).length).toBeGreaterThanOrEqual(6);
    expect(perSeed.filter((s) => covers(s.recovery, gamma)).length).toBeGreaterThanOrEqual(6);
    // The simple ratio infections / contacts is biased low where agents meet several compromised contacts.
    expect(pooled.diagnostics.meanContacts).toBeGreaterThan(1.3);
    expect(pooled.diagnostics.perContactRatio.estimate).toBeLessThan(pooled.transmission.estimate);
  });
});

describe('calibration recovers a known detection rate', () => {
  const arms = `arms:
  - { name: flag, defenses: [{ id: coin-monitor, config: { p: 0.2 } }] }
  - { name: isolate, defenses: [{ id: coin-monitor, config: { p: 0.2 } }, { id: quarantine, config: { afterFlags: 1 } }] }`;

  it('per round, from flags without containment and from quarantine with it; β and γ are still covered', async () => {
    const r = registries();
    const yaml = contagion({ n: 800, rounds: 25, beta: 0.2, gamma: 0.15, topology: '{ kind: erdos-renyi, meanDegree: 6 }', arms });
    const scenario = parseScenario(yaml, { file: 'truth.yaml', registries: r });
    const flag = (await measure(scenario, 'flag', SEEDS.slice(0, 6), r)).pooled;
    const isolate = (await measure(scenario, 'isolate', SEEDS.slice(0, 6), r)).pooled;
    expect(flag.detection.events).toBeGreaterThan(300);
    expect(within(flag.detection, 0.2), JSON.stringify(flag.detection)).toBe(true);
    expect(within(flag.transmission, 0.2), JSON.stringify(flag.transmission)).toBe(true);
    expect(within(flag.recovery, 0.15), JSON.stringify(flag.recovery)).toBe(true);
    // With quarantine at the first flag, isolation is the event; the spreading stops there.
    expect(isolate.detection.events).toBeGreaterThan(100);
    expect(within(isolate.detection, 0.2), JSON.stringify(isolate.detection)).toBe(true);
    expect(within(isolate.transmission, 0.2), JSON.stringify(isolate.transmission)).toBe(true);
    expect(within(isolate.recovery, 0.15), JSON.stringify(isolate.recovery)).toBe(true);
    // Contagion agents that are not compromised send nothing, so nothing flags them.
    expect([flag.falsePositive.events, isolate.falsePositive.events]).toEqual([0, 0]);
  });
});

describe('round trip: message runs → calibration file → population scenario', () => {
  const dir = mkdtempSync(join(tmpdir(), 'masec-calibration-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the population scenario runs on the file’s estimates and agrees with the message engine on the final size', async () => {
    const r = registries();
    const topology = '{ kind: erdos-renyi, meanDegree: 6 }';
    const scenario = parseScenario(contagion({ n: 1000, rounds: 30, beta: 0.12, gamma: 0.25, topology, zeros: 5 }), { file: 'm.yaml', registries: r });
    const seeds = Array.from({ length: 16 }, (_, i) => i + 1);
    const message = await measure(scenario, 'default', seeds, r);
    const { diagnostics: _d, ...measured } = message.pooled;
    const file: CalibrationFile = {
      kind: 'masec-calibration',
      version: 1,
      scenario: scenario.id,
      scenarioHash: scenarioHash(scenario),
      agents: 1000,
      seeds,
      arms: { default: measured },
    };
    writeFileSync(join(dir, 'truth.calibration.yaml'), formatCalibration(file, 'yaml'));
    writeFileSync(
      join(dir, 'scaled.yaml'),
      `id: scaled\nrounds: 30\nengine: population\nagents: { count: 1000 }\ntopology: ${topology}\n` +
        `population: { patientZeros: 5, transmission: 0.9, recovery: 0.9, calibration: truth.calibration.yaml }\nthreats: [{ id: worm }]\n`,
    );
    const loaded = loadScenarioFile(join(dir, 'scaled.yaml'));
    const population: (number | null)[] = [];
    for (const seed of seeds) {
      const out = (await runScenario(loaded.scenario, { seed, registries: r, readText: fileReader(loaded.baseDir) })) as PopulationRunOutput;
      // The declared 0.9s are replaced by the measured rates.
      expect(out.params?.source).toBe("calibration 'truth' arm 'default'");
      expect([out.params?.transmission, out.params?.recovery]).toEqual([measured.transmission.estimate, measured.recovery.estimate]);
      population.push(out.metrics['infected-fraction'] ?? null);
    }
    const m = summarize(message.metrics.map((x) => x['infected-fraction'] ?? null));
    const p = summarize(population);
    expect(m.mean as number).toBeGreaterThan(0.3); // a real outbreak, not two zeros
    const half = (s: typeof m): number => ((s.hi as number) - (s.lo as number)) / 2;
    expect(Math.abs((m.mean as number) - (p.mean as number))).toBeLessThan(half(m) + half(p));
  });
});

describe('the built-in calibrated scenario', () => {
  it('names a calibration file measured on the current worm-email, with its arms', () => {
    const email = loadScenarioFile('worm-email');
    const calibrated = loadScenarioFile('worm-calibrated');
    const file = parseCalibration(readFileSync(join(calibrated.baseDir, 'worm-email.calibration.json'), 'utf8'), 'worm-email.calibration.json');
    // A changed worm-email (or a changed default of its plugins) makes the file stale: rerun
    //   node packages/cli/dist/main.js calibrate worm-email --out scenarios/worm-email.calibration.json
    expect(file.scenarioHash, 'scenarios/worm-email.calibration.json is stale').toBe(scenarioHash(email.scenario));
    expect(file).toMatchObject({ scenario: 'worm-email', agents: email.scenario.agents.count, seeds: seedRange(email.scenario.seed, email.scenario.seeds) });
    expect(Object.keys(file.arms)).toEqual((calibrated.scenario.arms ?? []).map((a) => a.name));
    expect(calibrated.scenario.population?.calibration).toBe('worm-email.calibration.json');
  });
});
