/**
 * Lineage over the audit log: where a payload came from and where it went, or what an agent sent and
 * received. A payload is found by its digest (the sha256 of its normalised text, the same at every hop it
 * was relayed unchanged) or by a prefix of it; an agent by its id. Queries use the log's indexes and return
 * at most `limit` hops.
 */
import type Database from 'better-sqlite3';
import type { AuditRecord } from './record.js';
import { type RecordRow, rowToRecord } from './sqlite-audit-log.js';

export interface Hop {
  seq: number;
  time: number;
  from: string;
  to: string;
  method: string;
  kind: AuditRecord['kind'];
  action: AuditRecord['action'];
  code?: string | undefined;
  guard?: string | undefined;
  digest?: string | undefined;
}

export interface PayloadLineage {
  digest: string;
  /** The first agent seen sending it. */
  origin: string | undefined;
  hops: Hop[];
  /** Agents it reached (hops that were delivered), in order of first arrival. */
  reached: string[];
  /** Where it tried to go and was stopped. */
  stopped: Hop[];
}

export interface AgentLineage {
  agent: string;
  sent: { to: string; messages: number; blocked: number }[];
  received: { from: string; messages: number; blocked: number }[];
  /** Refusals of the agent's own traffic, latest last. */
  refusals: Hop[];
}

const hopOf = (record: AuditRecord): Hop => ({
  seq: record.seq,
  time: record.time,
  from: record.sender,
  to: record.recipient,
  method: record.method,
  kind: record.kind,
  action: record.action,
  code: record.code,
  guard: record.guard,
  digest: record.digest,
});

/** The records of a payload, by full digest or a unique prefix of at least 8 hex digits. Undefined when none match. */
export function payloadLineage(db: Database.Database, digest: string, limit = 10_000): PayloadLineage | undefined {
  const prefix = digest.toLowerCase();
  if (!/^[0-9a-f]{8,64}$/.test(prefix)) return undefined;
  const rows =
    prefix.length === 64
      ? (db.prepare('SELECT * FROM records WHERE digest = ? ORDER BY seq LIMIT ?').all(prefix, limit) as RecordRow[])
      : (db.prepare('SELECT * FROM records WHERE digest >= ? AND digest < ? ORDER BY seq LIMIT ?').all(prefix, `${prefix}g`, limit) as RecordRow[]);
  if (rows.length === 0) return undefined;
  const hops = rows.map((r) => hopOf(rowToRecord(r)));
  const reached: string[] = [];
  for (const hop of hops) if (hop.action === 'deliver' && !reached.includes(hop.to)) reached.push(hop.to);
  return { digest: rows[0]?.digest ?? prefix, origin: hops[0]?.from, hops, reached, stopped: hops.filter((h) => h.action === 'block') };
}

/** What one agent sent and received, by peer, and the refusals of its traffic. */
export function agentLineage(db: Database.Database, agent: string, limit = 1000): AgentLineage {
  const sent = db
    .prepare("SELECT recipient AS peer, COUNT(*) AS messages, SUM(action = 'block') AS blocked FROM records WHERE sender = ? GROUP BY recipient ORDER BY messages DESC LIMIT ?")
    .all(agent, limit) as { peer: string; messages: number; blocked: number }[];
  const received = db
    .prepare("SELECT sender AS peer, COUNT(*) AS messages, SUM(action = 'block') AS blocked FROM records WHERE recipient = ? GROUP BY sender ORDER BY messages DESC LIMIT ?")
    .all(agent, limit) as { peer: string; messages: number; blocked: number }[];
  const refusals = (db.prepare("SELECT * FROM records WHERE sender = ? AND action = 'block' ORDER BY seq DESC LIMIT ?").all(agent, limit) as RecordRow[]).reverse();
  return {
    agent,
    sent: sent.map((r) => ({ to: r.peer, messages: r.messages, blocked: r.blocked })),
    received: received.map((r) => ({ from: r.peer, messages: r.messages, blocked: r.blocked })),
    refusals: refusals.map((r) => hopOf(rowToRecord(r))),
  };
}
