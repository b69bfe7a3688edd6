// Offline by default: a whole run — scenario loading, the engine, the shield, encoding — makes no network
// call. Every way out of the process (fetch, sockets, DNS, http) is replaced by a tripwire during the run.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { InMemoryResultsStore, SqliteResultsStore, executeRun, loadScenario, loadScenarioFile, runExperiment } from '@masec/runner';
import { StubServer } from '@masec/models/stub';
import { REPO_ROOT } from '../e2e/helpers.js';

const attempts: string[] = [];
const trip = (what: string) => () => {
  attempts.push(what);
  throw new Error(`network call attempted: ${what}`);
};

describe('offline by default', () => {
  beforeEach(() => {
    attempts.length = 0;
    vi.spyOn(globalThis, 'fetch').mockImplementation(trip('fetch'));
    vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(trip('net.Socket.connect'));
    vi.spyOn(net, 'createConnection').mockImplementation(trip('net.createConnection'));
    vi.spyOn(dns, 'lookup').mockImplementation(trip('dns.lookup'));
    vi.spyOn(http, 'request').mockImplementation(trip('http.request'));
    vi.spyOn(https, 'request').mockImplementation(trip('https.request'));
  });
  afterEach(() => vi.restoreAllMocks());

  it('runs the built-in worm scenario with every defense and touches no network', async () => {
    const { scenario, baseDir } = loadScenarioFile('worm-email', ['agents.count=60', 'rounds=6']);
    for (const arm of scenario.arms ?? []) {
      const result = await executeRun({ scenario, arm: arm.name, seed: 4, baseDir });
      expect(result.status).toBe('done');
    }
    expect(attempts).toEqual([]);
  });

  it('runs an experiment of a scenario without models through the runner (store, pool) and opens no socket', async () => {
    const loaded = await loadScenario('worm-email', ['agents.count=40', 'rounds=4']);
    const result = await runExperiment({ scenario: loaded.scenario, source: loaded.source, baseDir: loaded.baseDir, seeds: [1], store: new InMemoryResultsStore(), workers: 0, plugins: loaded.plugins.urls });
    expect(result.failed).toBe(0);
    expect(result.modelSpend).toBeUndefined();
    expect(attempts).toEqual([]);
  });

  it('replays a scenario with models from the store and opens no socket (the models are not called)', async () => {
    vi.restoreAllMocks(); // the first run asks the stub over loopback
    const stub = await StubServer.start({ behaviour: { kind: 'obedient' } });
    const loaded = await loadScenario(join(REPO_ROOT, 'test/fixtures/models/stub-mail.yaml'), [`models[0].baseUrl=${stub.baseUrl('openai-compatible')}`]);
    const store = SqliteResultsStore.open(':memory:');
    const options = { scenario: loaded.scenario, source: loaded.source, baseDir: loaded.baseDir, seeds: [1], store, workers: 0, plugins: loaded.plugins.urls };
    try {
      expect((await runExperiment(options)).failed).toBe(0);
    } finally {
      await stub.close();
    }
    vi.spyOn(globalThis, 'fetch').mockImplementation(trip('fetch'));
    vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(trip('net.Socket.connect'));
    vi.spyOn(http, 'request').mockImplementation(trip('http.request'));
    const replayed = await runExperiment({ ...options, force: true, models: { cache: 'replay' } });
    expect(replayed.failed).toBe(0);
    expect(attempts).toEqual([]);
    await store.close();
  });

  it('the tripwires work (a fetch and a socket are caught)', () => {
    expect(() => fetch('http://127.0.0.1:9/')).toThrow(/network call attempted: fetch/);
    expect(() => new net.Socket().connect(9, '127.0.0.1')).toThrow(/network call attempted: net.Socket.connect/);
    expect(attempts).toEqual(['fetch', 'net.Socket.connect']);
  });
});
