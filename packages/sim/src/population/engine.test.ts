import { describe, expect, it } from 'vitest';
import { type DefenseDefinition, type PopulationEffect, Registry } from '@masec/spec';
import { createDefenseRegistry } from '@masec/defenses';
import { z } from 'zod';
import { createRegistries } from '../registries.js';
import { runPopulationEngine } from '../run/run-scenario.js';
import { composeEffects } from './params.js';
import { runPop, scenarioOf } from './test-helpers.js';

const ring = (extra = '', n = 101): string => `
id: t
rounds: 60
engine: population
agents: { count: ${n} }
topology: { kind: ring, k: 1 }
${extra}`;

/** A registry with the built-in defenses plus a test defense whose population effect is its config. */
function registriesWithEffect(): ReturnType<typeof createRegistries> {
  const base = createRegistries();
  const effectSchema = z.strictObject({
    transmissionFactor: z.number().optional(),
    detection: z.number().optional(),
    falsePositive: z.number().optional(),
    onFlag: z.enum(['quarantine', 'prune-edges']).optional(),
    recoveryBoost: z.number().optional(),
    resistantFraction: z.number().optional(),
    resistantFactor: z.number().optional(),
  });
  const fake: DefenseDefinition<PopulationEffect> = {
    id: 'effect',
    specVersion: 'v1',
    description: 'test: a population effect given in config',
    kind: 'containment',
    targets: [],
    hooks: ['send'],
    configSchema: effectSchema as z.ZodType<PopulationEffect>,
    cost: { utility: 'none', rewritesContent: false },
    population: { effect: (config) => config },
    create: () => ({ id: 'effect', hooks: ['send'], handle: (e, _c, next) => next(e) }),
  };
  const defenses = new Registry<DefenseDefinition<unknown>>('defense', [...createDefenseRegistry().list(), fake as DefenseDefinition<unknown>]);
  return { ...base, defenses };
}

function runWithEffect(yaml: string, effect: PopulationEffect, seed = 1) {
  const registries = registriesWithEffect();
  const scenario = scenarioOf(yaml);
  const output = runPopulationEngine({ scenario, seed, arm: 'x', defenses: [{ id: 'effect', config: effect as Record<string, unknown> }], registries });
  const rounds = output.events.flatMap((e) => (e.type === 'population-round' ? [e] : []));
  return { output, rounds };
}

describe('population engine', () => {
  it('keeps every agent in exactly one compartment each round', () => {
    const { rounds } = runPop(scenarioOf(ring('population: { transmission: 0.6, recovery: 0.2, latency: 0.5 }', 500)), 3);
    expect(rounds).toHaveLength(60);
    for (const e of rounds) expect(e.susceptible + e.exposed + e.compromised + e.recovered + e.quarantined).toBe(500);
  });

  it('is deterministic: the same seed gives the same log, another seed another', () => {
    const scenario = scenarioOf(`
id: t
rounds: 30
engine: population
agents: { count: 5000 }
topology: { kind: barabasi-albert, m: 3 }
population: { transmission: 0.2, recovery: 0.3 }`);
    const a = runPop(scenario, 7).output.events;
    const b = runPop(scenario, 7).output.events;
    const c = runPop(scenario, 8).output.events;
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('spreads one hop per round along a ring when transmission is certain (SIR, infectious for one round)', () => {
    const { rounds, end } = runPop(scenarioOf(ring('population: { transmission: 1, recovery: 1 }')), 1);
    // Patient zero in round 0, then two new agents per round (one each way) until the fronts meet.
    expect(rounds.slice(0, 5).map((e) => e.newCompromised)).toEqual([1, 2, 2, 2, 2]);
    expect(rounds.slice(0, 5).map((e) => e.everCompromised)).toEqual([1, 3, 5, 7, 9]);
    expect(rounds[50]?.everCompromised).toBe(101);
    expect(rounds[59]).toMatchObject({ compromised: 0, recovered: 101, susceptible: 0 });
    // Patient zero infected two; every later agent one, except the last two, whose neighbours were taken.
    expect(end.cohortSize.slice(0, 3)).toEqual([1, 2, 2]);
    expect(end.cohortOffspring.slice(0, 3)).toEqual([2, 2, 2]);
    expect(end.cohortOffspring[50]).toBe(0);
  });

  it('never spreads without transmission, and a compromised agent recovers with probability 1 at once', () => {
    const { rounds } = runPop(scenarioOf(ring('population: { transmission: 0, recovery: 1, patientZeros: 4 }')), 2);
    expect(rounds[0]).toMatchObject({ newCompromised: 4, compromised: 0, recovered: 4, everCompromised: 4 });
    expect(rounds[59]).toMatchObject({ everCompromised: 4, susceptible: 97 });
  });

  it('holds infected agents in the exposed stage when latency is 0', () => {
    const { rounds } = runPop(scenarioOf(ring('population: { transmission: 1, latency: 0 }')), 1);
    expect(rounds[0]).toMatchObject({ compromised: 1, exposed: 2 });
    expect(rounds[10]).toMatchObject({ compromised: 1, exposed: 2, everCompromised: 1 });
  });

  it('delays spread with an exposed stage (latency 0.5 is slower than 1)', () => {
    const at = (latency: number) => runPop(scenarioOf(ring(`population: { transmission: 1, latency: ${latency} }`)), 4).rounds[20]?.everCompromised ?? 0;
    expect(at(0.5)).toBeLessThan(at(1));
    expect(at(0.5)).toBeGreaterThan(1);
  });

  it('quarantines a detected patient zero before it transmits', () => {
    const yaml = `${ring('population: { transmission: 1 }')}\narms: [{ name: x, defenses: [{ id: content-detector, config: { population: { detection: 1, falsePositive: 0 } } }, { id: quarantine }] }]`;
    const { output, rounds } = runPop(scenarioOf(yaml), 1);
    expect(rounds[0]).toMatchObject({ detected: 1, newQuarantined: 1, falseQuarantined: 0, quarantined: 1, compromised: 0 });
    expect(output.metrics['infected-fraction']).toBeCloseTo(1 / 101);
    expect(output.metrics['quarantined-agents']).toBe(1);
    expect(output.metrics['false-quarantined']).toBe(0);
  });

  it('counts false positives: isolated agents that were never compromised', () => {
    const yaml = `${ring('population: { transmission: 0 }')}\narms: [{ name: x, defenses: [{ id: content-detector, config: { population: { detection: 0, falsePositive: 1 } } }, { id: quarantine }] }]`;
    const { output, rounds } = runPop(scenarioOf(yaml), 1);
    expect(rounds[0]).toMatchObject({ falseFlags: 100, newQuarantined: 100, falseQuarantined: 100, compromised: 1 });
    expect(output.metrics['false-quarantined']).toBe(100);
  });

  it('flags without containment only count', () => {
    const yaml = `${ring('population: { transmission: 1, recovery: 1 }')}\narms: [{ name: x, defenses: [{ id: content-detector, config: { population: { detection: 1, falsePositive: 0 } } }] }]`;
    const { output, rounds } = runPop(scenarioOf(yaml), 1);
    expect(rounds[0]?.detected).toBe(1);
    expect(output.metrics['quarantined-agents']).toBe(0);
    expect(output.metrics['infected-fraction']).toBe(1);
  });

  it('multiplies transmission by the tagging factor', () => {
    const yaml = (tagging: string) => `
id: t
rounds: 40
engine: population
agents: { count: 20000 }
topology: { kind: erdos-renyi, meanDegree: 6 }
population: { transmission: 0.4, recovery: 1, patientZeros: 20 }
arms: [{ name: x, defenses: [${tagging}] }]`;
    const plain = runPop(scenarioOf(yaml('')), 1).output.metrics['infected-fraction'] as number;
    // T = 0.4 * 0.25 = 0.1, c·T = 0.6 < 1: below the threshold.
    const tagged = runPop(scenarioOf(yaml('{ id: provenance-tagging }')), 1).output;
    expect(tagged.params?.transmission).toBeCloseTo(0.1);
    expect(plain).toBeGreaterThan(0.8);
    expect(tagged.metrics['infected-fraction'] as number).toBeLessThan(0.02);
  });

  it('edge pruning cuts the flagged agent\u2019s edges: it stops transmitting, the cut edges are counted', () => {
    const { output, rounds } = runWithEffect(ring('population: { transmission: 1 }'), { detection: 1, onFlag: 'prune-edges' });
    expect(rounds[0]).toMatchObject({ detected: 1, edgesCut: 2, newQuarantined: 0 });
    expect(output.metrics['infected-fraction']).toBeCloseTo(1 / 101);
    expect(output.metrics['edges-cut']).toBe(2);
  });

  it('memory sanitisation raises recovery, and diversity shields the resistant agents', () => {
    const boosted = runWithEffect(ring('population: { transmission: 0, recovery: 0 }'), { recoveryBoost: 1 });
    expect(boosted.output.params?.recovery).toBe(1);
    expect(boosted.rounds[0]).toMatchObject({ compromised: 0, recovered: 1 });
    const immune = runWithEffect(ring('population: { transmission: 1 }'), { resistantFraction: 1, resistantFactor: 0 });
    expect(immune.output.metrics['infected-fraction']).toBeCloseTo(1 / 101);
    const end = immune.output.events.find((e) => e.type === 'population-end');
    expect(end).toMatchObject({ resistant: 101 });
  });

  it('SIS: recovered agents can be compromised again, and are counted once in the ever-compromised total', () => {
    const { rounds } = runPop(scenarioOf(ring('population: { transmission: 1, recovery: 1, reinfection: true }', 11)), 1);
    // A wave around an 11-ring: the neighbours of recovered agents are susceptible again, so it never ends.
    expect(rounds[59]?.everCompromised).toBe(11);
    expect(rounds.slice(20).every((e) => e.compromised + e.exposed > 0)).toBe(true);
    expect(rounds.slice(20).reduce((s, e) => s + e.newCompromised, 0)).toBeGreaterThan(11);
  });

  it('rejects a defense without a population-level form and a calibration without the arm', () => {
    const scenario = scenarioOf(ring('population: {}'));
    const registries = createRegistries();
    const bare = { ...registries.defenses.get('quarantine'), id: 'bare', population: undefined };
    const defenses = new Registry<DefenseDefinition<unknown>>('defense', [bare]);
    // Each is the run's recorded outcome (loading the scenario reports both before anything runs).
    const bareRun = runPopulationEngine({ scenario, seed: 1, arm: 'x', defenses: [{ id: 'bare', config: {} }], registries: { ...registries, defenses } });
    expect(bareRun.status).toBe('error');
    expect(bareRun.error?.message).toMatch(/no population-level form/);
    expect(bareRun.events).toHaveLength(1);
    const calibration = { kind: 'masec-calibration' as const, version: 1 as const, scenario: 'w', scenarioHash: 'h', agents: 10, seeds: [1], arms: {} };
    const uncalibrated = runPopulationEngine({ scenario, seed: 1, arm: 'x', defenses: [], registries, calibration });
    expect(uncalibrated.status).toBe('error');
    expect(uncalibrated.error?.message).toMatch(/has no arm 'x'/);
  });
});

describe('composeEffects', () => {
  it('multiplies transmission, combines detection as independent chances, adds recovery and keeps the strongest action', () => {
    const e = composeEffects([
      { transmissionFactor: 0.5, detection: 0.5, falsePositive: 0.1, onFlag: 'prune-edges', recoveryBoost: 0.7 },
      { transmissionFactor: 0.5, detection: 0.5, falsePositive: 0.1, onFlag: 'quarantine', recoveryBoost: 0.7 },
      {},
    ]);
    expect(e.transmissionFactor).toBeCloseTo(0.25);
    expect(e.detection).toBeCloseTo(0.75);
    expect(e.falsePositive).toBeCloseTo(0.19);
    expect(e.recoveryBoost).toBe(1);
    expect(e.onFlag).toBe('quarantine');
    expect(composeEffects([]).onFlag).toBe('none');
  });
});
