/**
 * Ed25519 agent keys: generation, JWK export and import, and the did:key that names each key. Private keys
 * stay in `AgentKey` objects and key files (written 0600 by `masec keys`); nothing here prints or logs one.
 */
import { type KeyObject, createPublicKey } from 'node:crypto';
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

/** Verification keys already imported, by did:key or key id (a did:key is its key: nothing to invalidate). */
const KEY_CACHE_SIZE = 10_000;
const cryptoKeys = new Map<string, Promise<CryptoKey>>();
const keyObjects = new Map<string, KeyObject>();

function remember<V>(cache: Map<string, V>, id: string, value: V): V {
  // Bounded: the oldest entry goes first (callers that send many distinct keys only cost a re-import).
  if (cache.size >= KEY_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(id, value);
  return value;
}

/** A verification key (WebCrypto, for jose) for a did:key (or key id); imported once per key. */
export function verifyKeyOfDid(didOrKid: string): Promise<CryptoKey> {
  const known = cryptoKeys.get(didOrKid);
  if (known !== undefined) return known;
  const imported = importJWK(publicJwkOfDid(didOrKid), SIGNING_ALG) as Promise<CryptoKey>;
  // A failed import is not remembered (the did's error is thrown again next time).
  imported.catch(() => cryptoKeys.delete(didOrKid));
  return remember(cryptoKeys, didOrKid, imported);
}

/**
 * The same key as a node:crypto KeyObject, for synchronous Ed25519 verification on the event loop (a
 * signed message is verified on every request; WebCrypto's asynchronous verify costs a thread-pool round
 * trip each time). Imported once per key; throws as `publicKeyFromDidKey` does for a malformed did:key.
 */
export function verifyKeyObjectOfDid(didOrKid: string): KeyObject {
  return keyObjects.get(didOrKid) ?? remember(keyObjects, didOrKid, createPublicKey({ key: publicJwkOfDid(didOrKid) as { kty: string }, format: 'jwk' }));
}

/** The did:key of a public JWK. */
export function didOfPublicJwk(jwk: unknown): string {
  return didKeyFromPublicKey(base64url.decode(PublicJwkSchema.parse(jwk).x));
}
