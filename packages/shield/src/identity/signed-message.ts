/**
 * Signed messages (docs/reference/signed-messages.md): a detached JWS (RFC 7515 appendix F) over the RFC 8785
 * canonical form of `{aud, body, iat, method, nonce}`, where `body` is the request's params without the
 * signature entry. The entry travels in the request itself: A2A `params.metadata[SIGNED_MESSAGES_EXTENSION]`
 * (an extension the agent's card declares), MCP `params._meta[MCP_SIGNATURE_KEY]`. Taint labels and
 * capability tokens ride in the same metadata, so the signature covers them.
 */
import { type KeyObject, KeyObject as KeyObjects, verify as verifyEd25519 } from 'node:crypto';
import { type CryptoKey, FlattenedSign, base64url, decodeProtectedHeader } from 'jose';
import { z } from 'zod';
import { type FreshnessWindow, canonicalBytes } from '@masec/defenses';
import { ShieldRejection } from './rejection.js';
import { type AgentKey, SIGNING_ALG, verifyKeyObjectOfDid } from './keys.js';

/** The A2A extension URI (declared in `capabilities.extensions`) and the metadata key of the entry. */
export const SIGNED_MESSAGES_EXTENSION = 'urn:masec:ext:signed-messages:v1';
/** The MCP `_meta` key of the entry (reverse-DNS prefix, as MCP asks of `_meta` keys). */
export const MCP_SIGNATURE_KEY = 'dev.masec/signature';
/** The JWS `typ` of a message signature. */
export const MESSAGE_JWS_TYPE = 'masec-msg+jws';

const GUARD = 'signed-messages';
/** An Ed25519 signature (64 bytes) in unpadded base64url: 85 free characters and a last one with its low 4 bits zero. */
const ED25519_SIGNATURE = /^[A-Za-z0-9_-]{85}[AQgw]$/;
const B64URL = /^[A-Za-z0-9_-]*$/;

/** The signature entry: who signed, for whom, when, with which nonce, and the detached JWS. */
export const MessageSignatureSchema = z.strictObject({
  v: z.literal(1),
  kid: z.string().min(1).max(256).describe('key id of the signer: a did:key with its #fragment'),
  aud: z.string().min(1).max(2048).describe('the audience: the agent or server URL (or id) the request is for'),
  iat: z.number().int().nonnegative().describe('when it was signed, milliseconds since the epoch'),
  nonce: z.string().min(16).max(256).regex(B64URL).describe('at least 96 random bits, base64url'),
  jws: z.string().max(2048).regex(/^[A-Za-z0-9_-]+\.\.[A-Za-z0-9_-]+$/).describe('detached compact JWS: protected..signature'),
});
export type MessageSignature = z.infer<typeof MessageSignatureSchema>;

/** What a signature covers besides its own fields. */
export interface SignedContent {
  /** The protocol method (`SendMessage`, `tools/call`...). */
  method: string;
  /** The request params without the signature entry. */
  body: unknown;
}

function payloadOf(content: SignedContent, aud: string, iat: number, nonce: string): Uint8Array {
  return canonicalBytes({ aud, body: content.body, iat, method: content.method, nonce });
}

function randomNonce(): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(16)));
}

/** Signs `content` for `audience` with `key` (now, a fresh random nonce unless given). */
export async function signContent(key: AgentKey, content: SignedContent, audience: string, options: { now?: number; nonce?: string } = {}): Promise<MessageSignature> {
  const iat = Math.floor(options.now ?? Date.now());
  const nonce = options.nonce ?? randomNonce();
  const jws = await new FlattenedSign(payloadOf(content, audience, iat, nonce)).setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: MESSAGE_JWS_TYPE }).sign(key.privateKey);
  return { v: 1, kid: key.kid, aud: audience, iat, nonce, jws: `${jws.protected}..${jws.signature}` };
}

export interface VerifyOptions {
  /** The audience this verifier answers to; a signature for another is refused. */
  audience: string | readonly string[];
  /** Replay and skew checks in milliseconds (the gateway's clock). */
  freshness: FreshnessWindow;
  now: number;
  /** Whether a signer's key is trusted (the agent registry); default: any valid did:key. */
  trusted?: (did: string) => boolean;
  /** Key resolution, for tests or key caches (default: the did:key itself). */
  resolveKey?: (kid: string) => Promise<CryptoKey>;
}

/** The identity a valid signature proves. */
export interface VerifiedSigner {
  did: string;
  kid: string;
  iat: number;
  nonce: string;
}

/**
 * Verifies a signature entry over `content`: its shape, its audience, the JWS against the signer's did:key,
 * then replay and skew (in that order, so a forger cannot burn nonces). Throws `ShieldRejection` with
 * SIGNATURE_INVALID, IDENTITY_UNKNOWN, REPLAY_DETECTED or CLOCK_SKEW.
 */
export async function verifyContent(entry: unknown, content: SignedContent, options: VerifyOptions): Promise<VerifiedSigner> {
  if (entry === undefined) throw new ShieldRejection(GUARD, 'SIGNATURE_INVALID', 'the request is not signed');
  const parsed = MessageSignatureSchema.safeParse(entry);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ShieldRejection(GUARD, 'SIGNATURE_INVALID', `malformed signature entry: ${issue?.path.join('.') || '(entry)'}: ${issue?.message ?? 'invalid'}`);
  }
  const sig = parsed.data;
  const audiences = typeof options.audience === 'string' ? [options.audience] : options.audience;
  if (!audiences.includes(sig.aud)) throw new ShieldRejection(GUARD, 'SIGNATURE_INVALID', `signed for ${JSON.stringify(sig.aud)}, not for this recipient`);
  const [protectedHeader, , signature] = sig.jws.split('.') as [string, string, string];
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader({ protected: protectedHeader });
  } catch (error) {
    throw new ShieldRejection(GUARD, 'SIGNATURE_INVALID', 'the JWS protected header is not base64url JSON', { cause: error });
  }
  // Exactly these three members (the spec's rule): no `crit`, `b64` or other parameter changes what is verified.
  if (Object.keys(header).length !== 3 || header.alg !== SIGNING_ALG || header.kid !== sig.kid || header.typ !== MESSAGE_JWS_TYPE) {
    throw new ShieldRejection(GUARD, 'SIGNATURE_INVALID', `the JWS header must be {alg: ${SIGNING_ALG}, kid: the entry's kid, typ: ${MESSAGE_JWS_TYPE}}`);
  }
  const did = sig.kid.split('#')[0] as string;
  const key: KeyObject = options.resolveKey === undefined ? verifyKeyObjectOfDid(sig.kid) : KeyObjects.from(await options.resolveKey(sig.kid));
  if (options.trusted !== undefined && !options.trusted(did)) throw new ShieldRejection(GUARD, 'IDENTITY_UNKNOWN', `${did} is not a registered agent`);
  let payload: Uint8Array;
  try {
    payload = payloadOf(content, sig.aud, sig.iat, sig.nonce);
  } catch (error) {
    throw new ShieldRejection(GUARD, 'SIGNATURE_INVALID', `the request has no canonical form: ${(error as Error).message}`, { cause: error });
  }
  // RFC 7515 §5.2 for the header checked above: Ed25519 over ASCII(protected '.' BASE64URL(payload)), the
  // signature 64 bytes in unpadded base64url (86 characters).
  // A key of another type (from a registry's resolver) never verifies an EdDSA signature, as jose refused it.
  // The verification runs on libuv's thread pool (the callback form of crypto.verify): ~25 µs of the event
  // loop's time instead of ~110 (benchmarks/README.md), for ~30 µs more latency. The nonce is checked after
  // it, synchronously, so two copies of one request in flight cannot both pass.
  let valid = false;
  if (key.asymmetricKeyType === 'ed25519' && ED25519_SIGNATURE.test(signature)) {
    const signed = Buffer.from(`${protectedHeader}.${base64url.encode(payload)}`, 'ascii');
    try {
      valid = await new Promise<boolean>((resolve, reject) => verifyEd25519(null, signed, key, Buffer.from(signature, 'base64url'), (error, ok) => (error === null ? resolve(ok) : reject(error))));
    } catch (error) {
      throw new ShieldRejection(GUARD, 'SIGNATURE_INVALID', `the signature does not verify for ${did}`, { cause: error });
    }
  }
  if (!valid) throw new ShieldRejection(GUARD, 'SIGNATURE_INVALID', `the signature does not verify for ${did}`);
  const stale = options.freshness.check(did, sig.nonce, sig.iat, options.now);
  if (stale !== undefined) throw new ShieldRejection(GUARD, stale.code, stale.reason);
  return { did, kid: sig.kid, iat: sig.iat, nonce: sig.nonce };
}

declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T };
