/**
 * Signed A2A agent cards (A2A v1.0 §8.4; ADR 0050). What a signature covers is the card projected onto the
 * v1.0 schema (the proto field set, through `@a2a-js/sdk`'s own `AgentCard` codec: fields outside it are
 * unsigned and not trusted), without `signatures`, with empty values dropped as a2a-js drops them, written
 * with masec's RFC 8785 canonicaliser (which, unlike a plain `JSON.stringify`, refuses lone surrogates and
 * non-finite numbers). That is byte-for-byte what `@a2a-js/sdk` signs, so cards verify in both directions.
 *
 * Drift: a card approved once is remembered by the digest of its whole canonical form (every field,
 * unknown ones included); any later change is `CARD_DRIFT` until it is approved again.
 */
import { AgentCard } from '@a2a-js/sdk';
import { type CryptoKey, type JWSHeaderParameters, FlattenedSign, base64url, decodeProtectedHeader, flattenedVerify } from 'jose';
import { canonicalJson } from '@masec/defenses';
import { ShieldRejection } from './rejection.js';
import { type AgentKey, SIGNING_ALG, verifyKeyOfDid } from './keys.js';

const GUARD = 'agent-cards';
/** Largest card accepted, in characters of its JSON (a card is a few KiB). */
export const MAX_CARD_LENGTH = 256 * 1024;
/** Most signatures looked at on one card. */
export const MAX_CARD_SIGNATURES = 8;

export type CardJson = Record<string, unknown>;

export interface CardSignature {
  protected: string;
  signature: string;
  header?: Record<string, unknown>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Drops empty strings, nulls, empty arrays and empty objects, recursively (what a2a-js does before JCS). */
function dropEmpty(value: unknown): unknown {
  if (value === '' || value === null || value === undefined) return undefined;
  if (Array.isArray(value)) {
    const items = value.map(dropEmpty).filter((v) => v !== undefined);
    return items.length > 0 ? items : undefined;
  }
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const kept = dropEmpty(v);
      if (kept !== undefined) out[key] = kept;
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }
  return value;
}

function refuse(code: 'CARD_INVALID' | 'CARD_DRIFT', message: string, cause?: unknown): never {
  throw new ShieldRejection(GUARD, code, message, cause === undefined ? undefined : { cause });
}

/** The signed content of a card: the bytes (as text) a card signature covers. */
export function cardSigningInput(card: unknown): string {
  if (!isRecord(card)) refuse('CARD_INVALID', 'an agent card is a JSON object');
  try {
    // Bounded first (depth, size, well-formed text), so the codec below never walks a hostile value.
    canonicalJson(card, { maxLength: MAX_CARD_LENGTH });
  } catch (error) {
    refuse('CARD_INVALID', `the card has no canonical form: ${(error as Error).message}`, error);
  }
  let projected: unknown;
  try {
    projected = AgentCard.toJSON(AgentCard.fromJSON(card));
  } catch (error) {
    refuse('CARD_INVALID', `the card does not fit the A2A v1.0 schema: ${(error as Error).message}`, error);
  }
  const { signatures: _signatures, ...rest } = projected as Record<string, unknown>;
  try {
    return canonicalJson(dropEmpty(rest) ?? {});
  } catch (error) {
    return refuse('CARD_INVALID', `the card has no canonical form: ${(error as Error).message}`, error);
  }
}

/** The card with a signature by `key` appended (protected header `{alg: EdDSA, kid, typ: JOSE}`, plus `jku` if given). */
export async function signCard(card: CardJson, key: AgentKey, options: { jku?: string } = {}): Promise<CardJson> {
  const header: JWSHeaderParameters = { alg: SIGNING_ALG, kid: key.kid, typ: 'JOSE', ...(options.jku === undefined ? {} : { jku: options.jku }) };
  const jws = await new FlattenedSign(new TextEncoder().encode(cardSigningInput(card))).setProtectedHeader(header).sign(key.privateKey);
  const signature: CardSignature = { protected: jws.protected as string, signature: jws.signature };
  const existing = Array.isArray(card.signatures) ? (card.signatures as unknown[]) : [];
  return { ...card, signatures: [...existing, signature] };
}

export interface CardVerifyOptions {
  /** The key a `kid` names (default: the did:key itself; a kid that is not a did:key is then refused). */
  resolveKey?: (kid: string, jku: string | undefined) => Promise<CryptoKey>;
  /** Whether a signer (the did of the kid) is trusted; default: any. */
  trusted?: (did: string) => boolean;
}

/**
 * Verifies a card: at least one of its signatures verifies with a trusted key (CARD_INVALID otherwise).
 * Returns the kid that verified.
 */
export async function verifyCard(card: unknown, options: CardVerifyOptions = {}): Promise<{ kid: string; did: string }> {
  const content = cardSigningInput(card);
  const signatures = (card as CardJson).signatures;
  if (!Array.isArray(signatures) || signatures.length === 0) refuse('CARD_INVALID', 'the card is not signed');
  const payload = base64url.encode(new TextEncoder().encode(content));
  const reasons: string[] = [];
  for (const [i, entry] of (signatures as unknown[]).slice(0, MAX_CARD_SIGNATURES).entries()) {
    if (!isRecord(entry) || typeof entry.protected !== 'string' || typeof entry.signature !== 'string') {
      reasons.push(`signatures[${i}]: not {protected, signature}`);
      continue;
    }
    try {
      const header = decodeProtectedHeader({ protected: entry.protected });
      if (typeof header.kid !== 'string' || typeof header.alg !== 'string' || typeof header.typ !== 'string') throw new Error('the protected header lacks alg, kid or typ');
      const did = header.kid.split('#')[0] as string;
      if (options.trusted !== undefined && !options.trusted(did)) throw new Error(`${did} is not a trusted card signer`);
      const key = await (options.resolveKey ?? ((kid: string) => verifyKeyOfDid(kid)))(header.kid, typeof header.jku === 'string' ? header.jku : undefined);
      const unprotected = isRecord(entry.header) ? (entry.header as JWSHeaderParameters) : undefined;
      await flattenedVerify({ payload, protected: entry.protected, signature: entry.signature, ...(unprotected === undefined ? {} : { header: unprotected }) }, key, { algorithms: [SIGNING_ALG, 'ES256'] });
      return { kid: header.kid, did };
    } catch (error) {
      reasons.push(`signatures[${i}]: ${(error as Error).message}`);
    }
  }
  return refuse('CARD_INVALID', `no signature on the card verifies (${reasons.join('; ')})`);
}

/** The digest of a whole card (all fields, unknown ones included; signatures left out), for drift. */
export async function cardDigest(card: unknown): Promise<string> {
  if (!isRecord(card)) refuse('CARD_INVALID', 'an agent card is a JSON object');
  const { signatures: _signatures, ...rest } = card as CardJson;
  let text: string;
  try {
    text = canonicalJson(rest);
  } catch (error) {
    return refuse('CARD_INVALID', `the card has no canonical form: ${(error as Error).message}`, error);
  }
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return `sha256:${Buffer.from(digest).toString('hex')}`;
}

/** Refuses (CARD_DRIFT) a card whose digest is not the approved one. */
export async function checkCardDrift(card: unknown, approvedDigest: string): Promise<void> {
  const digest = await cardDigest(card);
  if (digest !== approvedDigest) refuse('CARD_DRIFT', `the card changed since it was approved (approved ${approvedDigest}, now ${digest})`);
}
