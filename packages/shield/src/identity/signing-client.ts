/**
 * Client helpers that sign outgoing calls (docs/guides/signing-client.md), for the official SDKs' own
 * extension points: an `@a2a-js/sdk` `CallInterceptor` for A2A clients, and a fetch wrapper for MCP clients
 * (`StreamableHTTPClientTransport`'s `fetch` option in the v1 SDK; a fetch middleware in the v2 client).
 * Each signs exactly the JSON the transport puts on the wire, so the gateway verifies what it receives.
 */
import { SendMessageRequest } from '@a2a-js/sdk';
import type { BeforeArgs, CallInterceptor } from '@a2a-js/sdk/client';
import { A2A_BINDING, MCP_BINDING, attachSignature, detachSignature } from './bindings.js';
import type { AgentKey } from './keys.js';
import { signContent } from './signed-message.js';

/** A2A client methods that send a message, and the v1.0 wire method each becomes. */
const A2A_SIGNED_METHODS: Readonly<Record<string, string>> = { sendMessage: 'SendMessage', sendMessageStream: 'SendStreamingMessage' };

export interface A2aSigningOptions {
  /** The audience: the URL the agent (or the gateway in front of it) is called at; default the card's first interface URL. */
  audience?: string;
  /** Capability token to attach (covered by the signature). */
  token?: string | (() => string | undefined);
  now?: () => number;
}

/**
 * A `CallInterceptor` that signs `sendMessage` and `sendMessageStream` calls: it signs the request's wire
 * JSON (`SendMessageRequest.toJSON`), then adds the entry (and the capability token, when given) to the
 * request's `metadata`. Other calls pass unchanged.
 */
export function signingInterceptor(key: AgentKey, options: A2aSigningOptions = {}): CallInterceptor {
  return {
    async before(args: BeforeArgs): Promise<void> {
      const input = args.input as { method: string; value?: unknown } | undefined;
      const method = input === undefined ? undefined : A2A_SIGNED_METHODS[input.method];
      if (method === undefined) return;
      const request = (input as { value: SendMessageRequest }).value;
      const token = typeof options.token === 'function' ? options.token() : options.token;
      if (token !== undefined) request.metadata = { ...(request.metadata ?? {}), [A2A_BINDING.tokenKey]: token };
      const audience = options.audience ?? args.agentCard.supportedInterfaces[0]?.url;
      if (audience === undefined) throw new Error('signingInterceptor: no audience given and the agent card names no interface');
      const wire = SendMessageRequest.toJSON(request) as Record<string, unknown>;
      const { body } = detachSignature(A2A_BINDING, wire);
      const entry = await signContent(key, { method, body }, audience, options.now === undefined ? {} : { now: options.now() });
      request.metadata = { ...(request.metadata ?? {}), [A2A_BINDING.signatureKey]: entry };
    },
    async after(): Promise<void> {},
  };
}

export interface McpSigningOptions {
  /** The audience: the MCP server URL the client calls (the gateway's); default the request URL. */
  audience?: string;
  token?: string | (() => string | undefined);
  now?: () => number;
}

type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function signFrame(frame: unknown, key: AgentKey, audience: string, options: McpSigningOptions): Promise<unknown> {
  // Requests (with an id) are signed; notifications and responses travel as they are.
  if (!isRecord(frame) || typeof frame.method !== 'string' || frame.id === undefined) return frame;
  let params = isRecord(frame.params) ? frame.params : {};
  const token = typeof options.token === 'function' ? options.token() : options.token;
  if (token !== undefined) params = { ...params, _meta: { ...(isRecord(params._meta) ? params._meta : {}), [MCP_BINDING.tokenKey]: token } };
  const { body } = detachSignature(MCP_BINDING, params);
  const entry = await signContent(key, { method: frame.method, body }, audience, options.now === undefined ? {} : { now: options.now() });
  return { ...frame, params: attachSignature(MCP_BINDING, params, entry) };
}

/**
 * A fetch that signs every JSON-RPC request an MCP client POSTs (in `params._meta`), then calls `next`.
 * Other requests (GET for a stream, DELETE of a session) pass unchanged.
 */
export function signingFetch(key: AgentKey, options: McpSigningOptions = {}, next: FetchLike = fetch): FetchLike {
  return async (input, init) => {
    if ((init?.method ?? 'GET').toUpperCase() !== 'POST' || typeof init?.body !== 'string') return next(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const audience = options.audience ?? url;
    const parsed = JSON.parse(init.body) as unknown;
    const signed = Array.isArray(parsed) ? await Promise.all(parsed.map((f) => signFrame(f, key, audience, options))) : await signFrame(parsed, key, audience, options);
    return next(input, { ...init, body: JSON.stringify(signed) });
  };
}
