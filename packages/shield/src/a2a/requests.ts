/**
 * Reading an inbound A2A request, either binding and either version: which method it is, whether it
 * streams, and the message it sends (if any). JSON-RPC methods outside the two versions' lists are refused
 * (a method the gateway cannot read is content its guards cannot see); so are batches.
 */
import { type Content, type Json, isObject, readParts } from './content.js';
import { RPC_INVALID_PARAMS, RPC_INVALID_REQUEST, RPC_METHOD_NOT_FOUND, RPC_PARSE_ERROR, type Refusal, type RpcId, protocolRefusal } from './errors.js';

export type A2AVersion = '1.0' | '0.3';
export type A2ABinding = 'jsonrpc' | 'http+json';

interface MethodInfo {
  version: A2AVersion;
  /** Whether params carry a message to inspect. */
  message: boolean;
  streaming: boolean;
}

/** The JSON-RPC methods of A2A v1.0 and v0.3. */
export const JSONRPC_METHODS: Readonly<Record<string, MethodInfo>> = {
  SendMessage: { version: '1.0', message: true, streaming: false },
  SendStreamingMessage: { version: '1.0', message: true, streaming: true },
  GetTask: { version: '1.0', message: false, streaming: false },
  ListTasks: { version: '1.0', message: false, streaming: false },
  CancelTask: { version: '1.0', message: false, streaming: false },
  SubscribeToTask: { version: '1.0', message: false, streaming: true },
  CreateTaskPushNotificationConfig: { version: '1.0', message: false, streaming: false },
  GetTaskPushNotificationConfig: { version: '1.0', message: false, streaming: false },
  ListTaskPushNotificationConfigs: { version: '1.0', message: false, streaming: false },
  DeleteTaskPushNotificationConfig: { version: '1.0', message: false, streaming: false },
  GetExtendedAgentCard: { version: '1.0', message: false, streaming: false },
  'message/send': { version: '0.3', message: true, streaming: false },
  'message/stream': { version: '0.3', message: true, streaming: true },
  'tasks/get': { version: '0.3', message: false, streaming: false },
  'tasks/cancel': { version: '0.3', message: false, streaming: false },
  'tasks/resubscribe': { version: '0.3', message: false, streaming: true },
  'tasks/pushNotificationConfig/set': { version: '0.3', message: false, streaming: false },
  'tasks/pushNotificationConfig/get': { version: '0.3', message: false, streaming: false },
  'tasks/pushNotificationConfig/list': { version: '0.3', message: false, streaming: false },
  'tasks/pushNotificationConfig/delete': { version: '0.3', message: false, streaming: false },
  'agent/getAuthenticatedExtendedCard': { version: '0.3', message: false, streaming: false },
};

export interface A2ARequest {
  binding: A2ABinding;
  version: A2AVersion;
  method: string;
  streaming: boolean;
  /** The JSON-RPC id (null for HTTP+JSON). */
  rpcId: RpcId;
  /** The parsed body (kept, so a rewrite can be serialised). */
  body: Json | undefined;
  /** The message sent, when the method sends one. */
  message: Json | undefined;
  content: Content;
}

export type RequestRead = { ok: true; request: A2ARequest } | { ok: false; refusal: Refusal; rpcId: RpcId };

const bad = (rpcId: RpcId, code: number, message: string): RequestRead => ({
  ok: false,
  rpcId,
  refusal: protocolRefusal(code, 400, code === RPC_METHOD_NOT_FOUND ? 'METHOD_NOT_FOUND' : 'REQUEST_INVALID', message),
});

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `body is not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** The message of a send request, read as content; `where` names it in errors. */
function messageContent(params: Json, version: A2AVersion, rpcId: RpcId): { message: Json; content: Content } | RequestRead {
  const message = params.message;
  if (!isObject(message)) return bad(rpcId, RPC_INVALID_PARAMS, 'params.message is missing or not an object');
  if (version === '0.3' && message.kind !== undefined && message.kind !== 'message') return bad(rpcId, RPC_INVALID_PARAMS, "params.message.kind is not 'message'");
  const read = readParts(message.parts, 'params.message');
  if (!read.ok) return bad(rpcId, RPC_INVALID_PARAMS, read.message);
  if (read.slots.length === 0) return bad(rpcId, RPC_INVALID_PARAMS, 'params.message has no parts');
  return { message, content: { slots: read.slots, holder: message } };
}

/** Reads a JSON-RPC request body. */
export function readJsonRpc(text: string): RequestRead {
  const parsed = parseJson(text);
  if (!parsed.ok) return bad(null, RPC_PARSE_ERROR, parsed.message);
  const body = parsed.value;
  if (Array.isArray(body)) return bad(null, RPC_INVALID_REQUEST, 'JSON-RPC batches are not accepted');
  if (!isObject(body)) return bad(null, RPC_INVALID_REQUEST, 'a JSON-RPC request is an object');
  const rpcId: RpcId = typeof body.id === 'string' || typeof body.id === 'number' ? body.id : null;
  if (body.jsonrpc !== '2.0') return bad(rpcId, RPC_INVALID_REQUEST, "jsonrpc is not '2.0'");
  if (typeof body.method !== 'string') return bad(rpcId, RPC_INVALID_REQUEST, 'method is missing');
  if (body.id !== undefined && body.id !== null && typeof body.id !== 'string' && typeof body.id !== 'number') return bad(null, RPC_INVALID_REQUEST, 'id is not a string, number or null');
  const info = Object.prototype.hasOwnProperty.call(JSONRPC_METHODS, body.method) ? JSONRPC_METHODS[body.method] : undefined;
  if (info === undefined) return bad(rpcId, RPC_METHOD_NOT_FOUND, `method '${body.method.slice(0, 100)}' is not an A2A method`);
  const base = { binding: 'jsonrpc' as const, version: info.version, method: body.method, streaming: info.streaming, rpcId, body };
  if (!info.message) return { ok: true, request: { ...base, message: undefined, content: { slots: [], holder: undefined } } };
  if (!isObject(body.params)) return bad(rpcId, RPC_INVALID_PARAMS, 'params is missing or not an object');
  const read = messageContent(body.params, info.version, rpcId);
  if ('ok' in read) return read;
  return { ok: true, request: { ...base, ...read } };
}

/**
 * HTTP+JSON operations by path. The binding's base URL may sit anywhere below the agent's mount (and v1.0
 * puts a tenant before the operation, v0.3 a `/v1`), so operations are recognised by their last segment.
 */
export function restOperation(method: string, path: string): { name: string; message: boolean; streaming: boolean } {
  if (method === 'POST' && /(?:^|\/)message:send$/.test(path)) return { name: 'message:send', message: true, streaming: false };
  if (method === 'POST' && /(?:^|\/)message:stream$/.test(path)) return { name: 'message:stream', message: true, streaming: true };
  if (/\/tasks\/[^/]+:subscribe$/.test(path)) return { name: 'tasks:subscribe', message: false, streaming: true };
  return { name: `${method} ${path.replace(/\/tasks\/[^/:]+/, '/tasks/{id}')}`.slice(0, 200), message: false, streaming: false };
}

/** Reads an HTTP+JSON request (the body only matters when it sends a message). */
export function readRest(method: string, path: string, text: string, versionHeader: string | undefined): RequestRead {
  const op = restOperation(method, path);
  const version: A2AVersion = versionHeader?.startsWith('0.') === true ? '0.3' : '1.0';
  const base = { binding: 'http+json' as const, method: op.name, streaming: op.streaming, rpcId: null };
  if (!op.message) return { ok: true, request: { ...base, version, body: undefined, message: undefined, content: { slots: [], holder: undefined } } };
  const parsed = parseJson(text);
  if (!parsed.ok) return bad(null, RPC_PARSE_ERROR, parsed.message);
  if (!isObject(parsed.value)) return bad(null, RPC_INVALID_REQUEST, 'the body is not a JSON object');
  const body = parsed.value;
  const partsVersion: A2AVersion = isObject(body.message) && Array.isArray(body.message.parts) && body.message.parts.some((p) => isObject(p) && typeof p.kind === 'string') ? '0.3' : version;
  const read = messageContent(body, partsVersion, null);
  if ('ok' in read) return read;
  return { ok: true, request: { ...base, version: partsVersion, body, ...read } };
}
