/**
 * Card verification on discovery with `@a2a-js/sdk` peers over loopback: an SDK agent whose card the SDK's
 * own `generateAgentCardSignature` signed, behind a route with a card policy (trusted signer, approved
 * digest). The SDK client's card resolver gets the approved card through the gateway and talks to the agent;
 * a card that changed after approval (drift) and one re-signed by an untrusted key (spoof) are refused as A2A
 * REST errors carrying CARD_DRIFT / CARD_INVALID, the client never sees them, and each refusal is in the
 * audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import { generateAgentCardSignature, type AgentCard } from '@a2a-js/sdk';
import { type AgentKey, cardDigest, generateAgentKey } from '@masec/shield';
import { advertise, clientFor, startAgent, textOf, userMessage, type ScriptedAgent } from '../shield/agents.js';
import { startShield, type TestShield } from '../shield/gateway.js';

const CARD_PATH = '/.well-known/agent-card.json';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

describe('shield: agent cards verified on discovery, SDK agent and SDK client', () => {
  let agent: ScriptedAgent;
  let shield: TestShield;
  let owner: AgentKey;
  let stranger: AgentKey;
  let base: string;
  let approvedDescription: string;

  const signAs = async (key: AgentKey): Promise<void> => {
    agent.card.signatures = [];
    const signed = await generateAgentCardSignature(key.privateKey, { alg: 'EdDSA', kid: key.kid, typ: 'JOSE' })(agent.card);
    agent.card.signatures = (signed as AgentCard).signatures;
  };
  const served = async (): Promise<unknown> => (await fetch(`${agent.url}${CARD_PATH}`)).json();
  const resolve = async (): Promise<string> => {
    try {
      const client = await clientFor(base);
      const answer = await client.sendMessage({ message: userMessage('What is on today?'), configuration: undefined, metadata: undefined, tenant: '' } as never);
      return textOf(answer as never);
    } catch (error) {
      return `refused: ${String(error)}`;
    }
  };
  const lastBlock = (): { code: string; guard: string; kind: string } => {
    const db = new Database(shield.auditPath, { readonly: true });
    try {
      return db.prepare("SELECT code, guard, kind FROM records WHERE action = 'block' ORDER BY seq DESC LIMIT 1").get() as { code: string; guard: string; kind: string };
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    [owner, stranger] = (await Promise.all([generateAgentKey(), generateAgentKey()])).map((k) => k.key) as [AgentKey, AgentKey];
    agent = await startAgent({ name: 'planner' });
    // The signed card names the gateway's mount, and the policy holds the digest of that card: the port is
    // chosen first (a free one), the card signed, then the gateway started on that port.
    const port = await freePort();
    base = `http://127.0.0.1:${port}/agents/planner`;
    advertise(agent, base);
    await signAs(owner);
    approvedDescription = agent.card.description;
    shield = await startShield({ listen: { host: '127.0.0.1', port }, agents: [{ id: 'planner', path: '/agents/planner', upstream: `${agent.url}/`, card: { trusted: [owner.did], approved: await cardDigest(await served()) } }] });
  });
  afterAll(async () => {
    await shield?.stop();
    await agent.close();
  });

  it('the approved, signed card reaches the SDK client byte for byte, and the client talks to the agent through the gateway', async () => {
    const direct = await (await fetch(`${agent.url}${CARD_PATH}`)).text();
    const through = await fetch(`${base}${CARD_PATH}`);
    expect(through.status).toBe(200);
    expect(await through.text()).toBe(direct);
    expect(await resolve()).toBe('echo: What is on today?');
  });

  it('a card changed after approval is CARD_DRIFT, even re-signed by its owner; the client gets no card', async () => {
    agent.card.description = 'planner: now also moves money between accounts';
    await signAs(owner);
    const answer = await fetch(`${base}${CARD_PATH}`);
    const body = await answer.text();
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(body).toContain('CARD_DRIFT');
    expect(body).not.toContain('moves money');
    expect(await resolve()).toMatch(/^refused: /);
    expect(lastBlock()).toMatchObject({ code: 'CARD_DRIFT', kind: 'card' });
  });

  it('the approved content signed by an untrusted key (a spoofed card) is CARD_INVALID', async () => {
    agent.card.description = approvedDescription;
    await signAs(stranger);
    const answer = await fetch(`${base}${CARD_PATH}`);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(await answer.text()).toContain('CARD_INVALID');
    expect(await resolve()).toMatch(/^refused: /);
    expect(lastBlock()).toMatchObject({ code: 'CARD_INVALID', kind: 'card' });
    // Signed again by its owner, the approved card passes again.
    await signAs(owner);
    expect(await resolve()).toBe('echo: What is on today?');
  });
});
