// Offline by default: a whole run — scenario loading, the engine, the shield, encoding — makes no network
// call. Every way out of the process (fetch, sockets, DNS, http) is replaced by a tripwire during the run.
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { executeRun, loadScenarioFile } from '@masec/runner';

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

  it('the tripwires work (a fetch and a socket are caught)', () => {
    expect(() => fetch('http://127.0.0.1:9/')).toThrow(/network call attempted: fetch/);
    expect(() => new net.Socket().connect(9, '127.0.0.1')).toThrow(/network call attempted: net.Socket.connect/);
    expect(attempts).toEqual(['fetch', 'net.Socket.connect']);
  });
});
