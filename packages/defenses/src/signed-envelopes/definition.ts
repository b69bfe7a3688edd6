/**
 * `signed-envelopes`: every agent signs what it sends and every recipient verifies what it gets. On `send`
 * (the sender's own side) the envelope is signed with the sender's Ed25519 key over its RFC 8785 canonical
 * form — everything but its id and the signature itself, labels and metadata included — with the envelope id
 * as nonce; on `deliver` (the recipient's side) a missing or invalid signature, or one by another key than
 * the claimed sender's, is `SIGNATURE_INVALID`, a nonce seen before `REPLAY_DETECTED`, and a send time
 * further than `maxSkew` from now `CLOCK_SKEW`. What this stops is traffic that did not come from the
 * claimed sender's own client: forged, replayed and tampered envelopes.
 *
 * Lab keys: each agent's key is derived from `keySeed` and its id (SHA-256 → Ed25519 seed), the stand-in
 * for keys the agents hold; the gateway uses real keys and the same canonical form and freshness checks.
 * List it last among guards that rewrite on `send` and first among those that rewrite on `deliver`.
 * WebCrypto only (runtime-neutral).
 */
import { z } from 'zod';
import { type DefenseDefinition, type Envelope, type Signature, block } from '@masec/spec';
import { canonicalBytes } from './canonical-json.js';
import { FreshnessWindow } from './freshness.js';

export const SignedEnvelopesConfigSchema = z.strictObject({
  keySeed: z.string().min(1).default('masec-lab').describe('seed the lab derives every agent\u2019s key from'),
  maxSkew: z.number().positive().default(2).describe('largest accepted difference between the send time and now, in the clock\u2019s unit (rounds in the lab)'),
  maxNonces: z.number().int().min(1).max(100_000_000).default(1_000_000).describe('nonces remembered (LRU past it)'),
  maxKeys: z.number().int().min(1).max(10_000_000).default(100_000).describe('derived keys cached'),
});
export type SignedEnvelopesConfig = z.infer<typeof SignedEnvelopesConfigSchema>;

interface SubtleLike {
  digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer>;
  importKey(format: 'pkcs8' | 'jwk', key: unknown, algorithm: { name: string }, extractable: boolean, usages: string[]): Promise<unknown>;
  exportKey(format: 'jwk', key: unknown): Promise<{ x?: string }>;
  sign(algorithm: { name: string }, key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
  verify(algorithm: { name: string }, key: unknown, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
}
declare const crypto: { subtle: SubtleLike };
declare const TextEncoder: new () => { encode(text: string): Uint8Array };
declare function btoa(data: string): string;
declare function atob(data: string): string;

/** PKCS#8 prefix of a raw Ed25519 private key (RFC 8410). */
const PKCS8_ED25519 = [0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20];
const ED25519 = { name: 'Ed25519' };

function b64url(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromB64url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length > 200) return undefined;
  const raw = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

interface KeyPair {
  privateKey: unknown;
  publicKey: unknown;
}

/** The bytes a signature covers: the envelope without its id and signature. */
export function signedBytes(envelope: Envelope): Uint8Array {
  const { id: _id, signature: _signature, ...content } = envelope;
  return canonicalBytes(content);
}

export const signedEnvelopes: DefenseDefinition<SignedEnvelopesConfig> = {
  id: 'signed-envelopes',
  specVersion: 'v1',
  description: 'Ed25519 signatures over the canonical envelope on send, checked on delivery with replay and clock-skew checks',
  kind: 'protocol',
  targets: ['impersonation'],
  hooks: ['send', 'deliver'],
  configSchema: SignedEnvelopesConfigSchema,
  cost: { utility: 'a message delivered later than maxSkew after it was sent is refused; one signature and one verification per message', rewritesContent: false },
  create(config, services) {
    const keys = services.state.map<Promise<KeyPair>>('signed-envelopes:keys', { maxEntries: config.maxKeys });
    const freshness = new FreshnessWindow(services.state, 'signed-envelopes:nonces', { maxSkew: config.maxSkew, maxNonces: config.maxNonces });
    const keyOf = (agent: string): Promise<KeyPair> => {
      let pair = keys.get(agent);
      if (pair === undefined) {
        pair = (async () => {
          const seed = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${config.keySeed}/${agent}`)));
          const privateKey = await crypto.subtle.importKey('pkcs8', Uint8Array.from([...PKCS8_ED25519, ...seed]), ED25519, true, ['sign']);
          const { x } = await crypto.subtle.exportKey('jwk', privateKey);
          const publicKey = await crypto.subtle.importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x }, ED25519, false, ['verify']);
          return { privateKey, publicKey };
        })();
        keys.set(agent, pair);
      }
      return pair;
    };
    return {
      id: 'signed-envelopes',
      hooks: ['send', 'deliver'],
      async handle(envelope, ctx, next) {
        if (ctx.hook === 'send') {
          const { signature: _old, ...unsigned } = envelope;
          const value = new Uint8Array(await crypto.subtle.sign(ED25519, (await keyOf(envelope.from)).privateKey, signedBytes(unsigned as Envelope)));
          const signature: Signature = { alg: 'Ed25519', keyId: envelope.from, nonce: envelope.id, value: b64url(value) };
          return next({ ...unsigned, signature });
        }
        const signature = envelope.signature;
        if (signature === undefined) return block('signed-envelopes', 'SIGNATURE_INVALID', `an unsigned envelope claiming to be from ${envelope.from}`);
        const value = fromB64url(signature.value);
        if (signature.keyId !== envelope.from || value === undefined) return block('signed-envelopes', 'SIGNATURE_INVALID', `signed by ${signature.keyId}, not by the claimed sender ${envelope.from}`);
        let bytes: Uint8Array;
        try {
          bytes = signedBytes(envelope);
        } catch (error) {
          return block('signed-envelopes', 'SIGNATURE_INVALID', `the envelope has no canonical form: ${(error as Error).message}`);
        }
        if (!(await crypto.subtle.verify(ED25519, (await keyOf(envelope.from)).publicKey, value, bytes))) {
          return block('signed-envelopes', 'SIGNATURE_INVALID', `the signature of ${envelope.from} does not verify: forged or changed on the way`);
        }
        const stale = freshness.check(envelope.from, signature.nonce, envelope.time, ctx.now);
        if (stale !== undefined) return block('signed-envelopes', stale.code, stale.reason);
        return next(envelope);
      },
    };
  },
};
