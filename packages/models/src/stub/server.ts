/**
 * `masec llm-stub`: a local model server speaking the OpenAI chat-completions protocol (`/v1/chat/completions`),
 * Anthropic's messages API (`/v1/messages`) and Ollama's chat API (`/api/chat`) — tool calls, streaming and
 * whole answers, usage counts — with the built-in behaviours of behaviours.ts, a fixed latency, injected
 * faults and request counters (requests, answers, in flight now and at most). Tests start it in-process on
 * an ephemeral loopback port; users run it from the command line for dry runs. It listens on 127.0.0.1
 * unless told otherwise, and never calls anything itself.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type StubAnswer, type StubBehaviour, answerRequest } from './behaviours.js';
import { FAULT_KINDS, type FaultKind, type StubFault, faultFor } from './faults.js';
import type { Recogniser } from './instructions.js';
import { type Wire, WireError, type WireReply, answerId } from './wire.js';
import { anthropicWire } from './wire-anthropic.js';
import { ollamaWire } from './wire-ollama.js';
import { openaiWire } from './wire-openai.js';

export interface StubServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: an ephemeral port. */
  port?: number;
  behaviour?: StubBehaviour;
  /** Milliseconds before each answer (default 0). */
  latencyMs?: number;
  faults?: StubFault[];
  /** Another way to find instructions in data (default: the stub's own, instructions.ts). */
  recognise?: Recogniser;
  /**
   * A key requests must carry (`Authorization: Bearer`, or `x-api-key`); a request with another gets 401 and,
   * like some hosted services, a message quoting the key it sent.
   */
  apiKey?: string;
  /** Largest request body accepted (default 8 MiB). */
  maxBodyBytes?: number;
}

export interface StubStats {
  /** Requests received on the model routes. */
  requests: number;
  /** Requests answered with a model answer (2xx, complete). */
  answered: number;
  inFlight: number;
  /** The most requests in flight at once since the start (or the last `resetStats`). */
  maxInFlight: number;
  faults: Record<FaultKind, number>;
  byRoute: Record<string, number>;
}

const ROUTES: Record<string, Wire> = {
  '/v1/chat/completions': openaiWire,
  '/v1/messages': anthropicWire,
  '/api/chat': ollamaWire,
};

function emptyStats(): StubStats {
  return { requests: 0, answered: 0, inFlight: 0, maxInFlight: 0, faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>, byRoute: {} };
}

/** One request the stub answered: a digest of what was asked (messages, tools, seed) and the ids of the tool calls it answered with. */
export interface StubLogEntry {
  request: string;
  toolCallIds: string[];
}

/** Requests kept in the log (the most recent). */
const LOG_LIMIT = 100_000;

export class StubServer {
  #stats = emptyStats();
  readonly #log: StubLogEntry[] = [];
  readonly #open = new Set<ServerResponse>();

  private constructor(private readonly server: Server) {}

  /** Starts a stub; resolves once it listens. */
  static async start(options: StubServerOptions = {}): Promise<StubServer> {
    const server = createServer();
    const stub = new StubServer(server);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void stub.#handle(req, res, options));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    return stub;
  }

  /** Where it listens, e.g. `http://127.0.0.1:40123`. */
  get url(): string {
    const address = this.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  /** The base URL a provider of this kind is configured with to reach the stub. */
  baseUrl(provider: 'openai-compatible' | 'openai' | 'anthropic' | 'ollama'): string {
    return provider === 'ollama' ? `${this.url}/api` : `${this.url}/v1`;
  }

  stats(): StubStats {
    return { ...this.#stats, faults: { ...this.#stats.faults }, byRoute: { ...this.#stats.byRoute } };
  }

  /** The requests answered so far (the most recent 100,000), oldest first. */
  requestLog(): StubLogEntry[] {
    return this.#log.map((e) => ({ request: e.request, toolCallIds: [...e.toolCallIds] }));
  }

  resetStats(): void {
    const inFlight = this.#stats.inFlight;
    this.#stats = { ...emptyStats(), inFlight, maxInFlight: inFlight };
  }

  /** Stops listening and ends the requests it holds (a `timeout` fault's). */
  close(): Promise<void> {
    for (const res of this.#open) res.destroy();
    return new Promise((resolve, reject) => this.server.close((error) => (error === undefined ? resolve() : reject(error))));
  }

  async #handle(req: IncomingMessage, res: ServerResponse, options: StubServerOptions): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const wire = ROUTES[path];
    if (wire === undefined || req.method !== 'POST') {
      if (req.method === 'GET' && (path === '/health' || path === '/v1/models' || path === '/api/tags')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(path === '/api/tags' ? { models: [] } : { object: 'list', data: [] }));
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${req.method ?? ''} ${path}` } }));
      return;
    }
    const stats = this.#stats;
    const n = ++stats.requests;
    stats.byRoute[path] = (stats.byRoute[path] ?? 0) + 1;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    this.#open.add(res);
    let counted = true;
    const done = (): void => {
      if (!counted) return;
      counted = false;
      stats.inFlight--;
      this.#open.delete(res);
    };
    res.on('close', done);
    try {
      const body = await readBody(req, options.maxBodyBytes ?? 8 * 1024 * 1024);
      const key = options.apiKey;
      if (key !== undefined) {
        const sent = req.headers['x-api-key'] ?? (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
        if (sent !== key) return send(res, wire.error(401, `Incorrect API key provided: ${String(sent)}`));
      }
      let parsed;
      try {
        parsed = wire.parse(JSON.parse(body));
      } catch (error) {
        return send(res, wire.error(400, error instanceof WireError ? error.message : `the body is not JSON: ${(error as Error).message}`));
      }
      const { request, stream } = parsed;
      const fault = faultFor(options.faults ?? [], n, request.model);
      if (fault !== undefined) stats.faults[fault.kind]++;
      if (fault?.kind === 'timeout') return; // held until the client gives up (or the stub closes)
      if ((options.latencyMs ?? 0) > 0) await sleep(options.latencyMs ?? 0, res);
      if (res.destroyed) return;
      if (fault?.kind === 'rate-limit') {
        const reply = wire.error(429, 'rate limit reached (stub fault)');
        return send(res, { ...reply, headers: { ...reply.headers, 'retry-after': String(fault.retryAfter ?? 1) } });
      }
      if (fault?.kind === 'server-error') return send(res, wire.error(fault.status ?? 500, 'internal error (stub fault)'));
      if (fault?.kind === 'malformed') return send(res, { status: 200, headers: { 'content-type': 'application/json' }, body: '{"id": "stub-malformed", "choices": [' });
      let answer: StubAnswer = answerRequest(options.behaviour ?? { kind: 'careful' }, request, options.recognise);
      if (fault?.kind === 'bad-tool-args') answer = brokenArguments(answer, request.tools[0]?.name);
      const reply = wire.reply(request, answer, stream);
      if (fault?.kind === 'truncate') return truncate(res, reply);
      send(res, reply);
      stats.answered++;
      this.#log.push({ request: answerId(request, ''), toolCallIds: answer.toolCalls.map((_, i) => answerId(request, '', i)) });
      if (this.#log.length > LOG_LIMIT) this.#log.shift();
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `stub failure: ${(error as Error).message}` } }));
      else res.destroy();
    }
  }
}

/** Starts a stub (see `StubServer.start`). */
export function startStub(options: StubServerOptions = {}): Promise<StubServer> {
  return StubServer.start(options);
}

function send(res: ServerResponse, reply: WireReply): void {
  if (res.destroyed) return;
  res.writeHead(reply.status, reply.headers);
  if (typeof reply.body === 'string') res.end(reply.body);
  else {
    for (const chunk of reply.body) res.write(chunk);
    res.end();
  }
}

/** Half the answer, then the connection closes: a stream cut off, or a body shorter than its length. */
function truncate(res: ServerResponse, reply: WireReply): void {
  if (typeof reply.body === 'string') {
    res.writeHead(reply.status, { ...reply.headers, 'content-length': String(Buffer.byteLength(reply.body)) });
    res.write(reply.body.slice(0, Math.floor(reply.body.length / 2)));
  } else {
    res.writeHead(reply.status, reply.headers);
    for (const chunk of reply.body.slice(0, Math.max(1, Math.floor(reply.body.length / 2)))) res.write(chunk);
  }
  setImmediate(() => res.destroy());
}

function brokenArguments(answer: StubAnswer, firstTool: string | undefined): StubAnswer {
  const calls = answer.toolCalls.length > 0 ? answer.toolCalls : firstTool === undefined ? [] : [{ name: firstTool, args: {} }];
  return { ...answer, toolCalls: calls.map((c) => ({ ...c, args: `${JSON.stringify(c.args).slice(0, -1)},` })) };
}

function readBody(req: IncomingMessage, max: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        reject(new Error(`request body over ${max} bytes`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sleep(ms: number, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    res.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
