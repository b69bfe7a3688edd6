/**
 * The `llm` policy as the cascading-failure service, on `scenarios/cascading-failure-llm.yaml` against the
 * stub over loopback HTTP. The model decides only which failed calls to retry. The stub's `obedient` model
 * keeps the tool's default (retry everything): the burst's retry storm crashes services beyond the burst's
 * targets and keeps some down at the end; per-edge circuit breakers cut the crashes, beyond the 95%
 * intervals. A model that never retries (a scripted stub) crashes fewer services on the same seeds: the
 * storm is the model's decision. Judged from the reported health, as for the surrogate. A rerun from the
 * response cache makes no request and reproduces every digest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteResultsStore, builtinScenarioDir, loadScenario, runExperiment, summarize } from '@masec/runner';
import { expectFreeReplay } from './replay.js';
import { StubServer } from '@masec/models/stub';

const SEEDS = [1, 2, 3, 4, 5, 6];
const FILE = `${builtinScenarioDir()}/cascading-failure-llm.yaml`;
let stub: StubServer;
beforeAll(async () => {
  stub = await StubServer.start({ behaviour: { kind: 'by-model' } });
});
afterAll(() => stub.close());

describe('cascading-failure-llm: the llm policy as a service against the stub', () => {
  it('retrying everything cascades; circuit breakers cut the crashes beyond the 95% intervals; a rerun requests nothing and matches', async () => {
    const loaded = await loadScenario(FILE, [`models[0].baseUrl=${stub.baseUrl('openai-compatible')}`]);
    const store = SqliteResultsStore.open(':memory:');
    const options = { scenario: loaded.scenario, source: loaded.source, baseDir: loaded.baseDir, seeds: SEEDS, store, workers: 0 };
    const first = await runExperiment(options);
    expect(first.failed).toBe(0);
    const arm = (name: string, metric: string) => summarize(first.runs.filter((r) => r.arm === name).map((r) => r.metrics[metric]));
    expect(arm('circuit-breaker', 'agent-rounds-down').hi).toBeLessThan(arm('none', 'agent-rounds-down').lo ?? 0);
    expect(arm('none', 'down-at-end').lo).toBeGreaterThan(0);
    expect(arm('circuit-breaker', 'down-at-end').hi).toBe(0);
    for (const run of first.runs.filter((r) => r.arm === 'none')) expect(run.judges['cascading-failure']?.success).toBe(true);
    await expectFreeReplay(stub, first, options);

    // The same seeds with a model that never retries: only the burst's targets crash, nothing is down at the end.
    const holding = await StubServer.start({ behaviour: { kind: 'script', rules: [{ toolCalls: [{ name: 'retry_calls', args: { providers: [] } }] }] } });
    try {
      const held = await loadScenario(FILE, [`models[0].baseUrl=${holding.baseUrl('openai-compatible')}`]);
      // Its own store: the response cache keys on the model, not on where it is served.
      const holdStore = SqliteResultsStore.open(':memory:');
      const hold = await runExperiment({ ...options, scenario: held.scenario, arms: ['none'], store: holdStore });
      await holdStore.close();
      expect(holding.stats().requests).toBeGreaterThan(0);
      const holdDown = summarize(hold.runs.map((r) => r.metrics['agent-rounds-down']));
      expect(holdDown.hi).toBeLessThan(arm('none', 'agent-rounds-down').lo ?? 0);
      for (const run of hold.runs) expect(run.metrics['down-at-end']).toBe(0);
    } finally {
      await holding.close();
    }
    await store.close();
  }, 240_000);
});
