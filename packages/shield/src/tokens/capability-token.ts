/**
 * Capability tokens (ADR 0052): a chain of EdDSA-signed JWTs joined by `~`. The first link is issued by a
 * trusted issuer to a holder; each further link is signed by the previous link's holder and hands the
 * capability on to a new holder, attenuated — its tools, skills and audiences a subset of its parent's, its
 * expiry no later. A call is allowed when the chain verifies, every link is current, the last holder is the
 * verified caller, and the last link's scope covers this audience and this tool or skill.
 */
import { CompactSign, base64url, compactVerify, decodeProtectedHeader } from 'jose';
import { z } from 'zod';
import { ShieldRejection } from '../identity/rejection.js';
import { type AgentKey, SIGNING_ALG, verifyKeyOfDid } from '../identity/keys.js';

export const TOKEN_JWS_TYPE = 'masec-cap+jwt';
/** Longest chain and longest token accepted. */
export const MAX_TOKEN_LINKS = 8;
export const MAX_TOKEN_LENGTH = 16 * 1024;
const GUARD = 'capability-tokens';

const name = z.string().min(1).max(256);
/** `*` grants every tool (or skill); only a parent with `*` may pass `*` on. */
export const ScopeSchema = z.strictObject({
  tools: z.array(name).max(256).default([]).describe('MCP tools the holder may call (`*`: all)'),
  skills: z.array(name).max(256).default([]).describe('A2A skills the holder may invoke (`*`: all)'),
});
export type Scope = z.infer<typeof ScopeSchema>;

export const LinkClaimsSchema = z.strictObject({
  iss: z.string().startsWith('did:key:z').max(128),
  sub: z.string().startsWith('did:key:z').max(128),
  aud: z.array(z.string().min(1).max(2048)).min(1).max(32).describe('gateways or agents where the capability may be used'),
  scope: ScopeSchema,
  iat: z.number().int().nonnegative(),
  exp: z.number().int().positive().describe('expiry, seconds since the epoch'),
  jti: z.string().min(8).max(128),
  prf: z.string().max(64).optional().describe('base64url SHA-256 of the parent link (absent on the first)'),
});
export type LinkClaims = z.infer<typeof LinkClaimsSchema>;

export interface Grant {
  /** The holder the link hands the capability to (a did:key). */
  holder: string;
  audience: readonly string[];
  scope: { tools?: readonly string[]; skills?: readonly string[] };
  /** Lifetime in seconds from now (capped by the parent's expiry when delegating). */
  ttlSeconds: number;
}

const encoder = new TextEncoder();

async function digestOf(link: string): Promise<string> {
  return base64url.encode(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(link))));
}

function nowSeconds(now?: number): number {
  return Math.floor((now ?? Date.now()) / 1000);
}

async function signLink(key: AgentKey, claims: LinkClaims): Promise<string> {
  return new CompactSign(encoder.encode(JSON.stringify(claims))).setProtectedHeader({ alg: SIGNING_ALG, kid: key.kid, typ: TOKEN_JWS_TYPE }).sign(key.privateKey);
}

function randomId(): string {
  return base64url.encode(crypto.getRandomValues(new Uint8Array(12)));
}

/** A new token: `issuer` grants `grant` (the first link). */
export async function issueToken(issuer: AgentKey, grant: Grant, options: { now?: number } = {}): Promise<string> {
  const iat = nowSeconds(options.now);
  const claims: LinkClaims = {
    iss: issuer.did,
    sub: grant.holder,
    aud: [...grant.audience],
    scope: { tools: [...(grant.scope.tools ?? [])], skills: [...(grant.scope.skills ?? [])] },
    iat,
    exp: iat + grant.ttlSeconds,
    jti: randomId(),
  };
  return signLink(issuer, LinkClaimsSchema.parse(claims));
}

/**
 * `token` handed on by its current holder (`holder`, whose key signs the new link) to `grant.holder`,
 * attenuated to `grant`. Refuses (TOKEN_SCOPE) a grant wider than what the holder has.
 */
export async function delegateToken(token: string, holder: AgentKey, grant: Grant, options: { now?: number } = {}): Promise<string> {
  const links = token.split('~');
  const last = links[links.length - 1] as string;
  const parent = claimsOf(last);
  if (parent.sub !== holder.did) throw new ShieldRejection(GUARD, 'TOKEN_INVALID', `the token is held by ${parent.sub}, not by ${holder.did}`);
  const iat = nowSeconds(options.now);
  const claims: LinkClaims = {
    iss: holder.did,
    sub: grant.holder,
    aud: [...grant.audience],
    scope: { tools: [...(grant.scope.tools ?? [])], skills: [...(grant.scope.skills ?? [])] },
    iat,
    exp: Math.min(parent.exp, iat + grant.ttlSeconds),
    jti: randomId(),
    prf: await digestOf(last),
  };
  const wider = widening(parent, claims);
  if (wider !== undefined) throw new ShieldRejection(GUARD, 'TOKEN_SCOPE', `cannot delegate more than is held: ${wider}`);
  return `${token}~${await signLink(holder, LinkClaimsSchema.parse(claims))}`;
}

/**
 * The link ids (`jti`) of a token, first to last, read without verifying it (to revoke the token: its last
 * link's id). TOKEN_INVALID when it is not a token.
 */
export function tokenLinkIds(token: string): string[] {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw new ShieldRejection(GUARD, 'TOKEN_INVALID', `a capability token is a string of 1..${MAX_TOKEN_LENGTH} characters`);
  return token.split('~').map((link) => claimsOf(link).jti);
}

/** Unverified claims of one link (for delegation and diagnostics). */
function claimsOf(link: string): LinkClaims {
  const parts = link.split('.');
  if (parts.length !== 3) throw new ShieldRejection(GUARD, 'TOKEN_INVALID', 'a token link is not a compact JWS');
  try {
    return LinkClaimsSchema.parse(JSON.parse(new TextDecoder().decode(base64url.decode(parts[1] as string))));
  } catch (error) {
    throw new ShieldRejection(GUARD, 'TOKEN_INVALID', 'a token link has malformed claims', { cause: error });
  }
}

function covers(parent: readonly string[], child: readonly string[]): string | undefined {
  if (parent.includes('*')) return undefined;
  return child.find((item) => !parent.includes(item));
}

/** What `child` claims beyond `parent`, or undefined when it is an attenuation. */
function widening(parent: LinkClaims, child: LinkClaims): string | undefined {
  const tool = covers(parent.scope.tools, child.scope.tools);
  if (tool !== undefined) return `tool ${JSON.stringify(tool)}`;
  const skill = covers(parent.scope.skills, child.scope.skills);
  if (skill !== undefined) return `skill ${JSON.stringify(skill)}`;
  const aud = child.aud.find((a) => !parent.aud.includes(a));
  if (aud !== undefined) return `audience ${JSON.stringify(aud)}`;
  if (child.exp > parent.exp) return `expiry ${child.exp} after the parent's ${parent.exp}`;
  return undefined;
}

export interface TokenCheck {
  /** The verified caller (the signer of the request): must be the last holder. */
  caller: string;
  /** This gateway's or agent's audience names; the token must name one of them. */
  audience: readonly string[];
  /** What the call uses. */
  tool?: string;
  skill?: string;
  now?: number;
  /** Issuers trusted to start a chain. */
  issuers: readonly string[];
  /** Allowed clock skew in seconds (default 30). */
  leewaySeconds?: number;
  /** Whether a link id (`jti`) was revoked: revoking a link revokes every token delegated from it. */
  revoked?: (jti: string) => boolean;
}

/** The verified chain: every link's claims, first to last. */
export interface VerifiedToken {
  links: readonly LinkClaims[];
  scope: Scope;
  holder: string;
}

/**
 * Verifies a token for one call. TOKEN_INVALID: missing, malformed, badly signed, broken chain, untrusted
 * issuer, expired, for another audience or held by someone else. TOKEN_REVOKED: a link was revoked. TOKEN_SCOPE: a link claims more than its
 * parent, or the call is outside the last link's scope.
 */
export async function verifyToken(token: unknown, check: TokenCheck): Promise<VerifiedToken> {
  if (token === undefined) throw new ShieldRejection(GUARD, 'TOKEN_INVALID', 'no capability token');
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
    throw new ShieldRejection(GUARD, 'TOKEN_INVALID', `a capability token is a string of 1..${MAX_TOKEN_LENGTH} characters`);
  }
  const raw = token.split('~');
  if (raw.length > MAX_TOKEN_LINKS) throw new ShieldRejection(GUARD, 'TOKEN_INVALID', `a chain of ${raw.length} links (at most ${MAX_TOKEN_LINKS})`);
  const now = nowSeconds(check.now);
  const leeway = check.leewaySeconds ?? 30;
  const links: LinkClaims[] = [];
  for (const [i, link] of raw.entries()) {
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(link);
    } catch (error) {
      throw new ShieldRejection(GUARD, 'TOKEN_INVALID', `link ${i} is not a compact JWS`, { cause: error });
    }
    const claims = claimsOf(link);
    const parent = links[i - 1];
    const signer = parent === undefined ? claims.iss : parent.sub;
    if (claims.iss !== signer) throw new ShieldRejection(GUARD, 'TOKEN_INVALID', `link ${i} is issued by ${claims.iss}, not by the holder ${signer}`);
    if (parent === undefined && !check.issuers.includes(claims.iss)) throw new ShieldRejection(GUARD, 'TOKEN_INVALID', `issuer ${claims.iss} is not trusted`);
    if (header.alg !== SIGNING_ALG || header.typ !== TOKEN_JWS_TYPE || typeof header.kid !== 'string' || header.kid.split('#')[0] !== signer) {
      throw new ShieldRejection(GUARD, 'TOKEN_INVALID', `link ${i}: the header must be {alg: ${SIGNING_ALG}, typ: ${TOKEN_JWS_TYPE}, kid: a key of ${signer}}`);
    }
    try {
      await compactVerify(link, await verifyKeyOfDid(header.kid), { algorithms: [SIGNING_ALG] });
    } catch (error) {
      throw new ShieldRejection(GUARD, 'TOKEN_INVALID', `link ${i}: the signature does not verify for ${signer}`, { cause: error });
    }
    if (parent !== undefined) {
      if (claims.prf !== (await digestOf(raw[i - 1] as string))) throw new ShieldRejection(GUARD, 'TOKEN_INVALID', `link ${i} does not name its parent`);
      const wider = widening(parent, claims);
      if (wider !== undefined) throw new ShieldRejection(GUARD, 'TOKEN_SCOPE', `link ${i} claims more than was delegated: ${wider}`);
    } else if (claims.prf !== undefined) {
      throw new ShieldRejection(GUARD, 'TOKEN_INVALID', 'the first link names a parent');
    }
    if (check.revoked?.(claims.jti) === true) throw new ShieldRejection(GUARD, 'TOKEN_REVOKED', `link ${i} (jti ${claims.jti}) is revoked`);
    if (now > claims.exp + leeway) throw new ShieldRejection(GUARD, 'TOKEN_INVALID', `link ${i} expired at ${claims.exp} (now ${now})`);
    if (claims.iat > now + leeway) throw new ShieldRejection(GUARD, 'TOKEN_INVALID', `link ${i} is issued in the future (${claims.iat}, now ${now})`);
    links.push(claims);
  }
  const last = links[links.length - 1] as LinkClaims;
  if (last.sub !== check.caller) throw new ShieldRejection(GUARD, 'TOKEN_INVALID', `the token is held by ${last.sub}, not by the caller ${check.caller}`);
  if (!last.aud.some((a) => check.audience.includes(a))) throw new ShieldRejection(GUARD, 'TOKEN_INVALID', `the token is for ${last.aud.join(', ')}, not for this gateway`);
  if (check.tool !== undefined && covers(last.scope.tools, [check.tool]) !== undefined) throw new ShieldRejection(GUARD, 'TOKEN_SCOPE', `the token does not cover tool ${JSON.stringify(check.tool)}`);
  if (check.skill !== undefined && covers(last.scope.skills, [check.skill]) !== undefined) throw new ShieldRejection(GUARD, 'TOKEN_SCOPE', `the token does not cover skill ${JSON.stringify(check.skill)}`);
  return { links, scope: last.scope, holder: last.sub };
}

declare const crypto: { getRandomValues<T extends Uint8Array>(array: T): T; subtle: { digest(algorithm: string, data: Uint8Array): Promise<ArrayBuffer> } };
