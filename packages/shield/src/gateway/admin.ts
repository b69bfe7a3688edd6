/**
 * The admin endpoints (`/_masec/...`), behind the admin token (compared in constant time; without a token
 * configured they answer 404): health, the quarantine and its release, guard timings, an on-demand audit
 * checkpoint, and token revocation. Every operator action is an `admin` record in the audit log, as is every
 * quarantine the guards decide; revocations and standing quarantines are read back from it at start, so
 * they survive a restart.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Context, Hono } from 'hono';
import type { AuditLog } from '../audit/sqlite-audit-log.js';
import { sha256Hex } from '../audit/record.js';
import { tokenLinkIds } from '../tokens/capability-token.js';
import { isShieldRejection } from '../identity/rejection.js';
import type { QuarantineNote } from '@masec/defenses';
import type { GatewayGuards } from './guards.js';

/** Audit-log methods of the admin records: the operator's actions, and the gateway's quarantines (standing decisions a restart must not forget). */
/** Where the admin endpoints live; no agent may be mounted under it. */
export const ADMIN_PREFIX = '/_masec';

export const ADMIN_METHODS = { quarantine: 'quarantine', release: 'quarantine-release', revoke: 'token-revoke' } as const;

/**
 * The quarantines standing at the end of the audit log: every `quarantine` record not followed by a
 * `quarantine-release` of the same agent. The gateway restores them at start.
 */
export function standingQuarantines(audit: AuditLog): QuarantineNote[] {
  const standing = new Map<string, QuarantineNote>();
  for (const record of audit.adminRecords(ADMIN_METHODS.quarantine, ADMIN_METHODS.release)) {
    const note = record.detail?.note as Partial<QuarantineNote> | undefined;
    if (record.method === ADMIN_METHODS.release) standing.delete(record.recipient);
    else if (typeof note?.agent === 'string') standing.set(note.agent, { agent: note.agent, guard: String(note.guard ?? 'quarantine'), reason: String(note.reason ?? '') });
  }
  return [...standing.values()];
}

/** The token link ids revoked: from the config and from the audit log's revocation records. */
export class Revocations {
  readonly #ids: Set<string>;

  constructor(configured: readonly string[], audit: AuditLog) {
    this.#ids = new Set(configured);
    for (const record of audit.adminRecords(ADMIN_METHODS.revoke)) {
      const jti = record.detail?.jti;
      if (typeof jti === 'string') this.#ids.add(jti);
    }
  }

  has(jti: string): boolean {
    return this.#ids.has(jti);
  }

  add(jti: string): boolean {
    if (this.#ids.has(jti)) return false;
    this.#ids.add(jti);
    return true;
  }

  list(): string[] {
    return [...this.#ids];
  }
}

export interface AdminOptions {
  token: string | undefined;
  audit: AuditLog;
  guards: GatewayGuards;
  revocations: Revocations;
  agents: number;
  now: () => number;
}

/** The JSON object a POST carries, or an error message naming what is wrong. */
async function objectBody(c: Context): Promise<Record<string, unknown> | string> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return 'the body is not JSON';
  }
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : 'the body is not a JSON object';
}

export function mountAdmin(app: Hono, options: AdminOptions): void {
  const { audit, guards, revocations } = options;
  const digest = options.token === undefined ? undefined : Buffer.from(sha256Hex(options.token), 'hex');
  app.use('/_masec/*', async (c, next) => {
    if (digest === undefined) return c.json({ error: 'the admin endpoints are off (no admin token configured)' }, 404);
    const header = c.req.header('authorization') ?? '';
    const given = Buffer.from(sha256Hex(header.replace(/^bearer\s+/i, '')), 'hex');
    if (!/^bearer\s+/i.test(header) || !timingSafeEqual(given, digest)) return c.json({ error: 'admin token required' }, 401, { 'www-authenticate': 'Bearer' });
    return next();
  });
  const record = (method: string, recipient: string, detail: Record<string, unknown>) =>
    audit.append({ time: options.now(), kind: 'admin', protocol: 'admin', route: '/_masec', method, sender: 'admin', recipient, action: 'deliver', detail });

  app.get('/_masec/health', (c) => c.json({ ok: true, agents: options.agents, audit: audit.head() }));
  app.get('/_masec/quarantine', (c) => c.json({ quarantined: guards.quarantined() }));
  app.post('/_masec/quarantine/release', async (c) => {
    const body = await objectBody(c);
    if (typeof body === 'string') return c.json({ error: body }, 400);
    if (typeof body.agent !== 'string' || body.agent === '') return c.json({ error: 'agent: the id of the quarantined agent to release' }, 400);
    const note = guards.release(body.agent);
    if (note === undefined) return c.json({ error: `agent ${body.agent} is not quarantined` }, 404);
    await record(ADMIN_METHODS.release, body.agent, { note });
    return c.json({ released: note });
  });
  app.get('/_masec/guards', (c) => c.json({ microsPerCall: guards.guardMicros() }));
  app.post('/_masec/audit/checkpoint', async (c) => c.json({ checkpoint: (await audit.checkpoint()) ?? null }));
  app.get('/_masec/tokens/revoked', (c) => c.json({ revoked: revocations.list() }));
  app.post('/_masec/tokens/revoke', async (c) => {
    const body = await objectBody(c);
    if (typeof body === 'string') return c.json({ error: body }, 400);
    let jti: string;
    if (typeof body.jti === 'string' && body.jti.length >= 8 && body.jti.length <= 128) jti = body.jti;
    else if (typeof body.token === 'string') {
      try {
        jti = tokenLinkIds(body.token).at(-1) as string;
      } catch (error) {
        if (!isShieldRejection(error)) throw error;
        return c.json({ error: `token: ${error.message}` }, 400);
      }
    } else return c.json({ error: 'give jti (a link id, 8..128 characters) or token (revokes its last link, and every token delegated from it)' }, 400);
    // The record is committed before the revocation takes effect: a revocation the log does not hold would not survive a restart.
    if (!revocations.has(jti)) await record(ADMIN_METHODS.revoke, 'tokens', { jti });
    revocations.add(jti);
    return c.json({ revoked: jti });
  });
}
