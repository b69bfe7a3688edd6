/**
 * The `llm` policy as the disinformation belief updater, on `scenarios/disinformation-llm.yaml` against the
 * stub over loopback HTTP (`by-model`): the obedient model adopts the answer the manipulative argument
 * pushes and repeats the argument, so the false answer cascades; the careful model under provenance tagging
 * keeps its own answer, beyond the 95% intervals. Judged from the reported `answer` states, by the same rule
 * as the `belief-update` surrogate. A rerun from the response cache makes no request and reproduces every
 * digest. A model that always reports its own answer (a scripted stub) is never misinformed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteResultsStore, builtinScenarioDir, loadScenario, runExperiment, summarize } from '@masec/runner';
import { expectFreeReplay } from './replay.js';
import { StubServer } from '@masec/models/stub';

const SEEDS = [1, 2, 3, 4, 5];
const FILE = `${builtinScenarioDir()}/disinformation-llm.yaml`;
let stub: StubServer;
beforeAll(async () => {
  stub = await StubServer.start({ behaviour: { kind: 'by-model' } });
});
afterAll(() => stub.close());

describe('disinformation-llm: the llm policy as a belief updater against the stub', () => {
  it('obedient is misinformed; careful under tagging is not, beyond the 95% intervals; a rerun requests nothing and matches', async () => {
    const url = stub.baseUrl('openai-compatible');
    const loaded = await loadScenario(FILE, [`models[0].baseUrl=${url}`, `models[1].baseUrl=${url}`]);
    const store = SqliteResultsStore.open(':memory:');
    const arms = ['obedient-none', 'careful-none', 'careful-tagging'];
    const options = { scenario: loaded.scenario, source: loaded.source, baseDir: loaded.baseDir, seeds: SEEDS, arms, store, workers: 0 };
    const first = await runExperiment(options);
    expect(first.failed).toBe(0);
    const misinformed = (arm: string) => summarize(first.runs.filter((r) => r.arm === arm).map((r) => r.metrics['misinformed-fraction']));
    const [obedient, carefulNone, carefulTagging] = arms.map(misinformed);
    for (const run of first.runs.filter((r) => r.arm === 'obedient-none')) expect(run.judges['disinformation']?.success).toBe(true);
    expect(carefulTagging?.hi).toBe(0);
    for (const spread of [obedient, carefulNone]) expect(spread?.lo).toBeGreaterThan(carefulTagging?.hi ?? 1);
    // The model was asked, every request is accounted for, and the manifest names where it was called.
    expect(first.runs[0]?.manifest.endpoints).toEqual({ obedient: { provider: 'openai-compatible', model: 'obedient', baseUrl: url } });
    await expectFreeReplay(stub, first, options);
    await store.close();
  }, 240_000);

  it('a model that always reports its own answer is never misinformed, without any defense', async () => {
    const steadfast = await StubServer.start({ behaviour: { kind: 'script', rules: [{ toolCalls: [{ name: 'report_answer', args: { answer: 'A' } }] }] } });
    try {
      const url = steadfast.baseUrl('openai-compatible');
      const loaded = await loadScenario(FILE, [`models[0].baseUrl=${url}`, `models[1].baseUrl=${url}`, 'rounds=4']);
      const store = SqliteResultsStore.open(':memory:');
      const result = await runExperiment({ scenario: loaded.scenario, source: loaded.source, baseDir: loaded.baseDir, seeds: [1, 2], arms: ['obedient-none'], store, workers: 0 });
      expect(result.failed).toBe(0);
      expect(steadfast.stats().requests).toBeGreaterThan(0);
      for (const run of result.runs) expect(run.metrics['misinformed-fraction']).toBe(0);
      await store.close();
    } finally {
      await steadfast.close();
    }
  }, 120_000);
});
