/**
 * The MCP side of the gateway (streamable HTTP; ADR 0053). A POST carries one JSON-RPC message: it is read,
 * its caller authenticated (signed requests, capability tokens), a `tools/call` passes the `tool-call`
 * guards, and it is forwarded byte for byte. On the way back the answer to a `tools/list` passes every tool
 * definition through `tool-list` (pinning, poisoned descriptions) and the answer to a `tools/call`,
 * `resources/read` or `prompts/get` passes `tool-result`; the answer is forwarded byte for byte, or replaced by a JSON-RPC error carrying the masec
 * code. JSON and SSE answers alike. A server's `sampling/createMessage` and `elicitation/create` requests on
 * any stream (a POST's answer stream or the session's GET stream) pass `tool-result` too (checkServerRequest);
 * DELETE passes through.
 * Session and protocol-version headers travel unchanged, so the stateful revisions and the stateless
 * 2026-07-28 one are proxied alike.
 */
import { DEFAULT_LABELS, type Labels, type Part } from '@masec/spec';
import { type Caller, type InboundRequest, authenticate } from '../gateway/authenticate.js';
import { BodyTooLarge, UpstreamFailure, type UpstreamAnswer, callUpstream, decoder, readLimited, upstreamHeaders } from '../gateway/http.js';
import { type Inspection, envelopeId } from '../gateway/inspect.js';
import type { ProtocolHandler, RouteContext } from '../gateway/route-context.js';
import { guardEventStream } from '../gateway/sse.js';
import { RPC_INTERNAL_ERROR, type Refusal, guardRefusal, jsonRpcError, protocolRefusal } from '../a2a/errors.js';
import { type Frame, type FrameProblem, type Json, MCP_LIMITS, type RpcId, elicitationParts, isProblem, nestsDeeperThan, promptGetParts, readBody, resourceReadParts, samplingParts, toolCallParts, toolListEntries, toolResultParts } from './frames.js';

function json(body: unknown, status: number): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function refusalResponse(id: RpcId, refusal: Refusal, status = 200): Response {
  return json(jsonRpcError(id, refusal), status);
}

function labelsOf(ctx: RouteContext, agent: string): Labels {
  return ctx.labelsOf(agent) ?? DEFAULT_LABELS;
}

/**
 * Answers whose content a client hands to its model — a tool's result, a resource it read, a prompt it
 * fetched — pass the `tool-result` guards (content detectors scan all three for planted instructions).
 */
const CONTENT_ANSWERS: Readonly<Record<string, (result: Json) => Part[] | string>> = {
  'tools/call': toolResultParts,
  'resources/read': resourceReadParts,
  'prompts/get': promptGetParts,
};

/** What an answer to `request` must pass: the refusal to send instead, or undefined to forward it as it is. */
async function checkAnswer(ctx: RouteContext, request: Extract<Frame, { kind: 'request' }>, caller: Caller, answer: Frame, callId?: string): Promise<Refusal | undefined> {
  const { route, inspector } = ctx;
  // A tool call answered with a JSON-RPC error was still answered (its breaker hears so).
  if (answer.kind === 'error' && answer.id === request.id && callId !== undefined) await inspector.answered(route, { requestId: callId, method: request.method, from: route.id, to: caller.id, protocol: 'mcp' });
  if (answer.kind !== 'response' || answer.id !== request.id) return undefined;
  const common = { record: 'response' as const, protocol: 'mcp', from: route.id, to: caller.id, labels: labelsOf(ctx, route.id), origin: { kind: 'tool' as const, id: route.id } };
  if (request.method === 'tools/list') {
    const tools = toolListEntries(answer.result);
    if (typeof tools === 'string') return protocolRefusal(RPC_INTERNAL_ERROR, 502, 'RESPONSE_INVALID', `the server's tools/list answer: ${tools}`);
    for (const tool of tools) {
      const inspection = await inspector.inspect(route, { ...common, kind: 'tool-list', method: 'tools/list', parts: [{ kind: 'data', data: tool }], hooks: ['tool-list'] });
      if (!inspection.pass) return inspection.refusal;
    }
    return undefined;
  }
  const read = CONTENT_ANSWERS[request.method];
  if (read === undefined) return undefined;
  const parts = read(answer.result);
  if (typeof parts === 'string') return protocolRefusal(RPC_INTERNAL_ERROR, 502, 'RESPONSE_INVALID', `the server's ${request.method} answer: ${parts}`);
  const inspection: Inspection = await inspector.inspect(route, { ...common, kind: 'tool-result', inReplyTo: callId, method: request.method, parts, hooks: ['tool-result'] });
  return inspection.pass ? undefined : inspection.refusal;
}

/** The server-to-client requests that carry the server's text to the client's model or user, as parts. */
const SERVER_REQUEST_PARTS: Readonly<Record<string, { name: string; parts: (params: Json) => Part[] | string }>> = {
  'sampling/createMessage': { name: 'sampling', parts: samplingParts },
  'elicitation/create': { name: 'elicitation', parts: elicitationParts },
};

/**
 * A request the server sends the client on a stream (the answer stream of a POST, or the session's GET
 * stream). `sampling/createMessage` asks the client's model to read what the server wrote, and
 * `elicitation/create` asks the client to show it to its user (a message, a form's labels, a URL to open):
 * injection and phishing paths like a tool result, so both pass the `tool-result` guards. Refused, a request
 * is not passed on: the gateway answers the server in the client's place with the JSON-RPC error (so the
 * server does not wait for an answer that will never come). Other server requests (`roots/list`, `ping`)
 * carry no server text and pass, audited with the stream.
 */
async function checkServerRequest(ctx: RouteContext, caller: Caller, frame: Extract<Frame, { kind: 'request' }>, headers: Record<string, string>): Promise<boolean> {
  const reader = SERVER_REQUEST_PARTS[frame.method];
  if (reader === undefined) return true;
  const parts = reader.parts(frame.params);
  const refusal =
    typeof parts === 'string'
      ? protocolRefusal(RPC_INTERNAL_ERROR, 502, 'RESPONSE_INVALID', `the server's ${reader.name} request: ${parts}`)
      : await ctx.inspector.inspect(ctx.route, { record: 'stream-event', protocol: 'mcp', kind: 'tool-result', method: frame.method, from: ctx.route.id, to: caller.id, labels: labelsOf(ctx, ctx.route.id), origin: { kind: 'tool', id: ctx.route.id }, parts, hooks: ['tool-result'] }).then((i) => (i.pass ? undefined : i.refusal));
  if (refusal === undefined) return true;
  if (refusal.guard === 'gateway') await ctx.inspector.refuse(ctx.route, { record: 'stream-event', protocol: 'mcp', method: frame.method, from: ctx.route.id, to: caller.id, refusal });
  const answer = { ...headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
  try {
    const reply = await callUpstream(ctx.route.upstream, { method: 'POST', headers: answer, body: JSON.stringify(jsonRpcError(frame.id, refusal)) }, ctx.limits.upstreamTimeoutMs);
    reply.discard();
  } catch (error) {
    if (!(error instanceof UpstreamFailure)) throw error;
  }
  return false;
}

/** A server's event stream with its requests to the client checked (checkServerRequest); `answerOf` decides on the rest (the event's data as read). */
function guardServerStream(ctx: RouteContext, caller: Caller, upstream: UpstreamAnswer, forwarded: Record<string, string>, answerOf: (data: string, frame: Frame | FrameProblem) => Promise<string | undefined>, id: RpcId): ReadableStream<Uint8Array> {
  return guardEventStream(
    upstream.stream(),
    async (event) => {
      if (event.data === undefined) return { out: event.raw, end: false };
      const frame = readBody(event.data);
      if (!isProblem(frame) && frame.kind === 'request') return { out: (await checkServerRequest(ctx, caller, frame, forwarded)) ? event.raw : '', end: false };
      const refused = await answerOf(event.data, frame);
      if (refused === undefined) return { out: event.raw, end: false };
      return { out: refused, end: true };
    },
    { maxEventBytes: ctx.limits.maxBodyBytes, tooLarge: async () => `event: message\ndata: ${JSON.stringify(jsonRpcError(id, protocolRefusal(RPC_INTERNAL_ERROR, 502, 'RESPONSE_INVALID', 'an event larger than the gateway accepts')))}\n\n` },
  );
}

/** Statuses whose responses have no body. */
const NULL_BODY = new Set([101, 204, 205, 304]);

/** The upstream's answer passed on as it is (a null-body status cannot carry a stream: its body is drained). */
function passOn(upstream: UpstreamAnswer): Response {
  if (!NULL_BODY.has(upstream.status)) return new Response(upstream.stream(), { status: upstream.status, headers: upstream.answerHeaders() });
  upstream.discard();
  return new Response(null, { status: upstream.status, headers: upstream.answerHeaders() });
}

async function answer(ctx: RouteContext, request: Frame | undefined, caller: Caller, upstream: UpstreamAnswer, forwarded: Record<string, string>, callId?: string): Promise<Response> {
  const headers = upstream.answerHeaders();
  const type = upstream.contentType;
  const stream = type.startsWith('text/event-stream') && !NULL_BODY.has(upstream.status);
  // The session's GET stream: only the server's requests to the client are checked.
  if (request === undefined && stream) return new Response(guardServerStream(ctx, caller, upstream, forwarded, async () => undefined, null), { status: upstream.status, headers });
  if (request === undefined || request.kind !== 'request' || NULL_BODY.has(upstream.status)) return passOn(upstream);
  if (stream) {
    const body = guardServerStream(
      ctx,
      caller,
      upstream,
      forwarded,
      async (data, frame) => {
        // Data that is not a JSON-RPC message is no answer a client would act on; one nested too deep to
        // inspect is refused rather than passed on unguarded.
        const refusal = isProblem(frame)
          ? nestsDeeperThan(data, MCP_LIMITS.maxDepth)
            ? protocolRefusal(RPC_INTERNAL_ERROR, 502, 'RESPONSE_INVALID', frame.message)
            : undefined
          : await checkAnswer(ctx, request, caller, frame, callId);
        return refusal === undefined ? undefined : `event: message\ndata: ${JSON.stringify(jsonRpcError(request.id, refusal))}\n\n`;
      },
      request.id,
    );
    return new Response(body, { status: upstream.status, headers });
  }
  let body: Uint8Array;
  try {
    body = await upstream.read(ctx.limits.maxBodyBytes);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    return refusalResponse(request.id, protocolRefusal(RPC_INTERNAL_ERROR, 502, 'RESPONSE_INVALID', error.message), 502);
  }
  const text = decoder.decode(body);
  if (type.includes('json') && upstream.ok) {
    const frame = readBody(text);
    // An answer the gateway cannot read is not passed on unguarded.
    const refusal = isProblem(frame) ? protocolRefusal(RPC_INTERNAL_ERROR, 502, 'RESPONSE_INVALID', `the server's answer: ${frame.message}`) : await checkAnswer(ctx, request, caller, frame, callId);
    if (refusal !== undefined) {
      if (refusal.guard === 'gateway') await ctx.inspector.refuse(ctx.route, { record: 'response', protocol: 'mcp', method: request.method, from: ctx.route.id, to: caller.id, refusal, action: 'error' });
      return refusalResponse(request.id, refusal);
    }
  }
  return new Response(body, { status: upstream.status, headers });
}

export const mcpHandler: ProtocolHandler = {
  protocol: 'mcp',
  async handle(ctx, request, subpath) {
    const { route, inspector } = ctx;
    const isPost = request.method === 'POST';
    let body: Uint8Array | undefined;
    if (isPost) {
      try {
        body = await readLimited(request.body, ctx.limits.maxBodyBytes, request.headers.get('content-length'));
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error;
        const refusal = protocolRefusal(-32600, 413, 'BODY_TOO_LARGE', error.message);
        await inspector.refuse(route, { record: 'refusal', protocol: 'mcp', method: 'POST', from: 'anonymous', to: route.id, refusal });
        return refusalResponse(null, refusal, 413);
      }
    }
    const frame = body === undefined ? undefined : readBody(decoder.decode(body));
    if (frame !== undefined && isProblem(frame)) {
      const refusal = protocolRefusal(frame.rpcCode, 400, frame.code, frame.message);
      await inspector.refuse(route, { record: 'refusal', protocol: 'mcp', method: 'POST', from: 'anonymous', to: route.id, refusal, ...(body === undefined ? {} : { body }) });
      return refusalResponse(frame.id, refusal, 400);
    }
    const method = frame === undefined ? request.method : frame.kind === 'request' || frame.kind === 'notification' ? frame.method : 'response';
    const inbound: InboundRequest = {
      protocol: 'mcp',
      route: route.path,
      agent: route.id,
      method,
      httpMethod: request.method,
      path: subpath === '' ? '/' : subpath,
      headers: request.headers,
      body: body ?? new Uint8Array(),
      json: frame === undefined ? undefined : reframe(frame),
    };
    const id: RpcId = frame !== undefined && frame.kind !== 'notification' ? frame.id : null;
    const auth = await authenticate(ctx.authenticators, inbound, ctx.requireIdentity);
    if ('refuse' in auth) {
      const refusal = guardRefusal({ code: auth.refuse.code, status: auth.refuse.status ?? 401, message: auth.refuse.message, guard: auth.refuse.by });
      await inspector.refuse(route, { record: 'refusal', protocol: 'mcp', method, from: 'anonymous', to: route.id, refusal, ...(body === undefined ? {} : { body }) });
      return refusalResponse(id, refusal);
    }
    const caller = auth.caller;
    // A tool call's envelope id: its result is the reply to it (circuit-breaker's tool breakers match them).
    let callId: string | undefined;
    if (frame?.kind === 'request' && frame.method === 'tools/call') {
      const parts = toolCallParts(frame.params);
      if (typeof parts === 'string') {
        const refusal = protocolRefusal(-32602, 400, 'REQUEST_INVALID', parts);
        await inspector.refuse(route, { record: 'refusal', protocol: 'mcp', method, from: caller.id, to: route.id, refusal, ...(body === undefined ? {} : { body }) });
        return refusalResponse(frame.id, refusal, 400);
      }
      callId = envelopeId();
      const inspection = await inspector.inspect(route, { id: callId, kind: 'tool-call', record: 'request', protocol: 'mcp', method, from: caller.id, to: route.id, parts, labels: labelsOf(ctx, caller.id), hooks: ['tool-call'], ...(body === undefined ? {} : { body }) });
      if (!inspection.pass) return refusalResponse(frame.id, inspection.refusal);
    } else {
      // Every other message the gateway forwards is in the audit log too (no guard hook applies to it).
      await inspector.forwarded(route, { record: 'request', protocol: 'mcp', method, from: caller.id, to: route.id, ...(body === undefined ? {} : { body }) });
    }
    const forwarded = upstreamHeaders(request.headers, caller, ctx.dropHeaders);
    let upstream: UpstreamAnswer;
    try {
      upstream = await callUpstream(route.upstream, { method: request.method, headers: forwarded, body, signal: request.signal }, ctx.limits.upstreamTimeoutMs);
    } catch (error) {
      if (!(error instanceof UpstreamFailure)) throw error;
      const refusal = protocolRefusal(RPC_INTERNAL_ERROR, error.timeout ? 504 : 502, error.timeout ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNREACHABLE', error.message);
      await inspector.refuse(route, { record: 'response', protocol: 'mcp', method, from: route.id, to: caller.id, refusal, action: 'error' });
      // A caller that hung up is not a server that failed.
      if (callId !== undefined && !error.callerGone) await inspector.failed(route, { requestId: callId, method, from: route.id, to: caller.id, protocol: 'mcp' });
      return refusalResponse(id, refusal, refusal.status);
    }
    if (callId !== undefined && upstream.status >= 500) await inspector.failed(route, { requestId: callId, method, from: route.id, to: caller.id, protocol: 'mcp' });
    return answer(ctx, frame, caller, upstream, forwarded, callId);
  },
};

/** The JSON-RPC message as the authenticators read it. */
function reframe(frame: Frame): Json {
  switch (frame.kind) {
    case 'request':
      return { jsonrpc: '2.0', id: frame.id, method: frame.method, params: frame.params };
    case 'notification':
      return { jsonrpc: '2.0', method: frame.method, params: frame.params };
    case 'response':
      return { jsonrpc: '2.0', id: frame.id, result: frame.result };
    case 'error':
      return { jsonrpc: '2.0', id: frame.id, error: frame.error };
  }
}
