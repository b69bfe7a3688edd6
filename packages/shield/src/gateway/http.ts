
/**
 * HTTP plumbing the protocol handlers share: reading a body with a size cap, the headers that may cross
 * the gateway, and the call to the upstream with a deadline for its answer's headers (a stream may then
 * run as long as it runs; the caller going away aborts it).
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';

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

/** Reads a Node stream whole, refusing it past `limit` bytes (the stream is destroyed then). */
export function readNodeStream(stream: Readable, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stream.destroy();
        reject(new BodyTooLarge(limit));
      } else chunks.push(chunk);
    });
    stream.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    stream.once('error', reject);
  });
}

/** What the upstream answered: status, headers, and its body read whole (capped) or as a stream. */
export interface UpstreamAnswer {
  readonly status: number;
  readonly ok: boolean;
  /** All of its headers (built when first read). */
  readonly headers: Headers;
  /** Its content type ('' when it sent none). */
  readonly contentType: string;
  /** A fresh copy of the headers to send back to the caller (`answerHeaders` of `headers`, built in one pass). */
  answerHeaders(): Headers;
  read(limit: number): Promise<Uint8Array>;
  stream(): ReadableStream<Uint8Array>;
  /** Drops the body unread (the connection goes back to the pool once it has ended). */
  discard(): void;
}

/** A request's whole body within `limit` bytes: read at once when its length is declared, else streamed with the cap. */
export async function readBody(message: Request, limit: number): Promise<Uint8Array> {
  const declared = message.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared)) {
    if (Number(declared) > limit) throw new BodyTooLarge(limit);
    // A declared length is enforced by the HTTP layer; reading at once skips the stream machinery.
    return new Uint8Array(await message.arrayBuffer());
  }
  return readLimited(message.body, limit);
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

/**
 * Headers to send upstream (names in lower case): the caller's, less hop-by-hop ones and `drop`, with the
 * verified caller named. A plain record: node:http sends it as it is, where a `Headers` would be built and
 * taken apart again on every request.
 */
export function upstreamHeaders(inbound: Headers, caller: { id: string; verified: boolean }, drop: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  inbound.forEach((value, key) => {
    if (HOP_BY_HOP.has(key) || key.startsWith('masec-') || drop.includes(key)) return;
    out[key] = value;
  });
  out['accept-encoding'] = 'identity';
  out[CALLER_HEADER] = caller.id;
  out[CALLER_VERIFIED_HEADER] = String(caller.verified);
  return out;
}

/** Whether an upstream answer's header goes back to the caller: not hop-by-hop, not content-encoding (the gateway asks for identity and may rewrite the body). */
const passesBack = (key: string): boolean => !HOP_BY_HOP.has(key) && key !== 'content-encoding';

/** Headers to send back to the caller: the upstream's that pass back. */
export function answerHeaders(upstream: Headers): Headers {
  const out = new Headers();
  upstream.forEach((value, key) => {
    if (!passesBack(key)) return;
    out.set(key, value);
  });
  return out;
}

export class UpstreamFailure extends Error {
  constructor(
    message: string,
    readonly timeout: boolean,
    /** The call was cut because the caller went away: not the agent's failure. */
    readonly callerGone = false,
  ) {
    super(message);
    this.name = 'UpstreamFailure';
  }
}

const agents = { http: new HttpAgent({ keepAlive: true, maxSockets: 256 }), https: new HttpsAgent({ keepAlive: true, maxSockets: 256 }) };

/**
 * Calls the upstream over keep-alive connections (node:http: much cheaper per request than `fetch`);
 * throws UpstreamFailure when it cannot be reached or its headers take longer than `timeoutMs`. The
 * answer's body is read from the socket whole (capped) or as a stream; the caller going away aborts it.
 */
export function callUpstream(url: string, init: { method: string; headers: Headers | Record<string, string>; body?: Uint8Array | string | undefined; signal?: AbortSignal | undefined }, timeoutMs: number): Promise<UpstreamAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const headers: Record<string, string> = {};
    if (init.headers instanceof Headers) init.headers.forEach((value, key) => (headers[key] = value));
    else Object.assign(headers, init.headers);
    if (init.body !== undefined) headers['content-length'] = String(typeof init.body === 'string' ? Buffer.byteLength(init.body) : init.body.byteLength);
    const request = (secure ? httpsRequest : httpRequest)(target, { method: init.method, headers, agent: secure ? agents.https : agents.http });
    const timer = setTimeout(() => request.destroy(new UpstreamFailure(`the upstream did not answer within ${timeoutMs} ms`, true)), timeoutMs);
    const onAbort = (): void => void request.destroy(new UpstreamFailure('the caller went away', false, true));
    init.signal?.addEventListener('abort', onAbort, { once: true });
    request.once('error', (error) => {
      clearTimeout(timer);
      init.signal?.removeEventListener('abort', onAbort);
      reject(error instanceof UpstreamFailure ? error : new UpstreamFailure(`the upstream could not be reached: ${error.message}`, false));
    });
    request.once('response', (answer) => {
      clearTimeout(timer);
      answer.once('close', () => init.signal?.removeEventListener('abort', onAbort));
      const headersOf = (keep: (key: string) => boolean): Headers => {
        const out = new Headers();
        for (const [key, value] of Object.entries(answer.headers)) {
          if (value === undefined || !keep(key)) continue;
          if (Array.isArray(value)) for (const v of value) out.append(key, v);
          else out.set(key, value);
        }
        return out;
      };
      let all: Headers | undefined;
      const status = answer.statusCode ?? 502;
      resolve({
        status,
        ok: status >= 200 && status < 300,
        get headers() {
          all ??= headersOf(() => true);
          return all;
        },
        contentType: answer.headers['content-type'] ?? '',
        answerHeaders: () => headersOf(passesBack),
        read: (limit) => {
          const declared = Number(answer.headers['content-length']);
          if (Number.isFinite(declared) && declared > limit) {
            answer.destroy();
            return Promise.reject(new BodyTooLarge(limit));
          }
          return readNodeStream(answer, limit);
        },
        stream: () => Readable.toWeb(answer) as ReadableStream<Uint8Array>,
        discard: () => void answer.resume(),
      });
    });
    request.end(init.body);
  });
}

export const encoder = new TextEncoder();
export const decoder = new TextDecoder();
