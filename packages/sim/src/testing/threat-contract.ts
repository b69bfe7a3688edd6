/**
 * The contract every threat meets, as a reusable vitest suite: `runThreatContract(definition, cases)`. Built-in
 * threats run it from `threats/contract.test.ts`; a plugin's threats can run it too.
 *
 * On every engine the threat declares, its judge must agree with the metric it names (`judgeMetric`): the
 * judge's score equals that metric's value clipped to [0, 1] (0 where the metric is undefined), for every arm and
 * seed given, and its verdict is the same for the same seed (ADR 0018).
 */
import { describe, expect, it } from 'vitest';
import { ENGINES, type EngineKind, type PluginRegistries, type Scenario, type ThreatDefinition, resolveEngine } from '@masec/spec';
import { testServices } from '@masec/defenses/testing';
import { armsOf, runScenario } from '../run/run-scenario.js';

export interface ThreatContractCases {
  /** A scenario using the threat, for each engine it declares (kept small: each arm runs for every seed). */
  scenarios: Partial<Record<EngineKind, Scenario>>;
  registries: PluginRegistries;
  /** Seeds each arm runs with (default: 1 and 2). */
  seeds?: readonly number[];
  /** Reads files the scenarios name (edge lists, calibration files). */
  readText?: (path: string) => string;
}

export function runThreatContract(definition: ThreatDefinition<unknown, unknown>, cases: ThreatContractCases): void {
  describe(`threat contract: ${definition.id}`, () => {
    const seeds = cases.seeds ?? [1, 2];

    it('is plain registry data: kebab-case id, v1, a family, metrics that exist, engines, and a judge metric among them', () => {
      expect(definition.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(definition.specVersion).toBe('v1');
      expect(definition.description.length).toBeGreaterThan(10);
      expect(['propagation', 'coordination', 'protocol']).toContain(definition.family);
      expect(definition.engines.length).toBeGreaterThan(0);
      for (const engine of definition.engines) expect(ENGINES).toContain(engine);
      for (const id of definition.metrics) expect(cases.registries.metrics.has(id), `metric '${id}'`).toBe(true);
      expect(cases.registries.metrics.has(definition.judgeMetric), `judge metric '${definition.judgeMetric}'`).toBe(true);
      expect(definition.configSchema.safeParse({ notAField: 1 }).success).toBe(false);
      expect(() => definition.create(definition.configSchema.parse({}), testServices())).not.toThrow();
    });

    it('has a scenario for every engine it declares, and none for another', () => {
      expect(Object.keys(cases.scenarios).sort()).toEqual([...definition.engines].sort());
      for (const [engine, scenario] of Object.entries(cases.scenarios)) {
        expect(resolveEngine(scenario), `the ${engine} scenario '${scenario.id}'`).toBe(engine);
        expect(scenario.threats.map((t) => t.id)).toContain(definition.id);
      }
    });

    for (const engine of definition.engines) {
      const scenario = cases.scenarios[engine];
      if (scenario === undefined) continue; // reported by the test above
      it(`on the ${engine} engine, its judge's score is its metric '${definition.judgeMetric}' for every arm and seed, the same each time`, async () => {
        let successes = 0;
        for (const arm of armsOf(scenario)) {
          for (const seed of seeds) {
            const run = () => runScenario(scenario, { seed, arm: arm.name, registries: cases.registries, ...(cases.readText === undefined ? {} : { readText: cases.readText }) });
            const out = await run();
            const where = `${engine} ${scenario.id} arm ${arm.name} seed ${seed}`;
            expect(out.status, `${where}: ${out.error?.message ?? ''}`).toBe('ok');
            const verdict = out.judges[definition.id];
            expect(verdict, where).toBeDefined();
            if (verdict === undefined) continue;
            expect(out.metrics, `${where}: the scenario's metrics must include the judge metric`).toHaveProperty([definition.judgeMetric]);
            // A score is in [0, 1]: it is the metric clipped to that range (a profit gain may fall below 0).
            const metric = Math.min(1, Math.max(0, out.metrics[definition.judgeMetric] ?? 0));
            expect(verdict.score, `${where}: judge score vs ${definition.judgeMetric}`).toBeCloseTo(metric, 12);
            expect(verdict.score).toBeGreaterThanOrEqual(0);
            expect(verdict.score).toBeLessThanOrEqual(1);
            expect(verdict.summary.length).toBeGreaterThan(0);
            if (verdict.success) successes++;
            expect((await run()).judges[definition.id]).toEqual(verdict);
          }
        }
        // Some run must show the attack succeeding, or the comparison says nothing about success.
        expect(successes, `${engine}: no run where the attack succeeded`).toBeGreaterThan(0);
      });
    }
  });
}
