/**
 * HTTP plumbing the protocol handlers share: reading a body with a size cap, the headers that may cross
 * the gateway, and the call to the upstream with a deadline for its answer's headers (a stream may then
 * run as long as it runs; the caller going away aborts it).
 */

/** Hop-by-hop headers (RFC 9110 §7.6.1) and those the gateway sets itself. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authorization', 'proxy-authenticate', 'host', 'content-length']);
/** Headers a caller may not set: the gateway tells the upstream who the caller is. */
export const CALLER_HEADER = 'masec-caller';
export const CALLER_VERIFIED_HEADER = 'masec-caller-verified';

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the body is larger than ${limit} bytes`);
    this.name = 'BodyTooLarge';
  }
}

/** The whole body, refusing one past `limit` bytes without reading the rest. */
export async function readLimited(body: ReadableStream<Uint8Array> | null, limit: number, declared?: string | null): Promise<Uint8Array> {
  if (declared !== undefined && declared !== null && Number(declared) > limit) throw new BodyTooLarge(limit);
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge(limit);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** Headers to send upstream: the caller's, less hop-by-hop ones and `drop`, with the verified caller named. */
export function upstreamHeaders(inbound: Headers, caller: { id: string; verified: boolean }, drop: readonly string[]): Headers {
  const out = new Headers();
  inbound.forEach((value, key) => {
    if (HOP_BY_HOP.has(key) || key.startsWith('masec-') || drop.includes(key)) return;
    out.set(key, value);
  });
  out.set('accept-encoding', 'identity');
  out.set(CALLER_HEADER, caller.id);
  out.set(CALLER_VERIFIED_HEADER, String(caller.verified));
  return out;
}

/** Headers to send back to the caller: the upstream's less hop-by-hop ones (the body may be rewritten; fetch has decoded it). */
export function answerHeaders(upstream: Headers): Headers {
  const out = new Headers();
  upstream.forEach((value, key) => {
    if (HOP_BY_HOP.has(key) || key === 'content-encoding') return;
    out.set(key, value);
  });
  return out;
}

export class UpstreamFailure extends Error {
  constructor(
    message: string,
    readonly timeout: boolean,
  ) {
    super(message);
    this.name = 'UpstreamFailure';
  }
}

/** Calls the upstream; throws UpstreamFailure when it cannot be reached or its headers take longer than `timeoutMs`. */
export async function callUpstream(url: string, init: { method: string; headers: Headers; body?: Uint8Array | string | undefined; signal?: AbortSignal | undefined }, timeoutMs: number): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new UpstreamFailure(`the upstream did not answer within ${timeoutMs} ms`, true)), timeoutMs);
  const onAbort = (): void => controller.abort(init.signal?.reason);
  init.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await fetch(url, { method: init.method, headers: init.headers, body: init.body ?? null, signal: controller.signal, redirect: 'manual' });
  } catch (error) {
    if (error instanceof UpstreamFailure) throw error;
    if (controller.signal.reason instanceof UpstreamFailure) throw controller.signal.reason;
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new UpstreamFailure(`the upstream could not be reached${cause}`, false);
  } finally {
    clearTimeout(timer);
    init.signal?.removeEventListener('abort', onAbort);
  }
}

export const encoder = new TextEncoder();
export const decoder = new TextDecoder();
