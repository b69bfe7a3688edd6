/**
 * What a protocol handler gets for one route: the route, the shared inspector (guards + audit log), the
 * authenticators, limits, and the gateway's public URL. The A2A handler is built in; the MCP handler
 * plugs in through `ProtocolHandler` with the same context.
 */
import type { AgentRoute, ShieldConfig } from '../config/schema.js';
import type { Authenticator } from './authenticate.js';
import type { Inspector } from './inspect.js';
import type { Labels } from '@masec/spec';

export interface RouteContext {
  readonly route: AgentRoute;
  readonly inspector: Inspector;
  readonly authenticators: readonly Authenticator[];
  /** Refuse callers no authenticator identified. */
  readonly requireIdentity: boolean;
  readonly limits: ShieldConfig['limits'];
  /** The gateway's base URL as callers see it (no trailing slash). */
  readonly publicUrl: string;
  /** Headers the upstream must not see (a bearer token the gateway consumed). */
  readonly dropHeaders: readonly string[];
  /** Which push-notification webhook URLs callers may register (A2A). */
  readonly pushNotifications: ShieldConfig['pushNotifications'];
  /** Default labels of content an agent sends when it carries none. */
  labelsOf(agent: string): Labels | undefined;
}

/**
 * A protocol's request handling: `request` arrived for `ctx.route`, `subpath` is the part below its mount;
 * `readBody(limit)` reads its body whole (from the socket, without web streams), throwing BodyTooLarge past `limit`.
 */
export interface ProtocolHandler {
  readonly protocol: string;
  handle(ctx: RouteContext, request: Request, subpath: string, readBody: (limit: number) => Promise<Uint8Array>): Promise<Response>;
}
