/**
 * The identity layer in the gateway, with `@a2a-js/sdk` peers over loopback: a request signed by a
 * registered agent's client helper (and carrying a capability token that covers it) reaches the agent as that
 * agent's did:key; unsigned, forged, tampered, replayed, expired or over-scoped requests are refused with
 * the protocol's error shape and their masec code, never reach the agent, and are in the audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { ClientFactory, ClientFactoryOptions, DefaultAgentCardResolver, JsonRpcTransportFactory } from '@a2a-js/sdk/client';
import { type AgentKey, generateAgentKey, issueToken, signingInterceptor } from '@masec/shield';
import { advertise, clientFor, startAgent, textOf, userMessage, type ScriptedAgent } from '../shield/agents.js';
import { startShield, type TestShield } from '../shield/gateway.js';

const SKILL_KEY = 'urn:masec:ext:capability-tokens:v1/skill';

describe('shield: signed messages and capability tokens with SDK peers', () => {
  let agent: ScriptedAgent;
  let shield: TestShield;
  let base: string;
  let alice: AgentKey;
  let mallory: AgentKey;
  let issuer: AgentKey;
  const wire: string[] = [];

  beforeAll(async () => {
    [alice, mallory, issuer] = await Promise.all([generateAgentKey(), generateAgentKey(), generateAgentKey()]).then((ks) => ks.map((k) => k.key)) as [AgentKey, AgentKey, AgentKey];
    agent = await startAgent({ name: 'planner' });
    shield = await startShield({
      agents: [{ id: 'planner', path: '/agents/planner', upstream: `${agent.url}/` }],
      identity: { signatures: { trusted: [alice.did] }, tokens: { issuers: [issuer.did] } },
    });
    base = `${shield.url}/agents/planner`;
    advertise(agent, base);
  });
  afterAll(async () => {
    await shield.stop();
    await agent.close();
  });

  async function signedClient(key: AgentKey, token: string | undefined) {
    const fetchImpl: typeof fetch = async (input, init) => {
      if (typeof init?.body === 'string') wire.push(init.body);
      return fetch(input, init);
    };
    const resolver = new DefaultAgentCardResolver({ fetchImpl });
    const card = await resolver.resolve(`${base}/`);
    const options = ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
      transports: [new JsonRpcTransportFactory({ fetchImpl })],
      clientConfig: { interceptors: [signingInterceptor(key, { audience: 'planner', ...(token === undefined ? {} : { token }) })] },
    });
    return new ClientFactory(options).createFromAgentCard({ ...card, supportedInterfaces: card.supportedInterfaces.filter((i) => i.protocolBinding === 'JSONRPC' && i.protocolVersion === '1.0') });
  }

  async function send(client: Awaited<ReturnType<typeof signedClient>>, text: string, skill?: string): Promise<string> {
    try {
      const answer = await client.sendMessage({ message: userMessage(text), configuration: undefined, metadata: skill === undefined ? undefined : { [SKILL_KEY]: skill }, tenant: '' } as never);
      return textOf(answer as never);
    } catch (error) {
      // The SDK keeps the JSON-RPC error's data, where the gateway puts the masec code.
      const code = /"data":\{"code":"([A-Z_]+)"/.exec(JSON.stringify(error));
      return `refused ${code?.[1] ?? String(error)}`;
    }
  }

  async function post(body: string): Promise<{ json: { error?: { data?: unknown } } }> {
    const res = await fetch(`${base}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { json: (await res.json()) as { error?: { data?: unknown } } };
  }

  it('a signed request with a token that covers it reaches the agent, as the signer\u2019s did:key', async () => {
    const token = await issueToken(issuer, { holder: alice.did, audience: ['planner'], scope: { skills: ['answer'] }, ttlSeconds: 300 });
    const before = agent.received.length;
    expect(await send(await signedClient(alice, token), 'Plan the offsite', 'answer')).toBe('echo: Plan the offsite');
    expect(agent.received.slice(before)).toEqual(['Plan the offsite']);
    expect(agent.callers.at(-1)).toBe(alice.did);
  });

  it('refuses an unsigned request (SIGNATURE_INVALID), an unregistered signer (IDENTITY_UNKNOWN), a missing, expired or over-scoped token (TOKEN_INVALID, TOKEN_SCOPE)', async () => {
    const token = await issueToken(issuer, { holder: alice.did, audience: ['planner'], scope: { skills: ['answer'] }, ttlSeconds: 300 });
    const expired = await issueToken(issuer, { holder: alice.did, audience: ['planner'], scope: { skills: ['answer'] }, ttlSeconds: 1 }, { now: Date.now() - 600_000 });
    const before = agent.received.length;
    expect(await send(await clientFor(base), 'unsigned')).toBe('refused SIGNATURE_INVALID');
    expect(await send(await signedClient(mallory, token), 'forged', 'answer')).toBe('refused IDENTITY_UNKNOWN');
    expect(await send(await signedClient(alice, undefined), 'no token', 'answer')).toBe('refused TOKEN_INVALID');
    expect(await send(await signedClient(alice, expired), 'expired', 'answer')).toBe('refused TOKEN_INVALID');
    expect(await send(await signedClient(alice, token), 'wire the money', 'wire-transfer')).toBe('refused TOKEN_SCOPE');
    expect(agent.received.length).toBe(before);
  });

  it('refuses a replayed request (REPLAY_DETECTED) and a tampered one (SIGNATURE_INVALID) in the JSON-RPC error shape', async () => {
    const token = await issueToken(issuer, { holder: alice.did, audience: ['planner'], scope: { skills: ['answer'] }, ttlSeconds: 300 });
    wire.length = 0;
    expect(await send(await signedClient(alice, token), 'Book the 9:40 to Lyon', 'answer')).toBe('echo: Book the 9:40 to Lyon');
    const original = wire.find((b) => b.includes('Book the 9:40')) as string;
    const before = agent.received.length;
    const replay = await post(original);
    // A JSON-RPC error (HTTP 200, as the binding answers errors) whose data carries the masec code.
    expect(replay.json.error).toMatchObject({ code: -32050, data: { code: 'REPLAY_DETECTED', guard: 'signed-messages' } });
    const tampered = await post(original.replace('Book the 9:40 to Lyon', 'Book the 9:40 to Oslo'));
    expect(tampered.json.error).toMatchObject({ data: { code: 'SIGNATURE_INVALID' } });
    expect(agent.received.length).toBe(before);
  });

  it('every refusal is in the audit log with its code and guard', () => {
    const db = new Database(shield.auditPath, { readonly: true });
    const rows = db.prepare("SELECT code, guard, sender FROM records WHERE action = 'block' ORDER BY seq").all() as { code: string; guard: string; sender: string }[];
    db.close();
    expect(rows.map((r) => r.code)).toEqual(['SIGNATURE_INVALID', 'IDENTITY_UNKNOWN', 'TOKEN_INVALID', 'TOKEN_INVALID', 'TOKEN_SCOPE', 'REPLAY_DETECTED', 'SIGNATURE_INVALID']);
    expect(new Set(rows.map((r) => r.guard))).toEqual(new Set(['signed-messages', 'capability-tokens']));
  });
});
