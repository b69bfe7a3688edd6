/**
 * The gateway's configuration file (`shield.yaml`): where it listens, the agents it fronts (each an A2A
 * upstream mounted at a path), the guards every request and response passes, how callers are identified,
 * and where the audit log goes. One zod schema; the type comes from it. Times are in milliseconds, the
 * gateway clock's unit, guard windows included.
 */
import { z } from 'zod';
import { AgentIdSchema, ConfidentialitySchema, LabelsSchema } from '@masec/spec';
import { CapabilityTokensConfigSchema, SignedMessagesConfigSchema } from '../identity/authenticator.js';
import { CardPolicySchema } from '../identity/card-policy.js';
import { PushNotificationsSchema } from '../a2a/push-webhooks.js';

/** A defense from the registry, by id, with its config (checked against the defense's own schema at load). */
export const GuardSpecSchema = z.strictObject({
  id: z.string().min(1).describe('defense id, e.g. content-detector (masec list defenses)'),
  config: z.record(z.string(), z.unknown()).default({}).describe('the defense\u2019s config; windows and cool-downs in milliseconds'),
});
export type GuardSpec = z.infer<typeof GuardSpecSchema>;

const MountSchema = z
  .string()
  .regex(/^\/(?:[A-Za-z0-9._~-]+\/)*[A-Za-z0-9._~-]+$/, 'a path such as /agents/planner (no trailing slash, no `:`)')
  .describe('where the agent is mounted on the gateway');

const UpstreamSchema = z
  .string()
  .url()
  .refine((u) => u.startsWith('http://') || u.startsWith('https://'), 'an http(s) URL')
  .describe('the agent\u2019s own base URL (its JSON-RPC endpoint, and the root of its HTTP+JSON binding and agent card)');

/** The protocols the gateway fronts; a route's handler is chosen by it (the MCP handler registers `mcp`). */
export const ROUTE_PROTOCOLS = ['a2a', 'mcp'] as const;

export const AgentRouteSchema = z.strictObject({
  protocol: z.enum(ROUTE_PROTOCOLS).default('a2a').describe('what the upstream speaks: a2a (JSON-RPC, HTTP+JSON, SSE) or mcp (streamable HTTP)'),
  id: AgentIdSchema.describe('the agent\u2019s identity: the envelope recipient of traffic to it and sender of its answers'),
  path: MountSchema,
  upstream: UpstreamSchema,
  clearance: ConfidentialitySchema.default('internal').describe('highest confidentiality this agent may receive (taint-labels)'),
  principal: z.string().min(1).optional().describe('whom the agent acts for (memory partitions); default: its id'),
  labels: LabelsSchema.optional().describe('labels of content this agent answers with when it carries none (default: internal, untrusted)'),
  guards: z.array(GuardSpecSchema).default([]).describe('guards for traffic to and from this agent only, after the global ones'),
  card: CardPolicySchema.optional().describe('verify the agent\u2019s card before serving it: trusted signers (CARD_INVALID) and the approved digest (CARD_DRIFT)'),
  cardUrls: z
    .enum(['keep', 'rewrite'])
    .default('keep')
    .describe('keep: serve the agent card byte for byte (its URLs should name the gateway); rewrite: point an unsigned card\u2019s interface URLs at the gateway (a signed card is never rewritten)'),
});
export type AgentRoute = z.infer<typeof AgentRouteSchema>;

export const CallerSchema = z.strictObject({
  id: AgentIdSchema.describe('the caller\u2019s identity'),
  tokenSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'hex sha256 of the bearer token')
    .describe('sha256 (hex) of the bearer token this caller presents; the token itself is never stored'),
  clearance: ConfidentialitySchema.optional().describe('highest confidentiality this caller may receive in answers (default: its agent route\u2019s, else internal)'),
});

export const IdentitySchema = z
  .strictObject({
    header: z
      .string()
      .min(1)
      .optional()
      .describe('HTTP header carrying a caller-claimed identity, unverified (for trusted networks and the lab); absent: not read'),
    callers: z.array(CallerSchema).default([]).describe('callers identified by a bearer token (verified)'),
    require: z.boolean().default(false).describe('refuse requests whose caller is not verified (IDENTITY_UNKNOWN)'),
    signatures: SignedMessagesConfigSchema.optional().describe('verify signed messages (docs/reference/signed-messages.md): the signer\u2019s did:key becomes the verified caller'),
    tokens: CapabilityTokensConfigSchema.optional().describe('check capability tokens on every call (needs signatures: the token\u2019s holder must be the signer)'),
  })
  .default({ callers: [], require: false });

export const AuditSchema = z
  .strictObject({
    path: z.string().min(1).default('.masec/audit.sqlite').describe('SQLite file of the audit log (relative to the config file)'),
    checkpointEvery: z.number().int().min(1).max(1_000_000).default(1000).describe('records between signed checkpoints'),
    checkpointMs: z.number().int().min(100).max(86_400_000).default(60_000).describe('most milliseconds between checkpoints while records arrive'),
    signingKey: z
      .string()
      .min(1)
      .optional()
      .describe('PEM file of the Ed25519 private key that signs checkpoints (relative to the config file); absent: a key is made beside the log'),
  })
  .default({ path: '.masec/audit.sqlite', checkpointEvery: 1000, checkpointMs: 60_000 });

export const AdminSchema = z
  .strictObject({
    tokenEnv: z.string().min(1).optional().describe('environment variable holding the admin token'),
    tokenFile: z.string().min(1).optional().describe('file holding the admin token (relative to the config file)'),
  })
  .default({})
  .describe('the admin endpoints (/_masec/...) need `Authorization: Bearer <token>`; without a token they are off');

export const QuarantineModeSchema = z.strictObject({
  mode: z.enum(['block', 'strict']).default('block').describe('block: a quarantined agent\u2019s requests are refused; strict: they pass the strict guards instead'),
  strictGuards: z.array(GuardSpecSchema).default([]).describe('the guards a quarantined agent\u2019s traffic passes in strict mode'),
});

export const LimitsSchema = z.strictObject({
  maxBodyBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(4 * 1024 * 1024).describe('largest request or response body (and SSE event) in bytes'),
  upstreamTimeoutMs: z.number().int().min(1).max(3_600_000).default(30_000).describe('how long an upstream may take to answer (headers); streams may run longer'),
  maxEdges: z.number().int().min(1).max(10_000_000).default(100_000).describe('distinct sender\u2192recipient edges the traffic graph keeps'),
});

export const ShieldConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  listen: z
    .strictObject({
      host: z.string().min(1).default('127.0.0.1').describe('interface to bind: loopback unless configured otherwise'),
      port: z.number().int().min(0).max(65535).default(8787).describe('TCP port (0: any free port)'),
    })
    .default({ host: '127.0.0.1', port: 8787 }),
  publicUrl: z.string().url().optional().describe('the gateway\u2019s URL as callers see it (card URL rewriting); default: from listen'),
  agents: z.array(AgentRouteSchema).min(1).max(10_000).describe('the agents behind the gateway'),
  guards: z.array(GuardSpecSchema).default([]).describe('guards every request and answer passes, shared by all agents (propagation is seen across all of them)'),
  quarantine: QuarantineModeSchema.default({ mode: 'block', strictGuards: [] }),
  identity: IdentitySchema,
  audit: AuditSchema,
  admin: AdminSchema,
  pushNotifications: PushNotificationsSchema.default({ mode: 'check', allowHosts: [] }).describe('A2A push-notification webhooks callers may register (an SSRF surface): see docs/guides/shield.md'),
  limits: LimitsSchema.default({ maxBodyBytes: 4 * 1024 * 1024, upstreamTimeoutMs: 30_000, maxEdges: 100_000 }),
});
export type ShieldConfig = z.infer<typeof ShieldConfigSchema>;
export type ShieldConfigInput = z.input<typeof ShieldConfigSchema>;
