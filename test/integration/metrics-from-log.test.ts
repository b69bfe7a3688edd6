// The run digest covers the event log only (ADR 0002, ADR 0019). What makes that enough: a run's metrics
// and series are pure reducers over the log it stored, so the same digest and the same code give the same
// metrics. Checked on real runs of every built-in scenario (first and last arm, shrunk): the metrics
// reduced again from the stored, decoded log are the metrics the run reported.
import { describe, expect, it } from 'vitest';
import { decodeEventLog, executeRun, listBuiltinScenarios, loadScenarioFile } from '@masec/runner';
import { armsOf, computeMetrics, createRegistries, defaultMetrics } from '@masec/sim';
import { type EventLogView, resolveEngine } from '@masec/spec';
import { shrinkSets } from './shrink.js';

describe('metrics are reduced from the stored event log alone', () => {
  // Scenarios whose agents call a model need a server: worm-email-llm.test.ts runs them against the stub.
  for (const { name, path } of listBuiltinScenarios().filter(({ path }) => (loadScenarioFile(path).scenario.models ?? []).length === 0)) {
    it(`${name}: reducing the decoded log again gives the reported metrics and series`, async () => {
      const declared = loadScenarioFile(path).scenario;
      const engine = resolveEngine(declared);
      const sets = engine === 'population' ? ['agents.count=20000', 'rounds=20'] : engine === 'message' ? ['agents.count=40', 'rounds=8'] : shrinkSets(declared);
      const { scenario, baseDir } = loadScenarioFile(path, sets);
      const registries = createRegistries();
      const arms = armsOf(scenario);
      for (const arm of new Set([arms[0], arms[arms.length - 1]])) {
        if (arm === undefined) continue;
        const result = await executeRun({ scenario, arm: arm.name, seed: 1, baseDir, helperThread: false });
        expect(result.status, result.error ?? '').toBe('done');
        const events = decodeEventLog(result.eventLog);
        const start = events[0];
        if (start?.type !== 'run-start') throw new Error('the log does not start with run-start');
        const view: EventLogView = { events, rounds: scenario.rounds, agents: start.agents, benign: start.benign };
        const again = computeMetrics(view, scenario.metrics ?? defaultMetrics(scenario, registries), registries.metrics);
        expect(again.metrics).toEqual(result.metrics);
        expect(again.series).toEqual(result.series);
      }
    });
  }
});
