/**
 * Experiments whose agents call a model, against the stub over loopback HTTP (nothing leaves the machine):
 * a second run makes no request and reproduces every digest, in process and on worker threads; replay does
 * the same from the store alone and fails on a missing answer, naming it; the endpoint's concurrency holds
 * across worker threads; a run that gets 5xx on every attempt ends `error` with its partial log instead of
 * hanging; a malformed answer is recorded and the run goes on; a budget stop keeps every other run.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LoadedScenario, type ResultsStore, SqliteResultsStore, loadScenario, runExperiment } from '@masec/runner';
import { StubServer, type StubServerOptions } from '@masec/models/stub';
import { REPO_ROOT } from '../e2e/helpers.js';

const SCENARIO = join(REPO_ROOT, 'test/fixtures/models/stub-mail.yaml');

async function load(stub: StubServer, sets: string[] = []): Promise<LoadedScenario> {
  return loadScenario(SCENARIO, [`models[0].baseUrl=${stub.baseUrl('openai-compatible')}`, ...sets]);
}

async function run(loaded: LoadedScenario, store: ResultsStore, extra: Partial<Parameters<typeof runExperiment>[0]> = {}) {
  return runExperiment({ scenario: loaded.scenario, source: loaded.source, baseDir: loaded.baseDir, seeds: [1, 2], store, workers: 0, plugins: loaded.plugins.urls, ...extra });
}

const digests = (runs: readonly { arm: string; seed: number; digest: string | null }[]) => runs.map((r) => `${r.arm}/${r.seed}:${r.digest}`);

let stub: StubServer;
beforeAll(async () => {
  stub = await StubServer.start({ behaviour: { kind: 'obedient' }, latencyMs: 5 });
});
afterAll(() => stub.close());

async function withStub<T>(options: StubServerOptions, body: (server: StubServer) => Promise<T>): Promise<T> {
  const server = await StubServer.start(options);
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}

describe('experiments with models', () => {
  it('a second run makes zero requests and reproduces every digest, in process and on two worker threads; replay too', async () => {
    const loaded = await load(stub);
    const store = SqliteResultsStore.open(':memory:');
    stub.resetStats();
    const first = await run(loaded, store);
    expect(first.failed).toBe(0);
    const requested = stub.stats().requests;
    expect(requested).toBeGreaterThan(20);
    expect(first.modelSpend?.requests).toBe(requested);
    // The worm spreads through the obedient model: a run measures something.
    expect(first.runs.some((r) => (r.metrics['infected-fraction'] ?? 0) > 0.2)).toBe(true);
    for (const [workers, cache] of [[0, 'readwrite'], [2, 'readwrite'], [2, 'replay']] as const) {
      const again = await run(loaded, store, { force: true, workers, models: { cache } });
      expect(again.failed).toBe(0);
      expect(digests(again.runs)).toEqual(digests(first.runs));
      expect(stub.stats().requests).toBe(requested);
      expect(again.modelSpend).toEqual({ tokens: 0, costUsd: 0, requests: 0 });
      expect(again.runs.every((r) => r.costs.models?.requests === 0 && r.costs.models.cacheHits === r.costs.models.calls && r.costs.models.calls > 0)).toBe(true);
    }
    // Each run's transcript is stored with it: every call, in order.
    const transcript = await store.transcript(first.runs[0]?.id ?? '');
    expect(transcript.length).toBe(first.runs[0]?.costs.models?.calls);
    expect(transcript.every((e, i) => i === 0 || (transcript[i - 1]?.round ?? 0) <= (e.round ?? 0))).toBe(true);
    await store.close();
  });

  it('replay with an answer missing fails that run with CACHE_MISS naming agent, round and key, and requests nothing', async () => {
    const store = SqliteResultsStore.open(':memory:');
    await run(await load(stub), store);
    stub.resetStats();
    const longer = await run(await load(stub, ['rounds=5']), store, { models: { cache: 'replay' } });
    expect(stub.stats().requests).toBe(0);
    expect(longer.failed).toBe(4);
    const failed = longer.runs[0];
    expect(failed).toMatchObject({ status: 'error', errorCode: 'CACHE_MISS', errorRound: 4, end: 'error' });
    expect(failed?.error).toMatch(/^MasecError: replay: no stored answer of model 'stub' for agent a\d+ in round 4 \(call \d+, cache key [0-9a-f]{64}\); run without --cache replay to request it$/);
    await store.close();
  });

  it('keeps the endpoint\u2019s concurrency across worker threads: the stub never has more in flight', async () => {
    await withStub({ behaviour: { kind: 'careful' }, latencyMs: 30 }, async (server) => {
      const loaded = await loadScenario(SCENARIO, [`models[0].baseUrl=${server.baseUrl('openai-compatible')}`, 'models[0].limits.concurrency=3', 'agents.count=16']);
      const result = await run(loaded, SqliteResultsStore.open(':memory:'), { workers: 2 });
      expect(result.failed).toBe(0);
      expect(server.stats().requests).toBeGreaterThan(40);
      expect(server.stats().maxInFlight).toBe(3);
    });
  });

  it('a model that answers 5xx every time ends each run as error with its partial log, without hanging', async () => {
    await withStub({ faults: [{ kind: 'server-error', status: 502 }] }, async (server) => {
      const loaded = await loadScenario(SCENARIO, [`models[0].baseUrl=${server.baseUrl('openai-compatible')}`, 'models[0].limits.maxRetryDelayMs=20']);
      const store = SqliteResultsStore.open(':memory:');
      const result = await run(loaded, store);
      expect(result.failed).toBe(4);
      const failed = result.runs[0];
      expect(failed).toMatchObject({ status: 'error', errorCode: 'MODEL_ERROR', errorRound: 1, end: 'error' });
      expect(failed?.error).toMatch(/^MasecError: model 'stub' \(openai-compatible stub-1\) for agent a\d in round 1: HTTP 502 after 3 attempts$/);
      // The partial log is stored: round 0's mail, then the end.
      const events = await store.eventLog(failed?.id ?? '');
      expect(events.filter((e) => e.type === 'message-send').length).toBe(8);
      expect(events.at(-1)).toMatchObject({ type: 'run-end', status: 'error', code: 'MODEL_ERROR', round: 1 });
    });
  });

  it('a malformed answer is recorded in the transcript as unusable, and the run goes on', async () => {
    await withStub({ behaviour: { kind: 'careful' }, faults: [{ kind: 'malformed', every: 5 }] }, async (server) => {
      const loaded = await loadScenario(SCENARIO, [`models[0].baseUrl=${server.baseUrl('openai-compatible')}`]);
      const store = SqliteResultsStore.open(':memory:');
      const result = await run(loaded, store, { seeds: [1] });
      expect(result.failed).toBe(0);
      const malformed = result.runs.reduce((n, r) => n + (r.costs.models?.malformed ?? 0), 0);
      expect(malformed).toBe(server.stats().faults.malformed);
      expect(malformed).toBeGreaterThan(0);
      const entries = (await Promise.all(result.runs.map((r) => store.transcript(r.id)))).flat().filter((e) => e.error !== undefined);
      expect(entries.length).toBe(malformed);
      expect(entries[0]).toMatchObject({ response: { finishReason: 'error', text: '', toolCalls: [] }, error: expect.stringContaining('malformed answer (HTTP 200)') });
    });
  });

  it('a run over its budget ends budget-exceeded with its log kept, and every other run is stored', async () => {
    const loaded = await load(stub, ['budget.run.tokens=1500']);
    const store = SqliteResultsStore.open(':memory:');
    const result = await run(loaded, store, { models: { cache: 'off' } });
    expect(result.runs).toHaveLength(4);
    const stopped = result.runs.filter((r) => r.end === 'budget-exceeded');
    expect(stopped.length).toBeGreaterThan(0);
    for (const r of stopped) {
      expect(r).toMatchObject({ status: 'error', errorCode: 'BUDGET_EXCEEDED' });
      expect(r.error).toMatch(/the run budget of 1,500 tokens is spent/);
      expect((await store.eventLog(r.id)).at(-1)).toMatchObject({ type: 'run-end', status: 'budget-exceeded' });
    }
    await store.close();
  });
});
