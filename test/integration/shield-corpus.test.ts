/**
 * The shield's A2A wire corpus (test/corpus/a2a/*.json, CONVENTIONS 14). Accept cases are read by the
 * parser (method, version, streaming, the text of every part) and then dispatched through the gateway to a
 * recording upstream: it must receive the caller's bytes exactly, and the caller the upstream's answer
 * exactly (streams included). Reject cases go through real dispatch and must come back in the binding's
 * error shape with their stable code, never reach the upstream, and be in the audit log.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { partText } from '@masec/spec';
import { readJsonRpc, readRest } from '@masec/shield';
import { startShield, type TestShield } from '../shield/gateway.js';

interface Case {
  description: string;
  http?: { method: string; path: string; headers?: Record<string, string> };
  body?: unknown;
  bodyText?: string;
  expect: { accept?: { method: string; version: string; streaming: boolean; texts: string[] }; reject?: { code: string; status: number; rpcCode?: number; guard: string } };
}

const DIR = join(import.meta.dirname, '../corpus/a2a');
const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ name: f.replace(/\.json$/, ''), c: JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Case }));

// Odd spacing and key order on purpose: a gateway that re-serialises would change them.
const JSON_ANSWER = '{ "jsonrpc":"2.0",  "id":1, "result":{"message":{"messageId":"r-1","role":"ROLE_AGENT","parts":[{"text":"noted"}]}} }';
const SSE_ANSWER = 'data: {"jsonrpc":"2.0","id":1,"result":{"statusUpdate":{"taskId":"t","status":{"state":"TASK_STATE_WORKING","message":{"messageId":"a","role":"ROLE_AGENT","parts":[{"text":"working on it"}]}}}}}\n\n: keep-alive\n\ndata:  {"jsonrpc":"2.0","id":1,"result":{"statusUpdate":{"taskId":"t","status":{"state":"TASK_STATE_COMPLETED"}}}}\n\n';
const REST_ANSWER = '{"message":{"messageId":"r-2","role":"ROLE_AGENT","parts":[{"text":"noted"}]} }';

const bodyOf = (c: Case): string => c.bodyText ?? JSON.stringify(c.body);

describe('A2A wire corpus', () => {
  let upstream: Server;
  let received: { path: string; body: string }[] = [];
  let shield: TestShield;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        received.push({ path: req.url ?? '', body });
        const streaming = /Streaming|stream/.test(body) || /:stream$/.test(req.url ?? '');
        if (streaming) {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.end(SSE_ANSWER);
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(req.url?.includes('message:') === true ? REST_ANSWER : JSON_ANSWER);
        }
      });
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
    shield = await startShield({
      agents: [{ id: 'planner', path: '/a', upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/` }],
      guards: [
        { id: 'content-detector', config: { action: 'block' } },
        { id: 'taint-labels', config: {} },
      ],
      identity: { header: 'x-agent' },
    });
  });
  afterAll(async () => {
    await shield.stop();
    upstream.close();
  });

  const dispatch = (c: Case): Promise<Response> =>
    fetch(`${shield.url}/a${c.http?.path ?? ''}`, { method: c.http?.method ?? 'POST', headers: { 'content-type': 'application/json', 'x-agent': 'alice', ...c.http?.headers }, body: bodyOf(c) });

  it('holds accept and reject cases', () => {
    expect(cases.filter((x) => x.c.expect.accept !== undefined).length).toBeGreaterThanOrEqual(5);
    expect(cases.filter((x) => x.c.expect.reject !== undefined).length).toBeGreaterThanOrEqual(5);
  });

  for (const { name, c } of cases) {
    const accept = c.expect.accept;
    if (accept !== undefined) {
      it(`${name}: parses (${c.description})`, () => {
        const read = c.http === undefined ? readJsonRpc(bodyOf(c)) : readRest(c.http.method, c.http.path, bodyOf(c), c.http.headers?.['a2a-version']);
        expect(read.ok).toBe(true);
        if (!read.ok) return;
        expect({ method: read.request.method, version: read.request.version, streaming: read.request.streaming, texts: read.request.content.slots.map((s) => partText(s.part)) }).toEqual(accept);
      });
      it(`${name}: passes the gateway byte for byte, both ways`, async () => {
        received = [];
        const response = await dispatch(c);
        const text = await response.text();
        expect(received).toEqual([{ path: c.http?.path ?? '/', body: bodyOf(c) }]);
        expect(text).toBe(accept.streaming ? SSE_ANSWER : c.http === undefined ? JSON_ANSWER : REST_ANSWER);
      });
    }
    const reject = c.expect.reject;
    if (reject !== undefined) {
      it(`${name}: refused with ${reject.code} (${c.description})`, async () => {
        received = [];
        const response = await dispatch(c);
        expect(response.status).toBe(reject.status);
        const body = (await response.json()) as Record<string, any>;
        if (c.http === undefined) {
          expect(body).toMatchObject({ jsonrpc: '2.0', error: { code: reject.rpcCode, data: { code: reject.code, guard: reject.guard } } });
        } else {
          expect(body.error).toMatchObject({ code: reject.status, details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: reject.code, domain: 'masec.dev', metadata: { guard: reject.guard } }] });
        }
        expect(received).toEqual([]);
        const db = new Database(shield.auditPath, { readonly: true });
        try {
          const last = db.prepare('SELECT action, code, guard FROM records ORDER BY seq DESC LIMIT 1').get();
          expect(last).toEqual({ action: 'block', code: reject.code, guard: reject.guard });
        } finally {
          db.close();
        }
      });
    }
  }
});
