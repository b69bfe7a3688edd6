/**
 * MCP answers the gateway passes on without reading: a notification's 202, a session DELETE's 204, a
 * server's 204 to a request, a GET's 405 with a body. A null-body status reaches the caller as that status
 * (not a 500 from building a response with a body), and its connection goes back to the pool: sequential
 * calls reuse one keep-alive connection to the server. Each forwarded message is in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import Database from 'better-sqlite3';
import type { AddressInfo } from 'node:net';
import { startShield, type TestShield } from '../shield/gateway.js';

describe('shield: MCP answers passed on as they are', () => {
  let server: Server;
  let shield: TestShield;
  let connections = 0;
  let url: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        if (req.method === 'DELETE') return void res.writeHead(204).end();
        if (req.method === 'GET') return void res.writeHead(405, { 'content-type': 'text/plain' }).end('no stream here');
        const frame = JSON.parse(body) as { id?: number; method: string };
        if (frame.id === undefined) return void res.writeHead(202).end();
        if (frame.method === 'ping') return void res.writeHead(204).end();
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: frame.id, result: {} }));
      });
    });
    server.keepAliveTimeout = 30_000;
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    shield = await startShield({ agents: [{ protocol: 'mcp', id: 'raw', path: '/mcp/raw', upstream: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp` }] });
    url = `${shield.url}/mcp/raw`;
  });
  afterAll(async () => {
    await shield.stop();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = (frame: object) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: JSON.stringify(frame) });

  it('a 204 to a request, a 202 to a notification and a 204 to DELETE reach the caller as such, with no body', async () => {
    const ping = await post({ jsonrpc: '2.0', id: 1, method: 'ping' });
    expect([ping.status, await ping.text()]).toEqual([204, '']);
    const note = await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
    expect([note.status, await note.text()]).toEqual([202, '']);
    const del = await fetch(url, { method: 'DELETE' });
    expect([del.status, await del.text()]).toEqual([204, '']);
  });

  it('a GET answered 405 with a body is passed on with its body', async () => {
    const get = await fetch(url, { method: 'GET', headers: { accept: 'text/event-stream' } });
    expect([get.status, await get.text()]).toEqual([405, 'no stream here']);
  });

  it('null-body answers free their connection: ten sequential 204s and a JSON answer use one connection', async () => {
    const before = connections;
    for (let i = 0; i < 10; i += 1) {
      const answer = i % 2 === 0 ? await fetch(url, { method: 'DELETE' }) : await post({ jsonrpc: '2.0', id: 100 + i, method: 'ping' });
      expect(answer.status).toBe(204);
    }
    const last = await post({ jsonrpc: '2.0', id: 200, method: 'resources/list' });
    expect(await last.json()).toEqual({ jsonrpc: '2.0', id: 200, result: {} });
    expect(connections - before).toBeLessThanOrEqual(1);
  });

  it('every message forwarded is in the audit log with its method and body digest, not only tools/call', () => {
    const db = new Database(shield.auditPath, { readonly: true });
    const rows = db.prepare("SELECT method, body_digest AS body FROM records WHERE kind = 'request' AND action = 'deliver' ORDER BY seq").all() as { method: string; body: string | null }[];
    db.close();
    expect(rows.slice(0, 4).map((r) => r.method)).toEqual(['ping', 'notifications/initialized', 'DELETE', 'GET']);
    expect(rows[0]?.body).toBe(createHash('sha256').update(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' })).digest('hex'));
    expect(rows.at(-1)?.method).toBe('resources/list');
    expect(rows.length).toBe(4 + 10 + 1);
  });
});
