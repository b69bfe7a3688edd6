import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MasecError } from '@masec/spec';
import { parseShieldConfig } from '../config/load.js';
import type { AuditLog } from '../audit/sqlite-audit-log.js';
import { GENESIS } from '../audit/record.js';
import { createGateway } from './gateway.js';

/** An audit log whose every append fails, as a full disk would make it. */
const brokenLog: AuditLog = {
  append: () => Promise.reject(new MasecError('STORE_ERROR', 'disk full')),
  head: () => ({ seq: 0, hash: GENESIS }),
  checkpoint: () => Promise.resolve(undefined),
  adminRecords: () => [],
  close: () => Promise.resolve(),
};

describe('the gateway\u2019s own answers', () => {
  let server: Server;
  let hits = 0;
  let upstream: string;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"jsonrpc":"2.0","id":1,"result":{}}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    upstream = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const gatewayWith = (audit: AuditLog) =>
    createGateway(parseShieldConfig(JSON.stringify({ agents: [{ id: 'planner', path: '/agents/planner', upstream }], identity: { header: 'x-agent' } }), { file: 'x' }).config, { audit, adminToken: 'a-long-enough-admin-token' });
  const send = (gateway: ReturnType<typeof gatewayWith>, path: string) =>
    gateway.fetch(
      new Request(`http://gateway${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-agent': 'alice' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'message/send', params: { message: { kind: 'message', messageId: 'm1', role: 'user', parts: [{ kind: 'text', text: 'hello' }] } } }),
      }),
    );

  it('an audit log that cannot be written: 500 without details, and nothing reaches the agent', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const answer = await send(gatewayWith(brokenLog), '/agents/planner');
      expect(answer.status).toBe(500);
      expect(await answer.json()).toEqual({ error: 'the audit log cannot be written; nothing was forwarded' });
      expect(hits).toBe(0);
      expect(String(stderr.mock.calls[0]?.[0])).toContain('audit log failure: disk full');
    } finally {
      stderr.mockRestore();
    }
  });

  it('a path no agent is mounted at is 404; an unknown admin path is 404 from the admin router', async () => {
    const gateway = gatewayWith(brokenLog);
    const nowhere = await send(gateway, '/agents/nobody');
    expect([nowhere.status, await nowhere.json()]).toEqual([404, { error: 'no agent is mounted at /agents/nobody' }]);
    const admin = await gateway.fetch(new Request('http://gateway/_masec/nothing-here', { headers: { authorization: 'Bearer a-long-enough-admin-token' } }));
    expect([admin.status, await admin.json()]).toEqual([404, { error: 'no admin endpoint at /_masec/nothing-here' }]);
    const health = await gateway.fetch(new Request('http://gateway/_masec/health', { headers: { authorization: 'Bearer a-long-enough-admin-token' } }));
    expect(health.status).toBe(200);
  });
});
