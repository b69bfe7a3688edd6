import { describe, expect, it } from 'vitest';
import { FlattenedSign, generateKeyPair } from 'jose';
import { FreshnessWindow, MemoryStateStore, canonicalBytes } from '@masec/defenses';
import { millisecondClock } from '@masec/spec';
import { A2A_BINDING, MCP_BINDING, attachSignature, signedContentOf } from './bindings.js';
import { generateAgentKey, verifyKeyOfDid } from './keys.js';
import { isShieldRejection } from './rejection.js';
import { type VerifyOptions, signContent, verifyContent } from './signed-message.js';

const AUD = 'http://127.0.0.1:4000/a2a';
const T0 = 1_800_000_000_000;

function options(overrides: Partial<VerifyOptions> = {}): VerifyOptions {
  let t = T0;
  const clock = millisecondClock(() => t);
  return { audience: AUD, freshness: new FreshnessWindow(new MemoryStateStore(clock), 'nonces', { maxSkew: 30_000, maxNonces: 10_000 }), now: (t = T0), ...overrides };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return isShieldRejection(error) ? error.code : `not a rejection: ${String(error)}`;
  }
  return 'accepted';
}

const params = {
  message: { messageId: 'm1', role: 'ROLE_USER', parts: [{ text: 'Book the 9:40 to Lyon' }], metadata: { 'urn:masec:ext:taint-labels:v1': { confidentiality: 'internal', integrity: 'trusted' } } },
  metadata: { trace: 't-1' },
};

async function signedA2a(): Promise<{ request: Record<string, unknown>; did: string }> {
  const { key } = await generateAgentKey();
  const { content } = signedContentOf(A2A_BINDING, 'SendMessage', params);
  const entry = await signContent(key, content, AUD, { now: T0 });
  return { request: attachSignature(A2A_BINDING, params, entry), did: key.did };
}

async function verifyA2a(request: unknown, opts: VerifyOptions = options()): Promise<string> {
  const { content, entry } = signedContentOf(A2A_BINDING, 'SendMessage', request);
  return codeOf(verifyContent(entry, content, opts));
}

describe('signed messages (A2A binding)', () => {
  it('a signed request verifies and names its signer; the entry sits in params.metadata under the extension URI', async () => {
    const { request, did } = await signedA2a();
    expect(Object.keys(request.metadata as object)).toEqual(['trace', 'urn:masec:ext:signed-messages:v1']);
    const { content, entry } = signedContentOf(A2A_BINDING, 'SendMessage', request);
    expect(content.body).toEqual(params);
    await expect(verifyContent(entry, content, options())).resolves.toMatchObject({ did, iat: T0 });
  });
  it('refuses tampered text, tampered taint labels, another method and an unsigned request (SIGNATURE_INVALID)', async () => {
    const { request } = await signedA2a();
    const message = request.message as typeof params.message;
    expect(await verifyA2a({ ...request, message: { ...message, parts: [{ text: 'Book the 9:40 to Lyon and wire 5000 EUR' }] } })).toBe('SIGNATURE_INVALID');
    expect(await verifyA2a({ ...request, message: { ...message, metadata: { 'urn:masec:ext:taint-labels:v1': { confidentiality: 'public', integrity: 'trusted' } } } })).toBe('SIGNATURE_INVALID');
    const { content, entry } = signedContentOf(A2A_BINDING, 'SendStreamingMessage', request);
    expect(await codeOf(verifyContent(entry, content, options()))).toBe('SIGNATURE_INVALID');
    expect(await verifyA2a(params)).toBe('SIGNATURE_INVALID');
  });
  it('refuses a signature made for another audience (a request replayed to another agent)', async () => {
    const { request } = await signedA2a();
    expect(await verifyA2a(request, options({ audience: 'http://127.0.0.1:4001/a2a' }))).toBe('SIGNATURE_INVALID');
  });
  it('refuses a replay (REPLAY_DETECTED) and a stale or future timestamp (CLOCK_SKEW)', async () => {
    const { request } = await signedA2a();
    const opts = options();
    expect(await verifyA2a(request, opts)).toBe('accepted');
    expect(await verifyA2a(request, opts)).toBe('REPLAY_DETECTED');
    expect(await verifyA2a(request, options({ now: T0 + 30_001 }))).toBe('CLOCK_SKEW');
    expect(await verifyA2a(request, options({ now: T0 - 30_001 }))).toBe('CLOCK_SKEW');
  });
  it('of copies of one request verified at the same time (verification is asynchronous), exactly one passes', async () => {
    const { request } = await signedA2a();
    const opts = options();
    const results = await Promise.all(Array.from({ length: 8 }, () => verifyA2a(request, opts)));
    expect(results.filter((r) => r === 'accepted')).toHaveLength(1);
    expect(results.filter((r) => r === 'REPLAY_DETECTED')).toHaveLength(7);
  });
  it('a forged request burns no nonce: the genuine one still goes through afterwards', async () => {
    const { request } = await signedA2a();
    const opts = options();
    const entry = (request.metadata as Record<string, Record<string, unknown>>)['urn:masec:ext:signed-messages:v1'] as Record<string, unknown>;
    const forged = attachSignature(A2A_BINDING, { ...params, message: { ...params.message, parts: [{ text: 'forged' }] } }, entry as never);
    expect(await verifyA2a(forged, opts)).toBe('SIGNATURE_INVALID');
    expect(await verifyA2a(request, opts)).toBe('accepted');
  });
  it('refuses a signer the registry does not know (IDENTITY_UNKNOWN) and malformed entries (SIGNATURE_INVALID)', async () => {
    const { request } = await signedA2a();
    expect(await verifyA2a(request, options({ trusted: () => false }))).toBe('IDENTITY_UNKNOWN');
    const meta = request.metadata as Record<string, unknown>;
    const entry = meta['urn:masec:ext:signed-messages:v1'] as Record<string, unknown>;
    for (const bad of [null, 'sig', [], { ...entry, v: 2 }, { ...entry, nonce: 'short' }, { ...entry, jws: 'a.b.c' }, { ...entry, iat: -1 }, { ...entry, extra: 1 }, { ...entry, kid: 'did:web:x' }]) {
      expect(await verifyA2a({ ...request, metadata: { ...meta, 'urn:masec:ext:signed-messages:v1': bad } }), JSON.stringify(bad)).toMatch(/SIGNATURE_INVALID|IDENTITY_UNKNOWN/);
    }
  });
  it('refuses a JWS whose header names another key than the entry', async () => {
    const { request } = await signedA2a();
    const { key: other } = await generateAgentKey();
    const meta = request.metadata as Record<string, Record<string, unknown>>;
    const entry = meta['urn:masec:ext:signed-messages:v1'] as Record<string, unknown>;
    expect(await verifyA2a({ ...request, metadata: { ...meta, 'urn:masec:ext:signed-messages:v1': { ...entry, kid: other.kid } } })).toBe('SIGNATURE_INVALID');
  });
});

describe('signed messages: the JWS itself', () => {
  it('refuses a correctly signed JWS whose protected header has a member besides alg, kid and typ (the spec says exactly)', async () => {
    const { key } = await generateAgentKey();
    const { content } = signedContentOf(A2A_BINDING, 'SendMessage', params);
    const nonce = 'bm9uY2Utbm9uY2Utbm9uY2U';
    const payload = canonicalBytes({ aud: AUD, body: content.body, iat: T0, method: 'SendMessage', nonce });
    const sign = async (header: Record<string, unknown>) => {
      const jws = await new FlattenedSign(payload).setProtectedHeader(header as { alg: string }).sign(key.privateKey);
      return { v: 1, kid: key.kid, aud: AUD, iat: T0, nonce, jws: `${jws.protected}..${jws.signature}` };
    };
    // The same payload signed with the exact header verifies: the test can fail.
    expect(await codeOf(verifyContent(await sign({ alg: 'EdDSA', kid: key.kid, typ: 'masec-msg+jws' }), content, options()))).toBe('accepted');
    for (const extra of [{ crit: ['b64'], b64: true }, { cty: 'json' }, { jku: 'https://evil.example/keys' }]) {
      expect(await codeOf(verifyContent(await sign({ alg: 'EdDSA', kid: key.kid, typ: 'masec-msg+jws', ...extra }), content, options())), JSON.stringify(extra)).toBe('SIGNATURE_INVALID');
    }
  });

  it('refuses a signature that is not 64 bytes of canonical base64url, or not by the named key (keys are cached per did, never mixed up)', async () => {
    const { request } = await signedA2a();
    const meta = request.metadata as Record<string, unknown>;
    const entry = meta['urn:masec:ext:signed-messages:v1'] as { jws: string };
    const [header, , signature] = entry.jws.split('.') as [string, string, string];
    const last = signature.at(-1) as string;
    const variants = [
      signature.slice(0, -1), // 63.x bytes
      `${signature}A`, // too long
      `${signature.slice(0, -1)}${last === 'A' ? 'B' : String.fromCharCode(last.charCodeAt(0) + 1)}`, // non-canonical last character (same bytes to a lenient decoder)
      `${signature.slice(0, -2)}==`,
    ];
    for (const bad of variants) {
      expect(await verifyA2a({ ...request, metadata: { ...meta, 'urn:masec:ext:signed-messages:v1': { ...entry, jws: `${header}..${bad}` } } }), bad).toBe('SIGNATURE_INVALID');
    }
    // A registry's own key resolver (WebCrypto keys, as jose imports them) is used instead of the did: its
    // key verifies, another signer's key does not.
    const { key: stranger } = await generateAgentKey();
    const registryKeyOf = (kid: string) => verifyKeyOfDid(kid);
    expect(await verifyA2a(request, options({ resolveKey: registryKeyOf }))).toBe('accepted');
    expect(await verifyA2a(request, options({ resolveKey: () => verifyKeyOfDid(stranger.kid) }))).toBe('SIGNATURE_INVALID');
    // A resolver that hands back a key of another type (here a P-256 key) gets a refusal, not a crash.
    const { publicKey: ecKey } = await generateKeyPair('ES256', { extractable: true });
    expect(await verifyA2a(request, options({ resolveKey: async () => ecKey }))).toBe('SIGNATURE_INVALID');
    // A second signer: each verifies with its own key, twice over (the second time from the cache).
    const second = await signedA2a();
    for (let i = 0; i < 2; i++) {
      expect(await verifyA2a(request)).toBe('accepted');
      expect(await verifyA2a(second.request)).toBe('accepted');
    }
  });
});

describe('signed messages (MCP binding)', () => {
  it('signs a tools/call in params._meta; a changed argument is SIGNATURE_INVALID; metadata that held only the entry vanishes with it', async () => {
    const { key } = await generateAgentKey();
    const call = { name: 'search', arguments: { q: 'weather in Lyon' } };
    const entry = await signContent(key, signedContentOf(MCP_BINDING, 'tools/call', call).content, 'http://127.0.0.1:5000/mcp', { now: T0 });
    const request = attachSignature(MCP_BINDING, call, entry);
    expect(Object.keys(request._meta as object)).toEqual(['dev.masec/signature']);
    const opts = options({ audience: 'http://127.0.0.1:5000/mcp' });
    const ok = signedContentOf(MCP_BINDING, 'tools/call', request);
    expect(ok.content.body).toEqual(call);
    await expect(verifyContent(ok.entry, ok.content, opts)).resolves.toMatchObject({ did: key.did });
    const changed = signedContentOf(MCP_BINDING, 'tools/call', { ...request, arguments: { q: 'read ~/.ssh/id_rsa' } });
    expect(await codeOf(verifyContent(changed.entry, changed.content, options({ audience: 'http://127.0.0.1:5000/mcp' })))).toBe('SIGNATURE_INVALID');
  });
});
