/**
 * ADR 0095 end to end: the built-in `worm-email-llm` against the stub over loopback HTTP gives the same run
 * digests, requests and transcripts whether whole answers go through the provider's doGenerate (the default)
 * or through the AI SDK's generateText, with an agent's replies of a round and the round's agents in flight
 * together (the stub sees more than one request at once). With one agent acting at a time, an agent's
 * replies of a round still go out together.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteResultsStore, builtinScenarioDir, loadScenario, runExperiment } from '@masec/runner';
import { AiSdkTransport } from '@masec/models';
import { StubServer } from '@masec/models/stub';

let stub: StubServer;
beforeAll(async () => {
  stub = await StubServer.start({ behaviour: { kind: 'by-model' }, latencyMs: 5 });
});
afterAll(() => stub.close());

describe('whole answers through doGenerate or generateText', () => {
  it('give the same digests, requests and transcripts, with calls in flight together', async () => {
    const url = stub.baseUrl('openai-compatible');
    const loaded = await loadScenario(`${builtinScenarioDir()}/worm-email-llm.yaml`, [0, 1, 2].map((i) => `models[${i}].baseUrl=${url}`).concat(['rounds=6']));
    const outcome = async (transport?: AiSdkTransport) => {
      const store = SqliteResultsStore.open(':memory:');
      try {
        stub.resetStats();
        const result = await runExperiment({
          scenario: loaded.scenario,
          source: loaded.source,
          baseDir: loaded.baseDir,
          seeds: [1, 2],
          arms: ['obedient-none', 'careful-tagging'],
          store,
          workers: 0,
          models: { cache: 'off', ...(transport === undefined ? {} : { transport }) },
        });
        expect(result.failed).toBe(0);
        const transcripts = await Promise.all(result.runs.map((r) => store.transcript(r.id)));
        return {
          digests: result.runs.map((r) => r.digest),
          requests: result.modelSpend?.requests,
          calls: transcripts.map((t) => t.map((e) => [e.round, e.agent, e.call, e.key, e.response.text, e.response.toolCalls, e.response.finishReason, e.response.usage])),
          maxInFlight: stub.stats().maxInFlight,
        };
      } finally {
        await store.close();
      }
    };
    const direct = await outcome();
    const viaSdk = await outcome(new AiSdkTransport(undefined, { viaGenerateText: true }));
    expect(direct.requests).toBeGreaterThan(50);
    expect(direct.calls.flat().some((c) => (c[5] as unknown[]).length > 0)).toBe(true);
    expect(direct.digests).toEqual(viaSdk.digests);
    expect(direct.requests).toBe(viaSdk.requests);
    expect(direct.calls).toEqual(viaSdk.calls);
    expect(direct.maxInFlight).toBeGreaterThan(1);
  }, 120_000);

  it("runs an agent's replies of a round at once, even with one agent acting at a time", async () => {
    const url = stub.baseUrl('openai-compatible');
    const loaded = await loadScenario(`${builtinScenarioDir()}/worm-email-llm.yaml`, [0, 1, 2].map((i) => `models[${i}].baseUrl=${url}`).concat(['rounds=6', 'concurrency=1']));
    const store = SqliteResultsStore.open(':memory:');
    stub.resetStats();
    const result = await runExperiment({ scenario: loaded.scenario, source: loaded.source, baseDir: loaded.baseDir, seeds: [1], arms: ['obedient-none'], store, workers: 0, models: { cache: 'off' } });
    await store.close();
    expect(result.failed).toBe(0);
    expect(stub.stats().maxInFlight).toBeGreaterThan(1);
  }, 60_000);
});
