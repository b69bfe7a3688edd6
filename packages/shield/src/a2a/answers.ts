/**
 * The way back: an agent's answer passes the same guards as the request (as a payload from the agent to
 * its caller) before the caller sees it. A JSON answer is read whole (within the body limit); a stream is
 * inspected event by event, and a refused event ends the stream with an error event. An answer that
 * carries no content (a list of push configs, an upstream JSON-RPC error) is audited and passed as it came;
 * one the gateway cannot read as A2A is refused rather than passed unseen.
 */
import { type Part, wireErrorOf } from '@masec/spec';
import type { Caller } from '../gateway/authenticate.js';
import { BodyTooLarge, UpstreamFailure, type UpstreamAnswer, callUpstream, decoder, upstreamHeaders } from '../gateway/http.js';
import type { RouteContext } from '../gateway/route-context.js';
import { guardEventStream } from '../gateway/sse.js';
import { type Content, type Json, isObject, resultContent } from './content.js';
import { RPC_UPSTREAM_ERROR, type Refusal, guardRefusal, jsonRpcError, protocolRefusal, restError, sseError } from './errors.js';
import { carriageOf, refusalResponse, writeBack } from './payload.js';
import type { A2ARequest } from './requests.js';
import { checkCard } from '../identity/card-policy.js';
import { isShieldRejection } from '../identity/rejection.js';

/** The request being answered, with the id of its envelope (the answers' `inReplyTo`). */
export type Answered = A2ARequest & { requestId?: string };

type Outcome = { ok: true; changed: boolean } | { ok: false; refusal: Refusal };

/** Inspects one answer payload (`result` of JSON-RPC, the body of HTTP+JSON, a stream event's result). */
async function inspectAnswer(ctx: RouteContext, a2a: Answered, caller: Caller, result: unknown, record: 'response' | 'stream-event', raw: string): Promise<Outcome> {
  const read = resultContent(result);
  if (!read.ok) return { ok: false, refusal: protocolRefusal(RPC_UPSTREAM_ERROR, 502, 'UPSTREAM_INVALID', `the agent's answer is not A2A: ${read.message}`) };
  const content: Content = read.content;
  const { route, inspector } = ctx;
  if (content.slots.length === 0) {
    await inspector.audit.append({ time: Date.now(), kind: record, protocol: 'a2a', route: route.path, method: a2a.method, sender: route.id, recipient: caller.id, action: 'deliver' });
    if (record === 'response' && a2a.requestId !== undefined) await inspector.answered(route, { requestId: a2a.requestId, method: a2a.method, from: route.id, to: caller.id });
    return { ok: true, changed: false };
  }
  const labels = carriageOf(content, ctx.labelsOf(route.id) ?? route.labels);
  if (!labels.ok) return labels;
  const holder = content.holder ?? {};
  const inspection = await inspector.inspect(route, {
    inReplyTo: a2a.requestId,
    kind: isObject(holder.status) || typeof holder.artifactId === 'string' ? 'task' : 'message',
    record,
    protocol: 'a2a',
    method: a2a.method,
    from: route.id,
    to: caller.id,
    parts: content.slots.map((s): Part => s.part),
    labels: labels.labels,
    ...(labels.carriage?.origin === undefined ? {} : { origin: labels.carriage.origin }),
    ...(labels.carriage?.hops === undefined ? {} : { hops: labels.carriage.hops }),
    contextId: typeof holder.contextId === 'string' ? holder.contextId : undefined,
    taskId: typeof holder.taskId === 'string' ? holder.taskId : typeof holder.id === 'string' ? holder.id : undefined,
    body: raw,
  });
  if (!inspection.pass) return { ok: false, refusal: inspection.refusal };
  return { ok: true, changed: writeBack(content, inspection, labels.carriage, route.id) };
}

async function refuseAnswer(ctx: RouteContext, a2a: A2ARequest, caller: Caller, refusal: Refusal): Promise<void> {
  if (refusal.guard === 'gateway') await ctx.inspector.refuse(ctx.route, { record: 'response', protocol: 'a2a', method: a2a.method, from: ctx.route.id, to: caller.id, refusal, action: 'error' });
}

export async function answerJson(ctx: RouteContext, a2a: Answered, caller: Caller, upstream: UpstreamAnswer, headers: Headers): Promise<Response> {
  let bytes: Uint8Array;
  try {
    bytes = await upstream.read(ctx.limits.maxBodyBytes);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    const refusal = protocolRefusal(RPC_UPSTREAM_ERROR, 502, 'UPSTREAM_INVALID', `the agent's answer is larger than ${error.limit} bytes`);
    await refuseAnswer(ctx, a2a, caller, refusal);
    return refusalResponse(a2a.binding, a2a.rpcId, refusal);
  }
  const raw = decoder.decode(bytes);
  let json: unknown;
  try {
    json = raw.trim() === '' ? undefined : JSON.parse(raw);
  } catch {
    json = Symbol.for('not-json');
  }
  const passAsIs = (): Response => new Response(bytes, { status: upstream.status, headers });
  if (typeof json === 'symbol' || (a2a.binding === 'jsonrpc' && !isObject(json))) {
    const refusal = protocolRefusal(RPC_UPSTREAM_ERROR, 502, 'UPSTREAM_INVALID', `the agent answered ${upstream.status} with a body that is not ${a2a.binding === 'jsonrpc' ? 'a JSON-RPC response' : 'JSON'}`);
    await refuseAnswer(ctx, a2a, caller, refusal);
    return refusalResponse(a2a.binding, a2a.rpcId, refusal);
  }
  // JSON-RPC: inspect `result` (an error answer carries no content); HTTP+JSON: a 2xx body is the result.
  const holder: Json | undefined = a2a.binding === 'jsonrpc' ? (json as Json) : undefined;
  const result = holder !== undefined ? holder.result : upstream.ok ? json : undefined;
  if (result === undefined) {
    await ctx.inspector.audit.append({ time: Date.now(), kind: 'response', protocol: 'a2a', route: ctx.route.path, method: a2a.method, sender: ctx.route.id, recipient: caller.id, action: 'deliver', detail: { status: upstream.status } });
    // An error answer is still an answer (a 5xx was reported as a failure already).
    if (a2a.requestId !== undefined && upstream.status < 500) await ctx.inspector.answered(ctx.route, { requestId: a2a.requestId, method: a2a.method, from: ctx.route.id, to: caller.id });
    return passAsIs();
  }
  const outcome = await inspectAnswer(ctx, a2a, caller, result, 'response', raw);
  if (!outcome.ok) {
    await refuseAnswer(ctx, a2a, caller, outcome.refusal);
    return refusalResponse(a2a.binding, a2a.rpcId, outcome.refusal);
  }
  if (!outcome.changed) return passAsIs();
  headers.delete('content-length');
  return new Response(JSON.stringify(json), { status: upstream.status, headers });
}

export function answerStream(ctx: RouteContext, a2a: Answered, caller: Caller, upstream: UpstreamAnswer, headers: Headers): Response {
  const errorEvent = (refusal: Refusal): string => sseError(a2a.binding === 'jsonrpc' ? jsonRpcError(a2a.rpcId, refusal) : restError(refusal));
  const stream = guardEventStream(
    upstream.stream(),
    async (event) => {
      if (event.data === undefined || event.type === 'error') return { out: event.raw, end: false };
      let json: unknown;
      try {
        json = JSON.parse(event.data);
      } catch {
        const refusal = protocolRefusal(RPC_UPSTREAM_ERROR, 502, 'UPSTREAM_INVALID', 'a stream event is not JSON');
        await refuseAnswer(ctx, a2a, caller, refusal);
        return { out: errorEvent(refusal), end: true };
      }
      const result = a2a.binding === 'jsonrpc' ? (isObject(json) ? json.result : undefined) : json;
      if (result === undefined) return { out: event.raw, end: false };
      const outcome = await inspectAnswer(ctx, a2a, caller, result, 'stream-event', event.data);
      if (!outcome.ok) {
        await refuseAnswer(ctx, a2a, caller, outcome.refusal);
        return { out: errorEvent(outcome.refusal), end: true };
      }
      return { out: outcome.changed ? `${event.type === 'message' ? '' : `event: ${event.type}\n`}data: ${JSON.stringify(json)}\n\n` : event.raw, end: false };
    },
    {
      maxEventBytes: ctx.limits.maxBodyBytes,
      tooLarge: async () => {
        const refusal = protocolRefusal(RPC_UPSTREAM_ERROR, 502, 'UPSTREAM_INVALID', `a stream event is larger than ${ctx.limits.maxBodyBytes} bytes`);
        await refuseAnswer(ctx, a2a, caller, refusal);
        return errorEvent(refusal);
      },
    },
  );
  headers.delete('content-length');
  return new Response(stream, { status: upstream.status, headers });
}

/** Text a reader of the card takes in: its name, description and skills (where card poisoning hides). */
function cardParts(card: Json): Part[] {
  const lines: string[] = [];
  for (const key of ['name', 'description']) if (typeof card[key] === 'string') lines.push(card[key] as string);
  if (Array.isArray(card.skills)) {
    for (const skill of card.skills) {
      if (!isObject(skill)) continue;
      for (const key of ['name', 'description']) if (typeof skill[key] === 'string') lines.push(skill[key] as string);
      if (Array.isArray(skill.examples)) for (const e of skill.examples) if (typeof e === 'string') lines.push(e);
    }
  }
  return lines.length === 0 ? [] : [{ kind: 'text', text: lines.join('\n\n') }];
}

function rewriteCardUrls(card: Json, upstream: string, mount: string): boolean {
  const base = upstream.replace(/\/$/, '');
  let changed = false;
  const fix = (node: Json): void => {
    if (typeof node.url === 'string' && (node.url === base || node.url.startsWith(`${base}/`))) {
      node.url = `${mount}${node.url.slice(base.length)}`;
      changed = true;
    }
  };
  fix(card);
  for (const key of ['supportedInterfaces', 'additionalInterfaces']) if (Array.isArray(card[key])) for (const i of card[key]) if (isObject(i)) fix(i);
  return changed;
}

/** The agent card: fetched from the agent, its text inspected, served byte for byte (or with its URLs pointed at the gateway when configured and unsigned). */
export async function answerCard(ctx: RouteContext, request: Request, path: string): Promise<Response> {
  const { route, inspector } = ctx;
  const refuse = async (refusal: Refusal): Promise<Response> => {
    await refuseAnswer(ctx, { method: 'agent-card' } as A2ARequest, { id: 'anonymous', verified: false, via: 'none' }, refusal);
    return Response.json(restError(refusal), { status: refusal.status });
  };
  let upstream: UpstreamAnswer;
  try {
    upstream = await callUpstream(`${route.upstream.replace(/\/$/, '')}${path}`, { method: 'GET', headers: upstreamHeaders(request.headers, { id: 'anonymous', verified: false }, ctx.dropHeaders), signal: request.signal }, ctx.limits.upstreamTimeoutMs);
  } catch (error) {
    if (!(error instanceof UpstreamFailure)) throw error;
    return refuse(protocolRefusal(RPC_UPSTREAM_ERROR, error.timeout ? 504 : 502, error.timeout ? 'UPSTREAM_TIMEOUT' : 'UPSTREAM_UNREACHABLE', error.message));
  }
  let bytes: Uint8Array;
  try {
    bytes = await upstream.read(ctx.limits.maxBodyBytes);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    return refuse(protocolRefusal(RPC_UPSTREAM_ERROR, 502, 'UPSTREAM_INVALID', `the agent card is larger than ${error.limit} bytes`));
  }
  const headers = upstream.answerHeaders();
  if (!upstream.ok) return new Response(bytes, { status: upstream.status, headers });
  let card: unknown;
  try {
    card = JSON.parse(decoder.decode(bytes));
  } catch {
    card = undefined;
  }
  if (!isObject(card)) return refuse(protocolRefusal(RPC_UPSTREAM_ERROR, 502, 'UPSTREAM_INVALID', 'the agent card is not a JSON object'));
  if (route.card !== undefined) {
    try {
      await checkCard(card, route.card);
    } catch (error) {
      if (!isShieldRejection(error)) throw error;
      const refusal = guardRefusal(wireErrorOf(error.toVerdict()));
      await inspector.refuse(route, { record: 'card', protocol: 'a2a', method: 'agent-card', from: route.id, to: 'anonymous', refusal, body: bytes });
      return Response.json(restError(refusal), { status: refusal.status });
    }
  }
  const parts = cardParts(card);
  if (parts.length > 0) {
    const inspection = await inspector.inspect(route, { kind: 'card', record: 'card', protocol: 'a2a', method: 'agent-card', from: route.id, to: 'anonymous', parts, labels: route.labels ?? { confidentiality: 'public', integrity: 'untrusted' }, body: bytes });
    if (!inspection.pass) return Response.json(restError(inspection.refusal), { status: inspection.refusal.status });
  }
  const signed = Array.isArray(card.signatures) && card.signatures.length > 0;
  if (route.cardUrls === 'rewrite' && !signed && rewriteCardUrls(card, route.upstream, `${ctx.publicUrl}${route.path}`)) {
    headers.delete('content-length');
    return new Response(JSON.stringify(card), { status: upstream.status, headers });
  }
  return new Response(bytes, { status: upstream.status, headers });
}
