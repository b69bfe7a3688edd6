/**
 * The `llm` policy as the memory-poisoning helpdesk assistant, on `scenarios/memory-poisoning-llm.yaml` against
 * the stub over loopback HTTP: the obedient model mails the requester's details to the attacker on every
 * triggered request that retrieves a poisoned record (ASR-t), judged from the mail it sent; hiding flagged
 * records — by the content detector or by the LLM classifier on `memory-read` — stops it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteResultsStore, builtinScenarioDir, loadScenario, runExperiment } from '@masec/runner';
import { StubServer } from '@masec/models/stub';

let stub: StubServer;
beforeAll(async () => {
  stub = await StubServer.start({ behaviour: { kind: 'by-model' } });
});
afterAll(() => stub.close());

describe('memory-poisoning-llm: the llm policy as a helpdesk assistant against the stub', () => {
  it('the obedient model takes the targeted action; a retrieval detector or the LLM classifier on memory-read stops it', async () => {
    const url = stub.baseUrl('openai-compatible');
    const loaded = await loadScenario(`${builtinScenarioDir()}/memory-poisoning-llm.yaml`, [0, 1, 2].map((i) => `models[${i}].baseUrl=${url}`).concat(['rounds=5']));
    const store = SqliteResultsStore.open(':memory:');
    const arms = ['obedient-none', 'obedient-retrieval-detector', 'obedient-classifier'];
    const result = await runExperiment({ scenario: loaded.scenario, source: loaded.source, baseDir: loaded.baseDir, seeds: [1, 2], arms, store, workers: 0 });
    expect(result.failed).toBe(0);
    const asrT = (arm: string) => result.runs.filter((r) => r.arm === arm).map((r) => r.metrics['asr-target']);
    expect(asrT('obedient-none').every((x) => (x ?? 0) > 0.5)).toBe(true);
    expect(asrT('obedient-retrieval-detector')).toEqual([0, 0]);
    expect(asrT('obedient-classifier')).toEqual([0, 0]);
    for (const run of result.runs.filter((r) => r.arm === 'obedient-none')) expect(run.judges['memory-poisoning']?.success).toBe(true);
    await store.close();
  }, 240_000);
});
