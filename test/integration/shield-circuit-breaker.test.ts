/**
 * `circuit-breaker` on live traffic: the gateway tells it when an agent fails a call — a 5xx answer, or no
 * answer in time — so after `failures` of them the edge caller → agent opens and calls are refused with
 * CIRCUIT_OPEN without reaching the agent; after the cool-down one probe goes through, and an answer closes
 * the breaker again. The agent here is a plain HTTP server speaking A2A JSON-RPC v0.3 that can be told to fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startShield, type TestShield } from '../shield/gateway.js';

const COOLDOWN_MS = 400;

describe('shield: circuit breakers see agents fail', () => {
  let server: Server;
  let shield: TestShield;
  let healthy = false;
  let hits = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        hits += 1;
        // A slow answer, for callers that give up before it comes.
        if (body.includes('take your time')) return void setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: 1, result: { kind: 'message', messageId: 'r-slow', role: 'agent', parts: [{ kind: 'text', text: 'done' }] } })), 300);
        if (!healthy) return void res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'overloaded' }));
        const id = (JSON.parse(body) as { id: number }).id;
        if (body.includes('answer with a bare task')) return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id, result: { kind: 'task', id: 't-1', contextId: 'c-1', status: { state: 'completed' } } }));
        if (body.includes('answer with an error')) return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id, error: { code: -32001, message: 'task not found' } }));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id, result: { kind: 'message', messageId: `r-${id}`, role: 'agent', parts: [{ kind: 'text', text: 'done' }] } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    shield = await startShield({
      agents: [
        { id: 'billing', path: '/agents/billing', upstream: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` },
        // Nothing listens on port 9 of loopback: every call fails to connect.
        { id: 'gone', path: '/agents/gone', upstream: 'http://127.0.0.1:9/' },
      ],
      guards: [{ id: 'circuit-breaker', config: { failures: 2, window: 60_000, cooldown: COOLDOWN_MS } }],
      identity: { header: 'x-agent' },
    });
  });
  afterAll(async () => {
    await shield.stop();
    await new Promise((resolve) => server.close(resolve));
  });

  let n = 0;
  async function call(agent: string, caller = 'alice', options: { text?: string; signal?: AbortSignal } = {}): Promise<{ status: number; code: string | undefined }> {
    n += 1;
    const res = await fetch(`${shield.url}/agents/${agent}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-agent': caller },
      body: JSON.stringify({ jsonrpc: '2.0', id: n, method: 'message/send', params: { message: { kind: 'message', messageId: `m-${n}`, role: 'user', parts: [{ kind: 'text', text: options.text ?? 'charge order 42' }] } } }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const json = (await res.json()) as { error?: { data?: { code?: string } } };
    return { status: res.status, code: json.error?.data?.code };
  }

  it('two 503s open the edge: the third call is CIRCUIT_OPEN and never reaches the agent; other callers are not affected', async () => {
    expect((await call('billing')).status).toBe(503);
    expect((await call('billing')).status).toBe(503);
    const before = hits;
    expect((await call('billing')).code).toBe('CIRCUIT_OPEN');
    expect(hits).toBe(before);
    // The breaker is per edge: bob's first call still goes through (and fails at the agent).
    expect((await call('billing', 'bob')).code).toBeUndefined();
    expect(hits).toBe(before + 1);
  });

  it('after the cool-down a probe reaches the recovered agent and its answer closes the breaker', async () => {
    healthy = true;
    await new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS + 50));
    expect(await call('billing')).toEqual({ status: 200, code: undefined });
    expect(await call('billing')).toEqual({ status: 200, code: undefined });
    expect(await call('billing')).toEqual({ status: 200, code: undefined });
  });

  it('a caller that hangs up before the answer is not a failure of the agent: its breaker stays closed', async () => {
    healthy = true;
    for (let i = 0; i < 3; i++) {
      await expect(call('billing', 'carol', { text: 'take your time', signal: AbortSignal.timeout(50) })).rejects.toThrow();
    }
    // Let the gateway see each hang-up and audit it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await call('billing', 'carol')).toEqual({ status: 200, code: undefined });
  });

  it('an agent that cannot be reached counts as failing too (UPSTREAM_UNREACHABLE twice, then CIRCUIT_OPEN)', async () => {
    expect((await call('gone')).code).toBe('UPSTREAM_UNREACHABLE');
    expect((await call('gone')).code).toBe('UPSTREAM_UNREACHABLE');
    expect((await call('gone')).code).toBe('CIRCUIT_OPEN');
  });

  it.each([
    ['a JSON-RPC error', 'dave', 'answer with an error'],
    ['a task without a message', 'frank', 'answer with a bare task'],
  ])('a probe answered with %s was answered: the breaker closes', async (_what, caller, text) => {
    healthy = false;
    expect((await call('billing', caller)).status).toBe(503);
    expect((await call('billing', caller)).status).toBe(503);
    expect((await call('billing', caller)).code).toBe('CIRCUIT_OPEN');
    healthy = true;
    await new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS + 50));
    expect(await call('billing', caller, { text })).toEqual({ status: 200, code: undefined });
    const before = hits;
    expect(await call('billing', caller)).toEqual({ status: 200, code: undefined });
    expect(hits).toBe(before + 1);
  });
});

/**
 * MCP tool calls have breakers too (`tools: true`): a server's 5xx answer to `tools/call`, or a server the
 * gateway cannot reach, fails the edge caller → server; once open, tool calls are refused with CIRCUIT_OPEN
 * as JSON-RPC errors and never reach the server, while its other methods still pass; after the cool-down a
 * probe's result closes the breaker. The server is a plain HTTP server answering MCP JSON-RPC.
 */
describe('shield: circuit breakers on MCP tool calls', () => {
  let server: Server;
  let shield: TestShield;
  let healthy = false;
  const calls: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const frame = JSON.parse(body) as { id: number; method: string; params?: { arguments?: { dir?: string } } };
        calls.push(frame.method);
        if (frame.params?.arguments?.dir === '/nowhere') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: frame.id, error: { code: -32602, message: 'no such directory' } }));
        if (frame.method === 'tools/call' && !healthy) return void res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'tool crashed' }));
        const result = frame.method === 'tools/call' ? { content: [{ type: 'text', text: '3 files' }] } : {};
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: frame.id, result }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    shield = await startShield({
      agents: [
        { protocol: 'mcp', id: 'files', path: '/mcp/files', upstream: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp` },
        { protocol: 'mcp', id: 'gone', path: '/mcp/gone', upstream: 'http://127.0.0.1:9/mcp' },
      ],
      guards: [{ id: 'circuit-breaker', config: { failures: 2, window: 60_000, cooldown: COOLDOWN_MS, tools: true } }],
      identity: { header: 'x-agent' },
    });
  });
  afterAll(async () => {
    await shield.stop();
    await new Promise((resolve) => server.close(resolve));
  });

  let n = 0;
  async function rpc(server: string, method: string, caller = 'alice', dir = '/tmp'): Promise<{ status: number; code: string | undefined }> {
    n += 1;
    const params = method === 'tools/call' ? { name: 'list', arguments: { dir } } : {};
    const res = await fetch(`${shield.url}/mcp/${server}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'x-agent': caller },
      body: JSON.stringify({ jsonrpc: '2.0', id: n, method, params }),
    });
    const text = await res.text();
    const json = (text === '' ? {} : JSON.parse(text)) as { error?: { data?: { code?: string } } };
    return { status: res.status, code: json.error?.data?.code };
  }

  it('two failed tool calls open the edge: the third is CIRCUIT_OPEN without reaching the server; other methods and callers pass', async () => {
    expect((await rpc('files', 'tools/call')).status).toBe(500);
    expect((await rpc('files', 'tools/call')).status).toBe(500);
    const before = calls.length;
    expect(await rpc('files', 'tools/call')).toEqual({ status: 200, code: 'CIRCUIT_OPEN' });
    expect(calls.length).toBe(before);
    expect(await rpc('files', 'resources/list')).toEqual({ status: 200, code: undefined });
    expect((await rpc('files', 'tools/call', 'bob')).status).toBe(500);
    expect(calls.slice(before)).toEqual(['resources/list', 'tools/call']);
  });

  it('after the cool-down a probe reaches the recovered server and its result closes the breaker', async () => {
    healthy = true;
    await new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS + 50));
    for (let i = 0; i < 3; i++) expect(await rpc('files', 'tools/call')).toEqual({ status: 200, code: undefined });
  });

  it('a probe answered with a JSON-RPC error was answered: the breaker closes', async () => {
    healthy = false;
    expect((await rpc('files', 'tools/call', 'erin')).status).toBe(500);
    expect((await rpc('files', 'tools/call', 'erin')).status).toBe(500);
    expect((await rpc('files', 'tools/call', 'erin')).code).toBe('CIRCUIT_OPEN');
    healthy = true;
    await new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS + 50));
    expect(await rpc('files', 'tools/call', 'erin', '/nowhere')).toEqual({ status: 200, code: undefined });
    const before = calls.length;
    expect(await rpc('files', 'tools/call', 'erin')).toEqual({ status: 200, code: undefined });
    expect(calls.length).toBe(before + 1);
  });

  it('a server that cannot be reached fails tool calls too (UPSTREAM_UNREACHABLE twice, then CIRCUIT_OPEN)', async () => {
    expect((await rpc('gone', 'tools/call')).code).toBe('UPSTREAM_UNREACHABLE');
    expect((await rpc('gone', 'tools/call')).code).toBe('UPSTREAM_UNREACHABLE');
    expect((await rpc('gone', 'tools/call')).code).toBe('CIRCUIT_OPEN');
  });
});
