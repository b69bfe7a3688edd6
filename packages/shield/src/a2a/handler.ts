/**
 * The A2A side of the gateway. A request to an agent's mount is read (JSON-RPC at the mount itself,
 * HTTP+JSON below it, the agent card at `/.well-known/agent-card.json`), its caller authenticated, the
 * message it sends inspected (and any push-notification webhook it registers checked, push-webhooks.ts), and it is forwarded to the agent, byte for byte unless a guard rewrote it.
 * The answer takes the way back through the same guards (`answers.ts`). Every refusal is audited and
 * answered in the binding's own error shape.
 */
import { type Caller, type InboundRequest, authenticate } from '../gateway/authenticate.js';
import { BodyTooLarge, UpstreamFailure, type UpstreamAnswer, callUpstream, decoder, upstreamHeaders } from '../gateway/http.js';
import type { ProtocolHandler, RouteContext } from '../gateway/route-context.js';
import { envelopeId } from '../gateway/inspect.js';
import { RPC_INTERNAL_ERROR, RPC_INVALID_PARAMS, RPC_UPSTREAM_ERROR, guardRefusal, protocolRefusal } from './errors.js';
import { carriageOf, refusalResponse, writeBack } from './payload.js';
import { type A2ABinding, type A2ARequest, readJsonRpc, readRest } from './requests.js';
import { answerCard, answerJson, answerStream } from './answers.js';
import { webhookProblem, webhookUrlsOf } from './push-webhooks.js';

export const CARD_PATHS = ['/.well-known/agent-card.json', '/.well-known/agent.json'];

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const a2aHandler: ProtocolHandler = {
  protocol: 'a2a',
  async handle(ctx, request, subpath, readBody) {
    const { route, inspector } = ctx;
    const url = new URL(request.url);
    const path = subpath === '' ? '/' : subpath;
    if (request.method === 'GET' && CARD_PATHS.includes(path)) return answerCard(ctx, request, path);
    const binding: A2ABinding = path === '/' && request.method === 'POST' ? 'jsonrpc' : 'http+json';
    let body: Uint8Array;
    try {
      body = await readBody(ctx.limits.maxBodyBytes);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      const refusal = protocolRefusal(RPC_INVALID_PARAMS, 413, 'BODY_TOO_LARGE', error.message);
      await inspector.refuse(route, { record: 'refusal', protocol: 'a2a', method: path, from: 'anonymous', to: route.id, refusal });
      return refusalResponse(binding, null, refusal);
    }
    const text = decoder.decode(body);
    const read = binding === 'jsonrpc' ? readJsonRpc(text) : readRest(request.method, path, text, request.headers.get('a2a-version') ?? undefined);
    const inbound: InboundRequest = {
      protocol: 'a2a',
      route: route.path,
      agent: route.id,
      method: read.ok ? read.request.method : path,
      httpMethod: request.method,
      path,
      headers: request.headers,
      body,
      json: read.ok ? read.request.body : tryJson(text),
    };
    const auth = await authenticate(ctx.authenticators, inbound, ctx.requireIdentity);
    if ('refuse' in auth) {
      const refusal = guardRefusal({ code: auth.refuse.code, status: auth.refuse.status ?? 401, message: auth.refuse.message, guard: auth.refuse.by });
      await inspector.refuse(route, { record: 'refusal', protocol: 'a2a', method: inbound.method, from: 'anonymous', to: route.id, refusal, body });
      return refusalResponse(binding, read.ok ? read.request.rpcId : read.rpcId, refusal);
    }
    const caller = auth.caller;
    if (!read.ok) {
      await inspector.refuse(route, { record: 'refusal', protocol: 'a2a', method: inbound.method, from: caller.id, to: route.id, refusal: read.refusal, body });
      return refusalResponse(binding, read.rpcId, read.refusal);
    }
    const a2a = read.request;
    for (const url of webhookUrlsOf(a2a, text)) {
      const problem = webhookProblem(url, ctx.pushNotifications);
      if (problem === undefined) continue;
      const refusal = guardRefusal({ code: 'WEBHOOK_REFUSED', status: 403, message: problem, guard: 'push-notifications' });
      await inspector.refuse(route, { record: 'refusal', protocol: 'a2a', method: a2a.method, from: caller.id, to: route.id, refusal, body });
      return refusalResponse(binding, a2a.rpcId, refusal);
    }
    const requestId = envelopeId();
    let forwardBody: Uint8Array | string | undefined = request.method === 'GET' || request.method === 'HEAD' ? undefined : body;
    if (a2a.content.slots.length > 0) {
      const labels = carriageOf(a2a.content, ctx.labelsOf(caller.id));
      if (!labels.ok) {
        await inspector.refuse(route, { record: 'refusal', protocol: 'a2a', method: a2a.method, from: caller.id, to: route.id, refusal: labels.refusal, body });
        return refusalResponse(binding, a2a.rpcId, labels.refusal);
      }
      const message = a2a.message ?? {};
      const inspection = await inspector.inspect(route, {
        id: requestId,
        kind: 'message',
        record: 'request',
        protocol: 'a2a',
        method: a2a.method,
        from: caller.id,
        to: route.id,
        parts: a2a.content.slots.map((s) => s.part),
        labels: labels.labels,
        ...(labels.carriage?.origin === undefined ? {} : { origin: labels.carriage.origin }),
        ...(labels.carriage?.hops === undefined ? {} : { hops: labels.carriage.hops }),
        contextId: typeof message.contextId === 'string' ? message.contextId : undefined,
        taskId: typeof message.taskId === 'string' ? message.taskId : undefined,
        body,
      });
      if (!inspection.pass) return refusalResponse(binding, a2a.rpcId, inspection.refusal);
      if (writeBack(a2a.content, inspection, labels.carriage, caller.id)) forwardBody = JSON.stringify(a2a.body);
    }
    return forward(ctx, request, { a2a, caller, url, path, body: forwardBody, requestId });
  },
};

async function forward(ctx: RouteContext, request: Request, call: { a2a: A2ARequest; caller: Caller; url: URL; path: string; body: Uint8Array | string | undefined; requestId: string }): Promise<Response> {
  const { route, inspector } = ctx;
  const { a2a, caller } = call;
  const base = route.upstream.replace(/\/$/, '');
  const target = a2a.binding === 'jsonrpc' ? route.upstream : `${base}${call.path}${call.url.search}`;
  let upstream: UpstreamAnswer;
  try {
    upstream = await callUpstream(target, { method: request.method, headers: upstreamHeaders(request.headers, caller, ctx.dropHeaders), body: call.body, signal: request.signal }, ctx.limits.upstreamTimeoutMs);
  } catch (error) {
    if (!(error instanceof UpstreamFailure)) throw error;
    const refusal = protocolRefusal(a2a.binding === 'jsonrpc' ? RPC_INTERNAL_ERROR : RPC_UPSTREAM_ERROR, error.timeout ? 504 : 502, error.timeout ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNREACHABLE', error.message);
    await inspector.refuse(route, { record: 'response', protocol: 'a2a', method: a2a.method, from: route.id, to: caller.id, refusal, action: 'error' });
    // A caller that hung up is not an agent that failed (a load generator ending its run opened breakers).
    if (!error.callerGone) await inspector.failed(route, { requestId: call.requestId, method: a2a.method, from: route.id, to: caller.id });
    return refusalResponse(a2a.binding, a2a.rpcId, refusal);
  }
  if (upstream.status >= 500) await inspector.failed(route, { requestId: call.requestId, method: a2a.method, from: route.id, to: caller.id });
  const headers = upstream.answerHeaders();
  if (upstream.contentType.startsWith('text/event-stream')) return answerStream(ctx, { ...a2a, requestId: call.requestId }, caller, upstream, headers);
  return answerJson(ctx, { ...a2a, requestId: call.requestId }, caller, upstream, headers);
}
