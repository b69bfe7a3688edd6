import { describe, expect, it } from 'vitest';
import { base64url } from 'jose';
import { generateAgentKey } from '../identity/keys.js';
import { isShieldRejection } from '../identity/rejection.js';
import { type TokenCheck, delegateToken, issueToken, verifyToken } from './capability-token.js';

const GW = 'http://127.0.0.1:5000/mcp';
const NOW = 1_800_000_000_000;

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return isShieldRejection(error) ? error.code : `not a rejection: ${String(error)}`;
  }
  return 'accepted';
}

async function world() {
  const [issuer, orchestrator, worker, mallory] = await Promise.all([generateAgentKey(), generateAgentKey(), generateAgentKey(), generateAgentKey()]).then((ks) => ks.map((k) => k.key));
  const root = await issueToken(issuer!, { holder: orchestrator!.did, audience: [GW, 'http://127.0.0.1:4000/a2a'], scope: { tools: ['search', 'send_email'], skills: ['plan'] }, ttlSeconds: 600 }, { now: NOW });
  const check = (caller: string, extra: Partial<TokenCheck> = {}): TokenCheck => ({ caller, audience: [GW], issuers: [issuer!.did], now: NOW, ...extra });
  return { issuer: issuer!, orchestrator: orchestrator!, worker: worker!, mallory: mallory!, root, check };
}

describe('capability tokens', () => {
  it('the holder may call what the token covers, where it is valid', async () => {
    const { orchestrator, root, check } = await world();
    const verified = await verifyToken(root, check(orchestrator.did, { tool: 'send_email' }));
    expect(verified.holder).toBe(orchestrator.did);
    expect(verified.scope).toEqual({ tools: ['search', 'send_email'], skills: ['plan'] });
  });
  it('a delegated, attenuated token lets the sub-agent do what was delegated and nothing more (TOKEN_SCOPE)', async () => {
    const { orchestrator, worker, root, check } = await world();
    const sub = await delegateToken(root, orchestrator, { holder: worker.did, audience: [GW], scope: { tools: ['search'] }, ttlSeconds: 60 }, { now: NOW });
    expect(sub.split('~')).toHaveLength(2);
    expect(await codeOf(verifyToken(sub, check(worker.did, { tool: 'search' })))).toBe('accepted');
    expect(await codeOf(verifyToken(sub, check(worker.did, { tool: 'send_email' })))).toBe('TOKEN_SCOPE');
    expect(await codeOf(verifyToken(sub, check(worker.did, { skill: 'plan' })))).toBe('TOKEN_SCOPE');
  });
  it('refuses to delegate more than is held, and refuses a forged widening link (TOKEN_SCOPE)', async () => {
    const { orchestrator, worker, root, check } = await world();
    expect(await codeOf(delegateToken(root, orchestrator, { holder: worker.did, audience: [GW], scope: { tools: ['search', 'delete_repo'] }, ttlSeconds: 60 }, { now: NOW }))).toBe('TOKEN_SCOPE');
    // The holder signs a widening link itself, bypassing delegateToken: the verifier still refuses it.
    const sub = await delegateToken(root, orchestrator, { holder: worker.did, audience: [GW], scope: { tools: ['search'] }, ttlSeconds: 60 }, { now: NOW });
    const again = await delegateToken(sub, worker, { holder: worker.did, audience: [GW], scope: { tools: ['search'] }, ttlSeconds: 60 }, { now: NOW });
    const [l0, l1, l2] = again.split('~') as [string, string, string];
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(l2.split('.')[1] as string))) as Record<string, unknown>;
    const { CompactSign } = await import('jose');
    const widened = await new CompactSign(new TextEncoder().encode(JSON.stringify({ ...claims, scope: { tools: ['search', 'send_email'], skills: [] } })))
      .setProtectedHeader({ alg: 'EdDSA', kid: worker.kid, typ: 'masec-cap+jwt' })
      .sign(worker.privateKey);
    expect(await codeOf(verifyToken(`${l0}~${l1}~${widened}`, check(worker.did, { tool: 'send_email' })))).toBe('TOKEN_SCOPE');
  });
  it('refuses a token used by another holder, for another audience, expired, or from an untrusted issuer (TOKEN_INVALID)', async () => {
    const { orchestrator, mallory, root, check } = await world();
    expect(await codeOf(verifyToken(root, check(mallory.did, { tool: 'search' })))).toBe('TOKEN_INVALID');
    expect(await codeOf(verifyToken(root, check(orchestrator.did, { tool: 'search', audience: ['http://127.0.0.1:6000/mcp'] })))).toBe('TOKEN_INVALID');
    expect(await codeOf(verifyToken(root, check(orchestrator.did, { tool: 'search', now: NOW + 631_000 })))).toBe('TOKEN_INVALID');
    expect(await codeOf(verifyToken(root, check(orchestrator.did, { tool: 'search', issuers: [mallory.did] })))).toBe('TOKEN_INVALID');
    const selfIssued = await issueToken(mallory, { holder: mallory.did, audience: [GW], scope: { tools: ['*'] }, ttlSeconds: 60 }, { now: NOW });
    expect(await codeOf(verifyToken(selfIssued, check(mallory.did, { tool: 'search' })))).toBe('TOKEN_INVALID');
  });
  it('refuses a stolen token re-delegated by the thief, a chain with a link cut out, and malformed tokens (TOKEN_INVALID)', async () => {
    const { orchestrator, worker, mallory, root, check } = await world();
    const [l0] = root.split('~') as [string];
    // Mallory signs a link handing the orchestrator's token to herself: not the holder's signature.
    const stolen = await delegateToken(root, orchestrator, { holder: worker.did, audience: [GW], scope: { tools: ['search'] }, ttlSeconds: 60 }, { now: NOW });
    const thief = await codeOf(delegateToken(stolen, mallory, { holder: mallory.did, audience: [GW], scope: { tools: ['search'] }, ttlSeconds: 60 }, { now: NOW }));
    expect(thief).toBe('TOKEN_INVALID');
    const sub = await delegateToken(stolen, worker, { holder: mallory.did, audience: [GW], scope: { tools: ['search'] }, ttlSeconds: 60 }, { now: NOW });
    const [, , last] = sub.split('~') as [string, string, string];
    expect(await codeOf(verifyToken(`${l0}~${last}`, check(mallory.did, { tool: 'search' })))).toBe('TOKEN_INVALID');
    for (const bad of [undefined, 42, '', 'x', 'a.b.c', `${l0}~`, '~'.repeat(9), 'x'.repeat(20_000), `${l0.slice(0, -4)}AAAA`]) {
      expect(await codeOf(verifyToken(bad, check(orchestrator.did, { tool: 'search' }))), String(bad).slice(0, 30)).toBe('TOKEN_INVALID');
    }
  });
});
