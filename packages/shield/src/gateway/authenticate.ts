/**
 * The authentication seam. After an inbound request is read, and before any guard runs, the gateway asks
 * its authenticators in order who the caller is. Each may answer with a caller (and whether the identity
 * is verified), refuse the request with a verdict code (SIGNATURE_INVALID, REPLAY_DETECTED, TOKEN_SCOPE...,
 * audited and answered in the protocol's error shape), or abstain. The first answer decides; when all
 * abstain the caller is `anonymous` (refused when `identity.require` is set). Guards and rate limits key on
 * the caller's id: the envelope's `from`.
 *
 * Built in: bearer tokens mapped to identities (verified) and a claimed-identity header (unverified). The
 * identity layer adds signature, replay, capability-token and card checks as further authenticators.
 */
import { timingSafeEqual } from 'node:crypto';
import { type AgentId, type VerdictCode, identityKind } from '@masec/spec';
import { sha256Hex } from '../audit/record.js';

export interface InboundRequest {
  /** `a2a` or `mcp`. */
  readonly protocol: string;
  /** The route's mount path and the agent it fronts (the recipient). */
  readonly route: string;
  readonly agent: AgentId;
  /** The protocol method (SendMessage, message/send, message:send, tools/call...). */
  readonly method: string;
  readonly httpMethod: string;
  /** The path below the route's mount. */
  readonly path: string;
  readonly headers: Headers;
  /** The body as it arrived. */
  readonly body: Uint8Array;
  /** The body parsed as JSON, when it is JSON (the identity layer reads signatures and tokens from it). */
  readonly json: unknown;
}

export interface Caller {
  readonly id: AgentId;
  /** Whether the identity was proven (token, signature) rather than claimed. */
  readonly verified: boolean;
  /** Which authenticator decided: `bearer`, `header`, `signature`, `none`. */
  readonly via: string;
}

export interface AuthRefusal {
  readonly code: VerdictCode;
  readonly message: string;
  /** HTTP status; default from the code's table. */
  readonly status?: number;
  /** Which authenticator refused (the audit record's guard). */
  readonly by: string;
}

/** An authenticator's answer: a caller, a refusal, or undefined to let the next one decide. */
export type AuthResult = { caller: Caller } | { refuse: AuthRefusal } | undefined;

export interface Authenticator {
  readonly id: string;
  authenticate(request: InboundRequest): AuthResult | Promise<AuthResult>;
}

export const ANONYMOUS: Caller = Object.freeze({ id: 'anonymous', verified: false, via: 'none' });

/** Runs the authenticators in order; the first answer decides. */
export async function authenticate(authenticators: readonly Authenticator[], request: InboundRequest, require: boolean): Promise<{ caller: Caller } | { refuse: AuthRefusal }> {
  for (const authenticator of authenticators) {
    const result = await authenticator.authenticate(request);
    if (result !== undefined) return result;
  }
  if (require) return { refuse: { code: 'IDENTITY_UNKNOWN', message: 'the caller did not identify itself and this gateway requires it', by: 'gateway' } };
  return { caller: ANONYMOUS };
}

/** `Authorization: Bearer <token>` mapped to a caller by the token's sha256; an unknown token is refused. */
export function bearerTokenAuthenticator(callers: readonly { id: AgentId; tokenSha256: string }[]): Authenticator {
  const digests = callers.map((c) => ({ id: c.id, digest: Buffer.from(c.tokenSha256, 'hex') }));
  return {
    id: 'bearer',
    authenticate(request) {
      const header = request.headers.get('authorization');
      if (header === null || !/^bearer\s+/i.test(header)) return undefined;
      const digest = Buffer.from(sha256Hex(header.replace(/^bearer\s+/i, '').trim()), 'hex');
      // Compare with every caller's digest in constant time each, so timing says nothing about which matched.
      let found: AgentId | undefined;
      for (const c of digests) if (timingSafeEqual(c.digest, digest) && found === undefined) found = c.id;
      if (found === undefined) return { refuse: { code: 'IDENTITY_UNKNOWN', message: 'the bearer token is not registered with this gateway', by: 'bearer' } };
      return { caller: { id: found, verified: true, via: 'bearer' } };
    },
  };
}

/** A caller-claimed identity in a header (unverified: for trusted networks and tests). A malformed id is refused. */
export function headerClaimAuthenticator(header: string): Authenticator {
  const name = header.toLowerCase();
  return {
    id: 'header',
    authenticate(request) {
      const claimed = request.headers.get(name);
      if (claimed === null || claimed === '') return undefined;
      if (identityKind(claimed) === undefined) return { refuse: { code: 'IDENTITY_UNKNOWN', message: `header ${header} does not hold an agent id`, by: 'header' } };
      return { caller: { id: claimed, verified: false, via: 'header' } };
    },
  };
}
