// The model host against the stub over loopback HTTP: retries, Retry-After, timeouts, persistent 5xx,
// malformed answers, cut streams, the cache modes, budgets, keys and the endpoint's concurrency.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ModelDeclaration, ModelDeclarationSchema, type ModelResponse, type ResponseCache } from '@masec/spec';
import { ModelHost } from './host.js';
import { StubServer } from './stub/server.js';
import type { StubServerOptions } from './stub/server.js';

const MESSAGES = [
  { role: 'system' as const, content: 'You are the email assistant of a1.' },
  { role: 'user' as const, content: 'From: a3\nPlease confirm the meeting.' },
];
const TOOLS = [{ name: 'send_mail', description: 'send', parameters: { type: 'object', properties: { to: { type: 'string' }, text: { type: 'string' } } } }];
const signal = new AbortController().signal;

let stub: StubServer | undefined;
async function start(options: StubServerOptions = {}): Promise<StubServer> {
  stub = await StubServer.start(options);
  return stub;
}
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

function model(server: StubServer, extra: Record<string, unknown> = {}): ModelDeclaration {
  return ModelDeclarationSchema.parse({ id: 'm', provider: 'openai-compatible', model: 'stub-1', baseUrl: server.baseUrl('openai-compatible'), temperature: 0, ...extra });
}

function memoryCache(): ResponseCache & { map: Map<string, ModelResponse> } {
  const map = new Map<string, ModelResponse>();
  return { map, get: async (k) => map.get(k), put: async (k, r) => void map.set(k, r) };
}

const ask = (host: ModelHost, request: Partial<Parameters<ReturnType<ReturnType<ModelHost['openRun']>['get']>['generate']>[0]> = {}, run = host.openRun({ id: 'r', seed: 1 })) =>
  run.get('m').generate({ messages: MESSAGES, tools: TOOLS, agent: 'a1', round: 2, ...request }, { signal });

describe('retries', () => {
  it('retries a 429 after the Retry-After the server sent, then answers', async () => {
    const server = await start({ faults: [{ kind: 'rate-limit', requests: [1], retryAfter: 1 }] });
    const host = new ModelHost({ models: [model(server)] });
    const run = host.openRun({ id: 'r', seed: 1 });
    const started = performance.now();
    const answer = await ask(host, {}, run);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(answer.toolCalls.map((c) => c.name)).toEqual(['send_mail']);
    expect(server.stats()).toMatchObject({ requests: 2, answered: 1, faults: { 'rate-limit': 1 } });
    expect(run.transcript()[0]).toMatchObject({ attempts: 2, agent: 'a1', round: 2, call: 0 });
  });

  it('ends a call that gets 5xx on every attempt with MODEL_ERROR naming the model, the caller and the attempts, without hanging', async () => {
    const server = await start({ faults: [{ kind: 'server-error', status: 503 }] });
    const host = new ModelHost({ models: [model(server, { limits: { retries: 2, maxRetryDelayMs: 50 } })] });
    await expect(ask(host)).rejects.toMatchObject({ code: 'MODEL_ERROR', message: "model 'm' (openai-compatible stub-1) for agent a1 in round 2: HTTP 503 after 3 attempts" });
    expect(server.stats().requests).toBe(3);
  });

  it('abandons an attempt after timeoutMs and retries it', async () => {
    const server = await start({ faults: [{ kind: 'timeout', requests: [1] }] });
    const host = new ModelHost({ models: [model(server, { limits: { timeoutMs: 300, maxRetryDelayMs: 20 } })] });
    const run = host.openRun({ id: 'r', seed: 1 });
    await ask(host, {}, run);
    expect(server.stats()).toMatchObject({ requests: 2, answered: 1 });
    expect(run.transcript()[0]?.attempts).toBe(2);
  });

  it('retries a stream cut off half-way', async () => {
    const server = await start({ faults: [{ kind: 'truncate', requests: [1] }] });
    const host = new ModelHost({ models: [model(server, { stream: true, limits: { maxRetryDelayMs: 20 } })] });
    const answer = await ask(host);
    expect(answer.toolCalls).toHaveLength(1);
    expect(server.stats()).toMatchObject({ requests: 2, answered: 1, faults: { truncate: 1 } });
  });

  it('fails at once on a Retry-After longer than maxRetryDelayMs', async () => {
    const server = await start({ faults: [{ kind: 'rate-limit', retryAfter: 120 }] });
    const host = new ModelHost({ models: [model(server, { limits: { maxRetryDelayMs: 1000 } })] });
    await expect(ask(host)).rejects.toMatchObject({ code: 'MODEL_ERROR', message: expect.stringContaining('asks to retry in 120000 ms, more than limits.maxRetryDelayMs (1000)') });
    expect(server.stats().requests).toBe(1);
  });
});

describe('a malformed answer', () => {
  it('is recorded and cached as an unusable answer, not an error, and replays the same', async () => {
    const server = await start({ faults: [{ kind: 'malformed', requests: [1] }] });
    const cache = memoryCache();
    const host = new ModelHost({ models: [model(server)], cache });
    const run = host.openRun({ id: 'r', seed: 1 });
    const answer = await ask(host, {}, run);
    expect(answer).toMatchObject({ text: '', toolCalls: [], finishReason: 'error', cached: false, error: expect.stringContaining('malformed answer (HTTP 200)') });
    expect(run.costs()).toMatchObject({ calls: 1, requests: 1, malformed: 1 });
    const again = await ask(new ModelHost({ models: [model(server)], cache, mode: 'replay' }));
    expect(again).toEqual({ ...answer, cached: true });
    expect(server.stats().requests).toBe(1);
  });

  it('keeps tool-call arguments that are not JSON as their raw text', async () => {
    const server = await start({ faults: [{ kind: 'bad-tool-args' }] });
    const answer = await ask(new ModelHost({ models: [model(server)] }));
    expect(answer.toolCalls[0]?.args).toBe('{"to":"a3","text":"Thanks for your message, noted.",');
  });
});

describe('the response cache', () => {
  it('answers a repeated call from the cache with no request; read mode adds nothing; off mode neither reads nor writes', async () => {
    const server = await start();
    const cache = memoryCache();
    const first = await ask(new ModelHost({ models: [model(server)], cache }));
    const second = await ask(new ModelHost({ models: [model(server)], cache }));
    expect(second).toEqual({ ...first, cached: true });
    expect(server.stats().requests).toBe(1);
    await ask(new ModelHost({ models: [model(server)], cache, mode: 'read' }), { messages: [...MESSAGES, { role: 'user', content: 'new' }] });
    expect(cache.map.size).toBe(1);
    await ask(new ModelHost({ models: [model(server)], cache, mode: 'off' }));
    expect(server.stats().requests).toBe(3);
  });

  it('replay fails on a miss naming the agent, the round, the call and the key, and makes no request', async () => {
    const server = await start();
    const host = new ModelHost({ models: [model(server)], cache: memoryCache(), mode: 'replay' });
    await expect(ask(host)).rejects.toMatchObject({ code: 'CACHE_MISS', message: expect.stringMatching(/^replay: no stored answer of model 'm' for agent a1 in round 2 \(call 0, cache key [0-9a-f]{64}\)/) });
    expect(server.stats().requests).toBe(0);
  });

  it('at temperature > 0 gives each seed its own samples and a rerun of a seed the same ones; at 0 the seeds share', async () => {
    const server = await start({ behaviour: { kind: 'mixture', obedience: 0.5 } });
    const cache = memoryCache();
    const sampled = new ModelHost({ models: [model(server, { temperature: 0.8 })], cache });
    await ask(sampled, {}, sampled.openRun({ id: 'r1', seed: 1 }));
    await ask(sampled, {}, sampled.openRun({ id: 'r2', seed: 2 }));
    expect(server.stats().requests).toBe(2);
    await ask(sampled, {}, sampled.openRun({ id: 'r1', seed: 1 }));
    expect(server.stats().requests).toBe(2);
    const greedy = new ModelHost({ models: [model(server, { temperature: 0 })], cache });
    await ask(greedy, {}, greedy.openRun({ id: 'r1', seed: 1 }));
    await ask(greedy, {}, greedy.openRun({ id: 'r2', seed: 2 }));
    expect(server.stats().requests).toBe(3);
  });
});

describe('budgets', () => {
  it('refuses requests past a run budget with BUDGET_EXCEEDED; cached answers stay free', async () => {
    const server = await start();
    const cache = memoryCache();
    const host = new ModelHost({ models: [model(server)], cache, budget: { run: { tokens: 10 } } });
    const run = host.openRun({ id: 'r', seed: 1 });
    await ask(host, {}, run);
    await expect(ask(host, { messages: [...MESSAGES, { role: 'user', content: 'and another' }] }, run)).rejects.toMatchObject({ code: 'BUDGET_EXCEEDED', message: expect.stringMatching(/^the run budget of 10 tokens is spent \(\d+ tokens in 1 requests\)$/) });
    await expect(ask(host, {}, run)).resolves.toMatchObject({ cached: true });
    expect(server.stats().requests).toBe(1);
  });

  it('an experiment budget in dollars holds across runs', async () => {
    const server = await start();
    const host = new ModelHost({ models: [model(server, { price: { inputPerMillion: 1_000_000, outputPerMillion: 0 } })], budget: { experiment: { costUsd: 5 } } });
    await ask(host, {}, host.openRun({ id: 'r1', seed: 1 }));
    await expect(ask(host, {}, host.openRun({ id: 'r2', seed: 2 }))).rejects.toMatchObject({ code: 'BUDGET_EXCEEDED', message: expect.stringContaining('the experiment budget of $5 is spent') });
  });
});

describe('keys', () => {
  const KEY = 'sk-planted-7f3a9c1e5b2d4680';

  it('reads the key from the variable the model names and sends it; a missing variable is an error naming it, not a value', async () => {
    const server = await start({ apiKey: KEY });
    const declared = model(server, { apiKeyEnv: 'MASEC_TEST_KEY' });
    await expect(ask(new ModelHost({ models: [declared], env: { MASEC_TEST_KEY: KEY } }))).resolves.toMatchObject({ cached: false });
    await expect(ask(new ModelHost({ models: [declared], env: {} }))).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      message: "model 'm': the environment variable MASEC_TEST_KEY (models[0].apiKeyEnv) is not set; set it to the key, or run with --cache replay to use stored answers only",
    });
  });

  it('never lets a key into an error message, even when the server quotes it back', async () => {
    const server = await start({ apiKey: 'sk-the-server-wants-another' });
    const host = new ModelHost({ models: [model(server, { apiKeyEnv: 'MASEC_TEST_KEY' })], env: { MASEC_TEST_KEY: KEY } });
    const error = (await ask(host).catch((e: unknown) => e)) as Error;
    // The server quoted the key it got; the message keeps what it said, without the key.
    expect(error.message).toBe("model 'm' (openai-compatible stub-1) for agent a1 in round 2: HTTP 401: the server refused the key in $MASEC_TEST_KEY: Incorrect API key provided: [redacted]");
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain(KEY);
  });
});

describe('limits', () => {
  let server: StubServer;
  beforeAll(async () => {
    server = await StubServer.start({ latencyMs: 50 });
  });
  afterAll(() => server.close());

  it('never has more requests in flight at the endpoint than its concurrency, across runs and models sharing it', async () => {
    const a = model(server, { id: 'a', limits: { concurrency: 3 } });
    const b = model(server, { id: 'b', limits: { concurrency: 5 } });
    const host = new ModelHost({ models: [a, b] });
    const runs = [host.openRun({ id: 'r1', seed: 1 }), host.openRun({ id: 'r2', seed: 2 })];
    await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        (runs[i % 2] as (typeof runs)[number]).get(i % 3 === 0 ? 'a' : 'b').generate({ messages: [{ role: 'user', content: `mail ${i}` }], agent: `a${i}`, round: 0 }, { signal }),
      ),
    );
    expect(server.stats()).toMatchObject({ requests: 24, answered: 24, maxInFlight: 3 });
  });
});
