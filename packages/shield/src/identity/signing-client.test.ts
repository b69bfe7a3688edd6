// The signing helpers with the official SDK clients as real peers over loopback: what the SDK puts on the
// wire verifies at the receiving end, and a request changed on the way does not.
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ClientFactory, ClientFactoryOptions } from '@a2a-js/sdk/client';
import type { AgentCard } from '@a2a-js/sdk';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { FreshnessWindow, MemoryStateStore } from '@masec/defenses';
import { millisecondClock } from '@masec/spec';
import { A2A_BINDING, MCP_BINDING, signedContentOf, tokenOf } from './bindings.js';
import { generateAgentKey } from './keys.js';
import { isShieldRejection } from './rejection.js';
import { verifyContent } from './signed-message.js';
import { signingFetch, signingInterceptor } from './signing-client.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function freshness(): FreshnessWindow {
  return new FreshnessWindow(new MemoryStateStore(millisecondClock(Date.now)), 'nonces', { maxSkew: 60_000, maxNonces: 1000 });
}

async function listen(handler: (req: IncomingMessage, body: string) => Promise<{ status: number; json: unknown }>): Promise<string> {
  const server = createServer((req, res) => {
    void bodyOf(req).then(async (body) => {
      const { status, json } = await handler(req, body);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

async function verdictOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    return isShieldRejection(error) ? error.code : `error: ${String(error)}`;
  }
}

describe('signingInterceptor with the @a2a-js/sdk client', () => {
  it('signs SendMessage as sent on the wire (token included); the server verifies it, and refuses it after one changed word', async () => {
    const { key } = await generateAgentKey();
    const seen: string[] = [];
    const window = freshness();
    let url = '';
    url = await listen(async (_req, raw) => {
      const rpc = JSON.parse(raw) as { id: number; method: string; params: Record<string, unknown> };
      const { content, entry } = signedContentOf(A2A_BINDING, rpc.method, rpc.params);
      seen.push(await verdictOf(verifyContent(entry, content, { audience: url, freshness: window, now: Date.now() })));
      expect(tokenOf(A2A_BINDING, rpc.params)).toBe('cap-token');
      const tampered = JSON.parse(raw.replace('Book the 9:40', 'Book the 9:41')) as typeof rpc;
      const changed = signedContentOf(A2A_BINDING, tampered.method, tampered.params);
      seen.push(await verdictOf(verifyContent(changed.entry, changed.content, { audience: url, freshness: freshness(), now: Date.now() })));
      return { status: 200, json: { jsonrpc: '2.0', id: rpc.id, result: { message: { messageId: 'r1', role: 'ROLE_AGENT', parts: [{ text: 'booked' }] } } } };
    });
    const card = {
      name: 'travel',
      description: 'travel agent',
      version: '1',
      supportedInterfaces: [{ url, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
      capabilities: { extensions: [{ uri: 'urn:masec:ext:signed-messages:v1', required: true }] },
      defaultInputModes: ['text/plain'],
      defaultOutputModes: ['text/plain'],
      skills: [],
    };
    const factory = new ClientFactory(ClientFactoryOptions.createFrom(ClientFactoryOptions.default, { clientConfig: { interceptors: [signingInterceptor(key, { token: 'cap-token' })] } }));
    const client = await factory.createFromAgentCard(card as unknown as AgentCard);
    const reply = await client.sendMessage({ message: { messageId: 'm1', role: 1, parts: [{ content: { $case: 'text', value: 'Book the 9:40 to Lyon' } }], metadata: { lane: 'a' } } } as never);
    expect(JSON.stringify(reply)).toContain('booked');
    expect(seen).toEqual(['accepted', 'SIGNATURE_INVALID']);
  });
});

describe('signingFetch with the MCP v1 SDK client (StreamableHTTPClientTransport)', () => {
  it('signs every JSON-RPC request the client POSTs; the server verifies each, and a replayed one is REPLAY_DETECTED', async () => {
    const { key } = await generateAgentKey();
    const window = freshness();
    const verdicts: string[] = [];
    let url = '';
    url = await listen(async (req, raw) => {
      if (req.method !== 'POST') return { status: 405, json: {} };
      const rpc = JSON.parse(raw) as { id?: number; method: string; params?: Record<string, unknown> };
      if (rpc.id === undefined) return { status: 202, json: {} };
      const { content, entry } = signedContentOf(MCP_BINDING, rpc.method, rpc.params ?? {});
      verdicts.push(`${rpc.method}:${await verdictOf(verifyContent(entry, content, { audience: url, freshness: window, now: Date.now() }))}`);
      if (rpc.method === 'tools/call') verdicts.push(`replay:${await verdictOf(verifyContent(entry, content, { audience: url, freshness: window, now: Date.now() }))}`);
      const result =
        rpc.method === 'initialize'
          ? { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'echo', version: '1' } }
          : rpc.method === 'tools/list'
            ? { tools: [{ name: 'echo', description: 'echo', inputSchema: { type: 'object' } }] }
            : { content: [{ type: 'text', text: 'hi' }] };
      return { status: 200, json: { jsonrpc: '2.0', id: rpc.id, result } };
    });
    const client = new Client({ name: 'signer', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { fetch: signingFetch(key) }));
    await client.listTools();
    const result = await client.callTool({ name: 'echo', arguments: { text: 'hi' } });
    expect(result.content).toEqual([{ type: 'text', text: 'hi' }]);
    await client.close();
    expect(verdicts).toEqual(['initialize:accepted', 'tools/list:accepted', 'tools/call:accepted', 'replay:REPLAY_DETECTED']);
  });
});
