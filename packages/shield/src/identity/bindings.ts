/**
 * Where a signature entry (and a capability token) sits in each protocol's request, and how to take it out
 * to recover what was signed. A2A: the request params' `metadata` under the extension URI; MCP: the
 * params' `_meta`. Taking the entry out leaves the params as the signer saw them: a metadata object that
 * only held the entry is removed with it, so signer and verifier agree whether or not it existed before.
 */
import { MCP_SIGNATURE_KEY, SIGNED_MESSAGES_EXTENSION, type MessageSignature, type SignedContent } from './signed-message.js';

/** The A2A metadata key and MCP `_meta` key of a capability token. */
export const CAPABILITY_TOKEN_EXTENSION = 'urn:masec:ext:capability-tokens:v1';
export const MCP_CAPABILITY_KEY = 'dev.masec/capability';

export type Protocol = 'a2a' | 'mcp';

export interface Binding {
  readonly protocol: Protocol;
  /** The member of params that holds metadata (`metadata` for A2A, `_meta` for MCP). */
  readonly container: 'metadata' | '_meta';
  readonly signatureKey: string;
  readonly tokenKey: string;
}

export const A2A_BINDING: Binding = { protocol: 'a2a', container: 'metadata', signatureKey: SIGNED_MESSAGES_EXTENSION, tokenKey: CAPABILITY_TOKEN_EXTENSION };
export const MCP_BINDING: Binding = { protocol: 'mcp', container: '_meta', signatureKey: MCP_SIGNATURE_KEY, tokenKey: MCP_CAPABILITY_KEY };

export function bindingOf(protocol: Protocol): Binding {
  return protocol === 'a2a' ? A2A_BINDING : MCP_BINDING;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The params without the signature entry (a copy; `params` is not changed), and the entry. */
export function detachSignature(binding: Binding, params: unknown): { body: unknown; entry: unknown } {
  if (!isRecord(params)) return { body: params, entry: undefined };
  const meta = params[binding.container];
  if (!isRecord(meta) || !Object.hasOwn(meta, binding.signatureKey)) return { body: params, entry: undefined };
  const { [binding.signatureKey]: entry, ...rest } = meta;
  const { [binding.container]: _dropped, ...others } = params;
  return { body: Object.keys(rest).length === 0 ? others : { ...others, [binding.container]: rest }, entry };
}

/** Params with `entry` added to their metadata (a copy). */
export function attachSignature(binding: Binding, params: Record<string, unknown>, entry: MessageSignature): Record<string, unknown> {
  const meta = params[binding.container];
  return { ...params, [binding.container]: { ...(isRecord(meta) ? meta : {}), [binding.signatureKey]: entry } };
}

/** The signed content of a request: its method and its params without the entry. */
export function signedContentOf(binding: Binding, method: string, params: unknown): { content: SignedContent; entry: unknown } {
  const { body, entry } = detachSignature(binding, params);
  return { content: { method, body }, entry };
}

/** The capability token a request carries in its metadata, if any. */
export function tokenOf(binding: Binding, params: unknown): unknown {
  if (!isRecord(params)) return undefined;
  const meta = params[binding.container];
  return isRecord(meta) ? meta[binding.tokenKey] : undefined;
}
