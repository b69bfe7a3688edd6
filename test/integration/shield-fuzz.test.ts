/**
 * Property-based fuzzing of every parser the identity layer and the MCP handler own (PARSE_TARGETS): on
 * hostile text of every family — any string, broken UTF-16, JSON of every shape, wrong types, mutated signed
 * corpus bodies, deep nesting, huge bodies — each either accepts or refuses with a clear error (a masec code
 * and a message), never throws anything else, and answers in bounded time. A short budget here
 * (MASEC_FUZZ_RUNS, default 300 per target); `npm run bench -- --only shield-fuzz` runs 10^6 inputs.
 * Then the gateway itself: invalid UTF-8, deep and oversized bodies and oversized headers get a clear
 * answer over HTTP, and the gateway keeps serving.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PARSE_TARGETS } from '@masec/shield';
import { hostileText, hugeText } from '../shield/fuzz-inputs.js';
import { startShield, type TestShield } from '../shield/gateway.js';

const RUNS = Number(process.env.MASEC_FUZZ_RUNS ?? 300);
const MAX_MS = 2000;

describe('fuzzing the shield parsers', () => {
  for (const target of PARSE_TARGETS) {
    it(`${target.name}: accepts or refuses with a clear error, never crashes (${RUNS} hostile inputs)`, async () => {
      await fc.assert(
        fc.asyncProperty(hostileText, async (text) => {
          const start = performance.now();
          const out = await target.parse(text);
          expect(performance.now() - start).toBeLessThan(MAX_MS);
          if (!out.ok) {
            expect(out.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
            expect(out.message.length).toBeGreaterThan(0);
          }
        }),
        { numRuns: RUNS },
      );
    }, 120_000);
    it(`${target.name}: huge inputs are refused or accepted in bounded time`, async () => {
      await fc.assert(
        fc.asyncProperty(hugeText, async (text) => {
          const start = performance.now();
          await target.parse(text);
          expect(performance.now() - start).toBeLessThan(5 * MAX_MS);
        }),
        { numRuns: 5 },
      );
    }, 120_000);
  }

  it('the targets really refuse: a tampered signed body, a bad did and a deep frame get their codes', async () => {
    const byName = Object.fromEntries(PARSE_TARGETS.map((t) => [t.name, t]));
    expect(await byName['did-key']!.parse('did:web:example.com')).toMatchObject({ ok: false, code: 'IDENTITY_UNKNOWN' });
    expect(await byName['canonical-json']!.parse('{"a":"\\ud800"}')).toMatchObject({ ok: false, code: 'CANONICAL_JSON_INVALID' });
    expect(await byName['capability-token']!.parse('a.b.c')).toMatchObject({ ok: false, code: 'TOKEN_INVALID' });
    expect(await byName['a2a-signed-message']!.parse('{"params":{"message":{}}}')).toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
    expect(await byName['agent-card']!.parse(`{"name":${'['.repeat(1000)}${']'.repeat(1000)}}`)).toMatchObject({ ok: false, code: 'CARD_INVALID' });
  });
});

describe('fuzzing the gateway over HTTP', () => {
  let shield: TestShield;
  let upstream: Server;
  beforeAll(async () => {
    // An upstream that answers whatever reaches it (only frames the gateway let through do).
    upstream = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(202).end());
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
    shield = await startShield({ agents: [{ protocol: 'mcp', id: 'tools', path: '/m', upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/` }], identity: { signatures: {} } });
  });
  afterAll(async () => {
    await shield.stop();
    upstream.close();
  });

  const post = (body: string | Uint8Array, headers: Record<string, string> = {}) => fetch(`${shield.url}/m`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('answers invalid UTF-8, deep nesting, an oversized body and hostile text with a JSON-RPC error, and keeps serving', async () => {
    const cases: [string | Uint8Array, number, string][] = [
      [new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]), 400, 'REQUEST_INVALID'],
      [`{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","arguments":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`, 400, 'REQUEST_INVALID'],
      ['x'.repeat(5 * 1024 * 1024), 413, 'BODY_TOO_LARGE'],
      ['{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x"}}', 200, 'SIGNATURE_INVALID'],
    ];
    for (const [body, status, code] of cases) {
      const res = await post(body);
      expect(res.status).toBe(status);
      expect(((await res.json()) as { error: { data: { code: string } } }).error.data.code).toBe(code);
    }
    await fc.assert(
      fc.asyncProperty(hostileText, async (text) => {
        const res = await post(text);
        expect(res.status).toBeLessThan(500);
        await res.arrayBuffer();
      }),
      { numRuns: Math.min(RUNS, 200) },
    );
  }, 120_000);

  it('refuses an oversized header block (431) and keeps serving', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${shield.url}/m`, { method: 'POST', headers: { 'x-big': 'a'.repeat(64 * 1024), 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(431);
    expect((await post('{}')).status).toBe(400);
  });
});
