/**
 * The gateway in front of the configured agents. A request under an agent's mount goes straight to its
 * protocol's handler (A2A built in; MCP plugs in through `handlers`); `/_masec/...` are the admin endpoints,
 * on a Hono router (admin.ts), which need the admin token. Serving agent traffic without the router saves
 * its dispatch on every request. `startGateway` serves it with @hono/node-server on the configured
 * interface (loopback by default).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { Hono } from 'hono';
import { type Clock, type DefenseDefinition, MasecError, type Registry, millisecondClock } from '@masec/spec';
import type { AuditLog } from '../audit/sqlite-audit-log.js';
import type { AgentRoute, ShieldConfig } from '../config/schema.js';
import { a2aHandler } from '../a2a/handler.js';
import { mcpHandler } from '../mcp/handler.js';
import { type Authenticator, bearerTokenAuthenticator, headerClaimAuthenticator } from './authenticate.js';
import { identityAuthenticator } from '../identity/authenticator.js';
import { MemoryStateStore } from '@masec/defenses';
import { GatewayGuards } from './guards.js';
import { ADMIN_PREFIX, Revocations, mountAdmin, standingQuarantines } from './admin.js';
import { Inspector } from './inspect.js';
import type { ProtocolHandler, RouteContext } from './route-context.js';
import { readBody, readNodeStream } from './http.js';
import type { IncomingMessage } from 'node:http';

export interface GatewayOptions {
  audit: AuditLog;
  /** Authenticators asked before the built-in ones (the identity layer's signature and token checks). */
  authenticators?: readonly Authenticator[];
  /** Protocol handlers besides A2A, by protocol (`mcp`). */
  handlers?: Readonly<Record<string, ProtocolHandler>>;
  /** The admin token (compared in constant time); without one the admin endpoints answer 404. */
  adminToken?: string | undefined;
  /** Wall clock in ms (tests pass a fake). */
  now?: () => number;
  defenses?: Registry<DefenseDefinition<unknown>>;
}

export interface Gateway {
  readonly app: Hono;
  readonly inspector: Inspector;
  readonly clock: Clock;
  /** Serves one request: `/_masec/...` through the admin router, everything else to its agent's handler. */
  fetch(request: Request, env?: unknown): Promise<Response>;
}

/** The admin token the config names (an environment variable or a file), if any. Never printed. */
export function adminTokenOf(config: ShieldConfig, baseDir: string, env: Record<string, string | undefined>): string | undefined {
  if (config.admin.tokenEnv !== undefined) {
    const token = env[config.admin.tokenEnv];
    if (token === undefined || token.length < 16) throw new MasecError('CONFIG_INVALID', `admin.tokenEnv: the environment variable ${config.admin.tokenEnv} is unset or shorter than 16 characters`);
    return token;
  }
  if (config.admin.tokenFile !== undefined) {
    const file = resolve(baseDir, config.admin.tokenFile);
    let token: string;
    try {
      token = readFileSync(file, 'utf8').trim();
    } catch (error) {
      throw new MasecError('CONFIG_INVALID', `admin.tokenFile: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
    }
    if (token.length < 16) throw new MasecError('CONFIG_INVALID', `admin.tokenFile: ${config.admin.tokenFile} holds fewer than 16 characters`);
    return token;
  }
  return undefined;
}

/** The gateway's URL as callers see it, without a trailing slash. */
export function publicUrlOf(config: ShieldConfig): string {
  return (config.publicUrl ?? `http://${config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host}:${config.listen.port}`).replace(/\/$/, '');
}

export function createGateway(config: ShieldConfig, options: GatewayOptions): Gateway {
  const now = options.now ?? Date.now;
  const clock = millisecondClock(now);
  const guards = new GatewayGuards(config, { clock, ...(options.defenses === undefined ? {} : { defenses: options.defenses }) });
  // Quarantines decided before a restart (and not released since) hold again.
  guards.spread(standingQuarantines(options.audit));
  const inspector = new Inspector({ guards, audit: options.audit, now: () => clock.now() });
  const revocations = new Revocations(config.identity.tokens?.revoked ?? [], options.audit);
  const authenticators: Authenticator[] = [...(options.authenticators ?? [])];
  if (config.identity.signatures !== undefined) {
    authenticators.push(
      identityAuthenticator({ signatures: config.identity.signatures, tokens: config.identity.tokens, publicUrl: publicUrlOf(config), clock, state: new MemoryStateStore(clock), revoked: (jti) => revocations.has(jti) }),
    );
  }
  if (config.identity.callers.length > 0) authenticators.push(bearerTokenAuthenticator(config.identity.callers));
  if (config.identity.header !== undefined) authenticators.push(headerClaimAuthenticator(config.identity.header));
  const handlers: Record<string, ProtocolHandler> = { a2a: a2aHandler, mcp: mcpHandler, ...options.handlers };
  const publicUrl = publicUrlOf(config);
  const defaults = new Map(config.agents.map((a) => [a.id, a.labels]));
  const contexts = config.agents.map(
    (route): RouteContext => ({
      route,
      inspector,
      authenticators,
      requireIdentity: config.identity.require,
      limits: config.limits,
      publicUrl,
      pushNotifications: config.pushNotifications,
      dropHeaders: config.identity.callers.length > 0 ? ['authorization'] : [],
      labelsOf: (agent) => defaults.get(agent),
    }),
  );
  // Longest mount first, so /agents/a/b wins over /agents/a.
  const mounts = [...contexts].sort((a, b) => b.route.path.length - a.route.path.length);
  const match = (path: string): { ctx: RouteContext; subpath: string } | undefined => {
    for (const ctx of mounts) {
      const mount = ctx.route.path;
      if (path === mount || path.startsWith(`${mount}/`)) return { ctx, subpath: path.slice(mount.length) };
    }
    return undefined;
  };

  // A bug or a store failure: answer 500 without details (they may hold payload text), never pass the request on.
  const failure = (error: unknown): Response => {
    const store = error instanceof MasecError && error.code === 'STORE_ERROR';
    process.stderr.write(`masec shield: ${store ? 'audit log failure' : 'internal error'}: ${error instanceof Error ? error.message : String(error)}\n`);
    return Response.json({ error: store ? 'the audit log cannot be written; nothing was forwarded' : 'internal gateway error' }, { status: 500 });
  };
  const app = new Hono();
  mountAdmin(app, { token: options.adminToken, audit: options.audit, guards, revocations, agents: config.agents.length, now: () => clock.now() });
  app.onError((error) => failure(error));
  app.notFound((c) => c.json({ error: `no admin endpoint at ${c.req.path}` }, 404));
  /** An agent's traffic: straight to its protocol's handler (the admin endpoints go through the Hono router). */
  const agentFetch = async (request: Request, path: string, incoming: IncomingMessage | undefined): Promise<Response> => {
    const found = match(path);
    if (found === undefined) return Response.json({ error: `no agent is mounted at ${path}` }, { status: 404 });
    const handler = handlers[found.ctx.route.protocol];
    if (handler === undefined) return Response.json({ error: `no handler for protocol '${found.ctx.route.protocol}'` }, { status: 501 });
    const read = (limit: number): Promise<Uint8Array> => (incoming !== undefined ? readNodeStream(incoming, limit) : readBody(request, limit));
    try {
      return await handler.handle(found.ctx, request, found.subpath, read);
    } catch (error) {
      return failure(error);
    }
  };
  const fetch = async (request: Request, env?: unknown): Promise<Response> => {
    const path = new URL(request.url).pathname;
    if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) return app.fetch(request, env);
    return agentFetch(request, path, (env as { incoming?: IncomingMessage } | undefined)?.incoming);
  };
  return { app, inspector, clock, fetch };
}

export interface RunningGateway {
  readonly gateway: Gateway;
  readonly server: ServerType;
  /** The address actually bound (port 0 resolved). */
  readonly url: string;
  close(): Promise<void>;
}

/** Serves the gateway on `config.listen` and resolves once it is listening. */
export function startGateway(config: ShieldConfig, options: GatewayOptions): Promise<RunningGateway> {
  const gateway = createGateway(config, options);
  return new Promise((resolvePromise, reject) => {
    const server = serve({ fetch: gateway.fetch, hostname: config.listen.host, port: config.listen.port }, (info) => {
      const host = info.address.includes(':') ? `[${info.address}]` : info.address;
      resolvePromise({
        gateway,
        server,
        url: `http://${host}:${info.port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            (server as { closeAllConnections?: () => void }).closeAllConnections?.();
          }).then(() => options.audit.close()),
      });
    });
    server.once('error', reject);
  });
}

export type { AgentRoute };
