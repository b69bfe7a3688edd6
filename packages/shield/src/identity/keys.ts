/**
 * Ed25519 agent keys: generation, JWK export and import, and the did:key that names each key. Private keys
 * stay in `AgentKey` objects and key files (written 0600 by `masec keys`); nothing here prints or logs one.
 */
import { type CryptoKey, type JWK, base64url, exportJWK, generateKeyPair, importJWK } from 'jose';
import { z } from 'zod';
import { didKeyFromPublicKey, didKeyId, publicKeyFromDidKey } from './did-key.js';

/** The JWS algorithm masec signs with (RFC 8037 EdDSA over Ed25519). */
export const SIGNING_ALG = 'EdDSA';

/** A private key that can sign, with the identity it proves. */
export interface AgentKey {
  /** The agent's did:key. */
  readonly did: string;
  /** The key id signatures carry (`did:key:z…#z…`). */
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

const B64URL = /^[A-Za-z0-9_-]+$/;
export const PublicJwkSchema = z
  .object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string().regex(B64URL).length(43) })
  .describe('an Ed25519 public key as a JWK');
export const PrivateJwkSchema = PublicJwkSchema.extend({ d: z.string().regex(B64URL).length(43) });

/** A key file as `masec keys new` writes it: the did, the key id and the private JWK. */
export const KeyFileSchema = z.strictObject({
  did: z.string().startsWith('did:key:z'),
  kid: z.string(),
  jwk: PrivateJwkSchema.passthrough(),
});
export type KeyFile = z.infer<typeof KeyFileSchema>;

/** A new Ed25519 key and its did:key. */
export async function generateAgentKey(): Promise<{ key: AgentKey; file: KeyFile }> {
  const { privateKey } = await generateKeyPair(SIGNING_ALG, { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  const file = keyFileOf(jwk);
  return { key: await importAgentKey(file), file };
}

function keyFileOf(jwk: JWK): KeyFile {
  const { kty, crv, x, d } = PrivateJwkSchema.parse(jwk);
  const did = didKeyFromPublicKey(base64url.decode(x));
  return { did, kid: didKeyId(did), jwk: { kty, crv, x, d } };
}

/** The signing key of a key file (checked: the did and kid must be the key's own). */
export async function importAgentKey(input: unknown): Promise<AgentKey> {
  const file = KeyFileSchema.parse(input);
  const { kty, crv, x, d } = file.jwk;
  const did = didKeyFromPublicKey(base64url.decode(x));
  if (file.did !== did || file.kid !== didKeyId(did)) throw new Error(`key file: did ${file.did} and kid ${file.kid} are not those of its key (${did})`);
  const privateKey = (await importJWK({ kty, crv, x, d }, SIGNING_ALG)) as CryptoKey;
  return { did, kid: file.kid, privateKey, publicJwk: { kty, crv, x } };
}

/** The public JWK a did:key (or its key id) names. */
export function publicJwkOfDid(didOrKid: string): JWK {
  return { kty: 'OKP', crv: 'Ed25519', x: base64url.encode(publicKeyFromDidKey(didOrKid)) };
}

/** A verification key for a did:key (or key id). */
export async function verifyKeyOfDid(didOrKid: string): Promise<CryptoKey> {
  return (await importJWK(publicJwkOfDid(didOrKid), SIGNING_ALG)) as CryptoKey;
}

/** The did:key of a public JWK. */
export function didOfPublicJwk(jwk: unknown): string {
  return didKeyFromPublicKey(base64url.decode(PublicJwkSchema.parse(jwk).x));
}
