/**
 * The identity layer's authenticator for the gateway's authentication seam: a request that carries a
 * signature entry is verified (signature, audience, replay, skew) and its caller is the signer's did:key,
 * verified; a capability token, when the route asks for one, is checked against that caller and the tool
 * or skill the call uses. Every refusal carries its masec code; the gateway audits it and answers in the
 * protocol's error shape.
 */
import { z } from 'zod';
import { type Clock, type StateStore } from '@masec/spec';
import { FreshnessWindow } from '@masec/defenses';
import type { AuthResult, Authenticator, InboundRequest } from '../gateway/authenticate.js';
import { verifyToken } from '../tokens/capability-token.js';
import { type Binding, bindingOf, signedContentOf, tokenOf } from './bindings.js';
import { isShieldRejection } from './rejection.js';
import { verifyContent } from './signed-message.js';

const did = z.string().regex(/^did:key:z[1-9A-HJ-NP-Za-km-z]+$/, 'an Ed25519 did:key');

export const SignedMessagesConfigSchema = z.strictObject({
  require: z.boolean().default(true).describe('refuse requests that send content (A2A messages, MCP requests) without a valid signature'),
  trusted: z.array(did).optional().describe('the agents whose signatures are accepted (the registry); absent: any did:key'),
  maxSkewMs: z.number().int().min(1).max(3_600_000).default(30_000).describe('largest accepted difference between a signature\u2019s time and the gateway clock'),
  maxNonces: z.number().int().min(1).max(100_000_000).default(1_000_000).describe('nonces remembered (size to requests per second \u00d7 2 \u00d7 maxSkewMs / 1000)'),
  audiences: z.array(z.string().min(1)).default([]).describe('further audience names accepted besides the route\u2019s URL at the gateway and the agent id'),
});
export type SignedMessagesConfig = z.infer<typeof SignedMessagesConfigSchema>;

export const CapabilityTokensConfigSchema = z.strictObject({
  require: z.boolean().default(true).describe('refuse calls without a capability token that covers them'),
  issuers: z.array(did).min(1).describe('who may issue the first link of a chain'),
  leewaySeconds: z.number().int().min(0).max(3600).default(30),
  revoked: z
    .array(z.string().min(8).max(128))
    .default([])
    .describe('link ids (jti) revoked before they expire; a token delegated from a revoked link is revoked too (TOKEN_REVOKED). Revocations made through POST /_masec/tokens/revoke are kept in the audit log and survive restarts'),
});
export type CapabilityTokensConfig = z.infer<typeof CapabilityTokensConfigSchema>;

/** The A2A metadata key under which a request may name the skill it invokes (checked against the token). */
export const SKILL_METADATA_KEY = 'urn:masec:ext:capability-tokens:v1/skill';

/** A2A methods (any binding, any version) that send a message, by their v1.0 name: what a signature names. */
const A2A_SIGNED: Readonly<Record<string, string>> = {
  SendMessage: 'SendMessage',
  'message/send': 'SendMessage',
  'message:send': 'SendMessage',
  SendStreamingMessage: 'SendStreamingMessage',
  'message/stream': 'SendStreamingMessage',
  'message:stream': 'SendStreamingMessage',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The signed method and the params of a request, or undefined when it carries no content to sign. */
function callOf(request: InboundRequest): { method: string; params: unknown; binding: Binding } | undefined {
  if (request.protocol === 'a2a') {
    const method = A2A_SIGNED[request.method];
    if (method === undefined || !isRecord(request.json)) return undefined;
    const params = request.json.jsonrpc === '2.0' ? request.json.params : request.json;
    return { method, params, binding: bindingOf('a2a') };
  }
  if (request.protocol === 'mcp') {
    const frame = request.json;
    // Requests carry an id; notifications and responses are not signed.
    if (!isRecord(frame) || typeof frame.method !== 'string' || frame.id === undefined) return undefined;
    return { method: frame.method, params: frame.params ?? {}, binding: bindingOf('mcp') };
  }
  return undefined;
}

export interface IdentityLayerOptions {
  signatures: SignedMessagesConfig;
  tokens?: CapabilityTokensConfig | undefined;
  /** The gateway's public URL (no trailing slash): a route's audience is this plus its mount path. */
  publicUrl: string;
  clock: Clock;
  state: StateStore;
  /** Whether a token link id was revoked (the gateway's revocation list). */
  revoked?: (jti: string) => boolean;
}

/** The authenticator of signed messages and capability tokens, for `createGateway({authenticators})`. */
export function identityAuthenticator(options: IdentityLayerOptions): Authenticator {
  const { signatures, tokens } = options;
  const freshness = new FreshnessWindow(options.state, 'signed-messages:nonces', { maxSkew: signatures.maxSkewMs, maxNonces: signatures.maxNonces });
  const trusted = signatures.trusted === undefined ? undefined : new Set(signatures.trusted);
  return {
    id: 'signature',
    async authenticate(request): Promise<AuthResult> {
      const call = callOf(request);
      if (call === undefined) return undefined;
      const { content, entry } = signedContentOf(call.binding, call.method, call.params);
      if (entry === undefined && !signatures.require) return undefined;
      const base = `${options.publicUrl}${request.route}`;
      const audience = [base, `${base}/`, request.agent, ...signatures.audiences];
      try {
        const signer = await verifyContent(entry, content, {
          audience,
          freshness,
          now: options.clock.now(),
          ...(trusted === undefined ? {} : { trusted: (d: string) => trusted.has(d) }),
        });
        if (tokens !== undefined) {
          const token = tokenOf(call.binding, call.params);
          if (token !== undefined || tokens.require) {
            const params = isRecord(call.params) ? call.params : {};
            const tool = call.binding.protocol === 'mcp' && call.method === 'tools/call' && typeof params.name === 'string' ? params.name : undefined;
            const meta = isRecord(params.metadata) ? params.metadata : {};
            const skill = call.binding.protocol === 'a2a' && typeof meta[SKILL_METADATA_KEY] === 'string' ? (meta[SKILL_METADATA_KEY] as string) : undefined;
            await verifyToken(token, {
              caller: signer.did,
              audience,
              issuers: tokens.issuers,
              leewaySeconds: tokens.leewaySeconds,
              now: options.clock.now(),
              ...(options.revoked === undefined ? {} : { revoked: options.revoked }),
              ...(tool === undefined ? {} : { tool }),
              ...(skill === undefined ? {} : { skill }),
            });
          }
        }
        return { caller: { id: signer.did, verified: true, via: 'signature' } };
      } catch (error) {
        if (!isShieldRejection(error)) throw error;
        return { refuse: { code: error.code, message: error.message, by: error.guard } };
      }
    },
  };
}
