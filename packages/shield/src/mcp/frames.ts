/**
 * Reading MCP streamable-HTTP traffic (revisions 2025-06-18, 2025-11-25 and the stateless 2026-07-28) at the
 * wire level: one JSON-RPC message per POST (batches were removed in 2025-06-18 and are refused), and the
 * parts guards see — a tool call's name and arguments, each tool of a `tools/list` result, a tool result's
 * content, a read resource's contents, a prompt's messages — normalised into envelope parts. Bad input is a `FrameProblem` that names what and where, never
 * an exception; sizes and item counts are bounded.
 */
import type { Part } from '@masec/spec';

export type Json = Record<string, unknown>;
export type RpcId = string | number | null;

export const MCP_LIMITS = {
  /** Tools in one tools/list result and content items in one tool result. */
  maxItems: 10_000,
  /** Longest method name. */
  maxMethod: 256,
  /** Deepest nesting of arrays and objects in a message (checked on the text, before it is parsed). */
  maxDepth: 64,
} as const;

/** The revisions whose traffic the gateway reads (the header `MCP-Protocol-Version`). */
export const MCP_REVISIONS = ['2025-06-18', '2025-11-25', '2026-07-28'] as const;

export interface FrameProblem {
  /** JSON-RPC error code to answer with. */
  rpcCode: number;
  code: 'REQUEST_INVALID' | 'METHOD_NOT_FOUND' | 'RESPONSE_INVALID';
  message: string;
  id: RpcId;
}

export type Frame =
  | { kind: 'request'; id: string | number; method: string; params: Json }
  | { kind: 'notification'; method: string; params: Json }
  | { kind: 'response'; id: RpcId; result: Json }
  | { kind: 'error'; id: RpcId; error: Json };

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idOf(value: unknown): RpcId | undefined {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) || value === null ? value : undefined;
}

const invalid = (message: string, id: RpcId = null): FrameProblem => ({ rpcCode: -32600, code: 'REQUEST_INVALID', message, id });

/** Reads one JSON-RPC message (parsed JSON). */
export function readFrame(value: unknown): Frame | FrameProblem {
  if (Array.isArray(value)) return invalid('JSON-RPC batches are not part of MCP since 2025-06-18');
  if (!isObject(value)) return invalid('a JSON-RPC message is an object');
  const id = idOf(value.id);
  if (value.id !== undefined && id === undefined) return invalid('id is not a string, number or null');
  if (value.jsonrpc !== '2.0') return invalid("jsonrpc is not '2.0'", id ?? null);
  if (value.params !== undefined && !isObject(value.params)) return invalid('params is not an object', id ?? null);
  if (typeof value.method === 'string') {
    if (value.method.length === 0 || value.method.length > MCP_LIMITS.maxMethod) return invalid(`method is empty or longer than ${MCP_LIMITS.maxMethod} characters`, id ?? null);
    const params = (value.params as Json | undefined) ?? {};
    if (id === undefined) return { kind: 'notification', method: value.method, params };
    if (id === null) return invalid('a request id may not be null');
    return { kind: 'request', id, method: value.method, params };
  }
  if (value.method !== undefined) return invalid('method is not a string', id ?? null);
  if (id === undefined) return invalid('a response without an id');
  if (isObject(value.result)) return { kind: 'response', id, result: value.result };
  if (isObject(value.error)) return { kind: 'error', id, error: value.error };
  return invalid('neither a request, a notification, a result nor an error', id);
}

export function isProblem(value: Frame | FrameProblem): value is FrameProblem {
  return 'rpcCode' in value;
}

/**
 * Whether JSON text nests arrays and objects deeper than `max`, by one linear scan (brackets inside strings do
 * not count). Checked before parsing, so a deeply nested body costs neither the parser's time nor a stack
 * overflow in whatever walks the value later.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** Parses a POST body: one JSON-RPC message. */
export function readBody(text: string): Frame | FrameProblem {
  if (nestsDeeperThan(text, MCP_LIMITS.maxDepth)) return invalid(`the message nests deeper than ${MCP_LIMITS.maxDepth} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { rpcCode: -32700, code: 'REQUEST_INVALID', message: `body is not JSON: ${error instanceof Error ? error.message : String(error)}`, id: null };
  }
  return readFrame(value);
}

/** A tool call as guards see it: one data part with the tool's name and arguments. */
export function toolCallParts(params: Json): Part[] | string {
  if (typeof params.name !== 'string' || params.name === '') return 'params.name is missing or not a string';
  if (params.arguments !== undefined && !isObject(params.arguments)) return 'params.arguments is not an object';
  return [{ kind: 'data', data: { name: params.name, arguments: (params.arguments as Json | undefined) ?? {} } }];
}

/** The tools of a tools/list result, each as guards see a definition; a problem names the bad entry. */
export function toolListEntries(result: Json): Json[] | string {
  if (!Array.isArray(result.tools)) return 'result.tools is not an array';
  if (result.tools.length > MCP_LIMITS.maxItems) return `result.tools has ${result.tools.length} entries (at most ${MCP_LIMITS.maxItems})`;
  const out: Json[] = [];
  for (const [i, tool] of (result.tools as unknown[]).entries()) {
    if (!isObject(tool) || typeof tool.name !== 'string') return `result.tools[${i}] is not a tool with a name`;
    out.push(tool);
  }
  return out;
}

/** An MCP resource (text or blob contents) as a resource part; undefined when it has no URI. */
function resourcePart(value: unknown): Part | undefined {
  if (!isObject(value) || typeof value.uri !== 'string' || value.uri === '') return undefined;
  return { kind: 'resource', uri: value.uri, ...(typeof value.text === 'string' ? { text: value.text } : {}), ...(typeof value.mimeType === 'string' ? { mimeType: value.mimeType } : {}) };
}

/** A tool result's content as parts: text as text, embedded resources as resources, the rest as data. */
export function toolResultParts(result: Json): Part[] | string {
  const content = result.content;
  if (content !== undefined && !Array.isArray(content)) return 'result.content is not an array';
  const items = (content as unknown[] | undefined) ?? [];
  if (items.length > MCP_LIMITS.maxItems) return `result.content has ${items.length} items (at most ${MCP_LIMITS.maxItems})`;
  const parts: Part[] = [];
  for (const [i, item] of items.entries()) {
    if (!isObject(item)) return `result.content[${i}] is not an object`;
    if (item.type === 'text' && typeof item.text === 'string') parts.push({ kind: 'text', text: item.text });
    else parts.push((item.type === 'resource' && resourcePart(item.resource)) || { kind: 'data', data: item });
  }
  if (isObject(result.structuredContent)) parts.push({ kind: 'data', data: result.structuredContent });
  if (parts.length === 0) parts.push({ kind: 'data', data: {} });
  return parts;
}

/** The contents of a `resources/read` result as resource parts (text kept, binary blobs named by their URI only). */
export function resourceReadParts(result: Json): Part[] | string {
  if (!Array.isArray(result.contents)) return 'result.contents is not an array';
  const items = result.contents as unknown[];
  if (items.length > MCP_LIMITS.maxItems) return `result.contents has ${items.length} items (at most ${MCP_LIMITS.maxItems})`;
  const parts: Part[] = [];
  for (const [i, item] of items.entries()) {
    const part = resourcePart(item);
    if (part === undefined) return `result.contents[${i}] is not a resource with a uri`;
    parts.push(part);
  }
  if (parts.length === 0) parts.push({ kind: 'data', data: {} });
  return parts;
}

/** A `prompts/get` result as parts: its description and each message's text (embedded resources as resources). */
export function promptGetParts(result: Json): Part[] | string {
  return messageListParts(result.messages, 'result.messages', result.description, isObject);
}

/**
 * A list of messages (a prompt's, a sampling request's) as parts: a leading text (a description, a system
 * prompt), then each message's content. `where` names the list in problems; `readable` says which message
 * contents its schema allows (a prompt message holds one block; a sampling message one or a list).
 */
function messageListParts(list: unknown, where: string, lead: unknown, readable: (content: unknown) => boolean): Part[] | string {
  if (!Array.isArray(list)) return `${where} is not an array`;
  if (list.length > MCP_LIMITS.maxItems) return `${where} has ${list.length} items (at most ${MCP_LIMITS.maxItems})`;
  const parts: Part[] = typeof lead === 'string' && lead !== '' ? [{ kind: 'text', text: lead }] : [];
  for (const [i, message] of (list as unknown[]).entries()) {
    if (!isObject(message) || !readable(message.content)) return `${where}[${i}] is not a message with content`;
    contentParts(message.content, parts);
  }
  if (parts.length === 0) parts.push({ kind: 'data', data: {} });
  return parts;
}

/** One message's content (a block, or a list of blocks in sampling since 2025-11-25) as parts. */
function contentParts(content: unknown, parts: Part[]): void {
  for (const block of Array.isArray(content) ? content : [content]) {
    if (!isObject(block)) continue;
    if (block.type === 'text' && typeof block.text === 'string') parts.push({ kind: 'text', text: block.text });
    else parts.push((block.type === 'resource' && resourcePart(block.resource)) || { kind: 'data', data: block });
  }
}

/**
 * A server's `elicitation/create` request as parts: what it asks the client to show its user (and, through
 * many clients, its model) — the message, the URL of a URL-mode request, and the requested schema, whose
 * titles and descriptions are text too. A problem names the bad entry.
 */
export function elicitationParts(params: Json): Part[] | string {
  if (typeof params.message !== 'string') return 'params.message is not a string';
  const parts: Part[] = [{ kind: 'text', text: params.message }];
  if (params.url !== undefined) {
    if (typeof params.url !== 'string') return 'params.url is not a string';
    parts.push({ kind: 'text', text: params.url });
  }
  if (params.requestedSchema !== undefined) {
    if (!isObject(params.requestedSchema)) return 'params.requestedSchema is not an object';
    parts.push({ kind: 'data', data: { requestedSchema: params.requestedSchema } });
  }
  return parts;
}

/**
 * A server's `sampling/createMessage` request as parts: what it asks the client's model to read — the system
 * prompt and every message. A problem names the bad entry.
 */
export function samplingParts(params: Json): Part[] | string {
  return messageListParts(params.messages, 'params.messages', params.systemPrompt, (content) => content !== undefined);
}
