/**
 * Lineage over the audit log: where a payload came from and where it went, or what an agent sent and
 * received. A payload is found by its digest (the sha256 of its normalised text, the same at every hop it
 * was relayed unchanged) or by a prefix of it; an agent by its id. Queries use the log's lineage index
 * (lineage-index.ts) for the records it covers and scan the rest, and return at most `limit` hops.
 */
import type Database from 'better-sqlite3';
import type { AuditRecord } from './record.js';
import { type RecordRow, rowToRecord } from './sqlite-audit-log.js';
import type { LineageIndex } from './lineage-index.js';

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

/** The records with these sequence numbers, in order. */
function recordsAt(db: Database.Database, seqs: readonly number[]): RecordRow[] {
  if (seqs.length === 0) return [];
  return db.prepare('SELECT * FROM records WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY seq').all(JSON.stringify(seqs)) as RecordRow[];
}

/**
 * Runs `query` on the lineage index, which must read only its rows up to `upto` (the helper thread may add
 * more meanwhile). Undefined without an index, or when it cannot be read (a damaged side file): the caller
 * then scans the whole log.
 */
function fromIndex<T>(index: LineageIndex | undefined, query: (db: Database.Database, upto: number) => T): { value: T; upto: number } | undefined {
  if (index === undefined) return undefined;
  try {
    return { value: query(index.db, index.upto), upto: index.upto };
  } catch {
    return undefined;
  }
}

/**
 * The records of a payload, by full digest or a unique prefix of at least 8 hex digits. Undefined when none
 * match. With the log's lineage index (`openLineageIndex`) the indexed records are looked up there and only
 * the later ones scanned; without it the whole log is scanned.
 */
export function payloadLineage(db: Database.Database, digest: string, limit = 10_000, index?: LineageIndex): PayloadLineage | undefined {
  const prefix = digest.toLowerCase();
  if (!/^[0-9a-f]{8,64}$/.test(prefix)) return undefined;
  const match = prefix.length === 64 ? 'digest = @prefix' : 'digest >= @prefix AND digest < @end';
  const params = { prefix, end: `${prefix}g`, limit };
  const found = fromIndex(index, (side, upto) => side.prepare(`SELECT seq FROM lineage WHERE ${match} AND seq <= @upto ORDER BY seq LIMIT @limit`).pluck().all({ ...params, upto }) as number[]);
  const upto = found?.upto ?? 0;
  const later = db.prepare(`SELECT * FROM records WHERE seq > @upto AND ${match} ORDER BY seq LIMIT @limit`).all({ ...params, upto }) as RecordRow[];
  const rows = [...recordsAt(db, found?.value ?? []), ...later].slice(0, limit);
  if (rows.length === 0) return undefined;
  const hops = rows.map((r) => hopOf(rowToRecord(r)));
  const reached: string[] = [];
  for (const hop of hops) if (hop.action === 'deliver' && !reached.includes(hop.to)) reached.push(hop.to);
  return { digest: rows[0]?.digest ?? prefix, origin: hops[0]?.from, hops, reached, stopped: hops.filter((h) => h.action === 'block') };
}

type PeerCount = { peer: string; messages: number; blocked: number };

/** Counts by peer from the index and from the later records, added up, most messages first. */
function peers(db: Database.Database, index: LineageIndex | undefined, self: 'sender' | 'recipient', agent: string, limit: number): PeerCount[] {
  const peer = self === 'sender' ? 'recipient' : 'sender';
  const count = `SELECT ${peer} AS peer, COUNT(*) AS messages, SUM(action = 'block') AS blocked FROM`;
  const found = fromIndex(index, (side, upto) => side.prepare(`${count} lineage WHERE ${self} = ? AND seq <= ? GROUP BY ${peer}`).all(agent, upto) as PeerCount[]);
  const parts = [...(found?.value ?? []), ...(db.prepare(`${count} records WHERE seq > ? AND ${self} = ? GROUP BY ${peer}`).all(found?.upto ?? 0, agent) as PeerCount[])];
  const total = new Map<string, PeerCount>();
  for (const p of parts) {
    const t = total.get(p.peer) ?? { peer: p.peer, messages: 0, blocked: 0 };
    total.set(p.peer, { peer: p.peer, messages: t.messages + p.messages, blocked: t.blocked + p.blocked });
  }
  return [...total.values()].sort((a, b) => b.messages - a.messages || (a.peer < b.peer ? -1 : 1)).slice(0, limit);
}

/** What one agent sent and received, by peer, and the refusals of its traffic (with the lineage index when given). */
export function agentLineage(db: Database.Database, agent: string, limit = 1000, index?: LineageIndex): AgentLineage {
  const sent = peers(db, index, 'sender', agent, limit);
  const received = peers(db, index, 'recipient', agent, limit);
  // The latest `limit` refusals: the later records' first, then the index's, newest first; shown oldest first.
  const found = fromIndex(index, (side, upto) => side.prepare("SELECT seq FROM lineage WHERE sender = ? AND action = 'block' AND seq <= ? ORDER BY seq DESC LIMIT ?").pluck().all(agent, upto, limit) as number[]);
  const later = db.prepare("SELECT * FROM records WHERE seq > ? AND sender = ? AND action = 'block' ORDER BY seq DESC LIMIT ?").all(found?.upto ?? 0, agent, limit) as RecordRow[];
  const refusals = [...recordsAt(db, (found?.value ?? []).slice(0, limit - later.length)), ...later.reverse()];
  return {
    agent,
    sent: sent.map((r) => ({ to: r.peer, messages: r.messages, blocked: r.blocked })),
    received: received.map((r) => ({ from: r.peer, messages: r.messages, blocked: r.blocked })),
    refusals: refusals.map((r) => hopOf(rowToRecord(r))),
  };
}
