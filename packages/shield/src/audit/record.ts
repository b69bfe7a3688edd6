/**
 * Audit records: one per verdict the gateway gives (a request or an answer passed or refused, a stream
 * event, a caller refused before any guard ran), chained by hash. A record's hash is
 * sha256(previous hash ‖ canonical JSON of its fields), so changing, deleting, inserting or reordering any
 * record breaks the chain from there on; signed checkpoints (Merkle roots of the hashes) make the chain's
 * head hard to forge without the key.
 */
import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';

/** Node's one-shot `crypto.hash` (20.12+; about half the cost of createHash().update().digest() for small inputs). */
const oneShot = (crypto as { hash?: { (algorithm: string, data: string | Uint8Array, encoding: 'hex'): string; (algorithm: string, data: string | Uint8Array, encoding: 'buffer'): Buffer } }).hash;

/**
 * What a record is about (`admin`: an operator's action through the admin endpoints, e.g. a revocation, or
 * a standing decision of the gateway that must outlive a restart: a quarantine).
 */
export const RECORD_KINDS = ['request', 'response', 'stream-event', 'card', 'refusal', 'admin'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

/** What a caller of the audit log provides; sequence numbers and hashes are the log's. */
export interface AuditEntry {
  /** Milliseconds since the epoch. */
  time: number;
  kind: RecordKind;
  /** Which protocol and route: `a2a`, `mcp`, and the mount path. */
  protocol: string;
  route: string;
  /** The protocol method (SendMessage, message/send, tools/call...). */
  method: string;
  /** Sender and recipient of the payload (an answer goes from the agent to its caller). */
  sender: string;
  recipient: string;
  /** deliver (passed, maybe rewritten), block (refused), error (upstream or protocol failure). */
  action: 'deliver' | 'block' | 'error';
  code?: string | undefined;
  guard?: string | undefined;
  /** sha256 (hex) of the payload's normalised text: the same payload relayed by another agent has the same digest. */
  digest?: string | undefined;
  /** sha256 (hex) of the bytes as they arrived. */
  bodyDigest?: string | undefined;
  /** Flags, rewrites, quarantines and a reason, as JSON. */
  detail?: Record<string, unknown> | undefined;
}

export interface AuditRecord extends AuditEntry {
  seq: number;
  prev: string;
  hash: string;
}

/** The hash before the first record. */
export const GENESIS = '0'.repeat(64);

export function sha256Hex(data: string | Uint8Array): string {
  if (oneShot !== undefined) return oneShot('sha256', data, 'hex');
  return createHash('sha256').update(data).digest('hex');
}

/** JSON with object keys sorted (RFC 8785 for the values audit records hold: strings, integers, plain objects). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The fields a record's hash covers: everything but the hash itself. */
export function hashedFields(record: Omit<AuditRecord, 'hash'>): Record<string, unknown> {
  const { seq, time, kind, protocol, route, method, sender, recipient, action, code, guard, digest, bodyDigest, detail } = record;
  return { seq, time, kind, protocol, route, method, sender, recipient, action, code, guard, digest, bodyDigest, detail };
}

/** The hashed fields in canonical (sorted) key order, with their JSON keys. */
const HASHED_KEYS = (['action', 'bodyDigest', 'code', 'detail', 'digest', 'guard', 'kind', 'method', 'protocol', 'recipient', 'route', 'sender', 'seq', 'time'] as const).map((key) => [key, `${JSON.stringify(key)}:`] as const);

/**
 * `canonicalJson(hashedFields(record))`, written field by field in canonical key order (hashing a record is
 * a per-request cost: no entry arrays, no sort). `detailJson`, when given, is the canonical JSON of
 * `record.detail`, already computed for storage.
 */
export function recordJson(record: Omit<AuditRecord, 'hash' | 'prev'>, detailJson?: string): string {
  let out = '';
  for (const [key, json] of HASHED_KEYS) {
    const value = record[key];
    if (value === undefined) continue;
    out += `${out === '' ? '' : ','}${json}${key === 'detail' && detailJson !== undefined ? detailJson : typeof value === 'string' ? JSON.stringify(value) : canonicalJson(value)}`;
  }
  return `{${out}}`;
}

export function recordHash(prev: string, record: Omit<AuditRecord, 'hash' | 'prev'>, detailJson?: string): string {
  return sha256Hex(`${prev}\n${recordJson(record, detailJson)}`);
}

/** The digest of a payload's text, whitespace-normalised, so that a relayed copy matches. */
export function payloadDigest(text: string): string {
  return sha256Hex(text.replace(/\s+/g, ' ').trim());
}

/** Merkle root (sha256, RFC 6962 style: 0x00 leaf and 0x01 node prefixes) of hex hashes, in order. */
export function merkleRoot(hashes: readonly string[]): string {
  if (hashes.length === 0) return sha256Hex('');
  let level = hashes.map((h) => createHash('sha256').update(Buffer.from([0])).update(Buffer.from(h, 'hex')).digest());
  while (level.length > 1) {
    const next: typeof level = [];
    for (let i = 0; i < level.length; i += 2) {
      const left = level[i] as (typeof level)[number];
      const right = level[i + 1];
      next.push(right === undefined ? left : createHash('sha256').update(Buffer.from([1])).update(left).update(right).digest());
    }
    level = next;
  }
  return (level[0] as Buffer).toString('hex');
}

/**
 * The same Merkle root as `merkleRoot`, built as hashes arrive: the roots of the perfect subtrees of the
 * hashes so far (one per bit of their count), merged as they fill. A leaf costs one hash plus one merge on
 * average, and `root()` folds at most log2(n) subtrees, so a checkpoint no longer hashes its whole batch at
 * once on the event loop.
 */
export class MerkleAccumulator {
  /** [subtree root, leaf count], largest first. */
  #stack: [Buffer, number][] = [];
  #count = 0;

  get count(): number {
    return this.#count;
  }

  push(hexHash: string): void {
    const leaf = Buffer.allocUnsafe(33);
    leaf[0] = 0;
    leaf.write(hexHash, 1, 'hex');
    let node = sha256Buffer(leaf);
    let size = 1;
    for (;;) {
      const top = this.#stack[this.#stack.length - 1];
      if (top === undefined || top[1] !== size) break;
      this.#stack.pop();
      node = sha256Buffer(Buffer.concat([NODE_PREFIX, top[0], node]));
      size *= 2;
    }
    this.#stack.push([node, size]);
    this.#count++;
  }

  root(): string {
    if (this.#stack.length === 0) return sha256Hex('');
    let node = (this.#stack[this.#stack.length - 1] as [Buffer, number])[0];
    for (let i = this.#stack.length - 2; i >= 0; i--) node = sha256Buffer(Buffer.concat([NODE_PREFIX, (this.#stack[i] as [Buffer, number])[0], node]));
    return node.toString('hex');
  }
}

const NODE_PREFIX = Buffer.from([1]);

function sha256Buffer(data: Uint8Array): Buffer {
  if (oneShot !== undefined) return oneShot('sha256', data, 'buffer');
  return createHash('sha256').update(data).digest();
}

/** A signed checkpoint: the Merkle root of records `from`..`to` and the chain head at `to`. */
export interface Checkpoint {
  from: number;
  to: number;
  root: string;
  head: string;
  /** Hash of the previous checkpoint's signed payload (GENESIS for the first). */
  prev: string;
  time: number;
  keyId: string;
  /** base64url Ed25519 signature over `checkpointPayload`. */
  signature: string;
}

export function checkpointPayload(c: Omit<Checkpoint, 'signature'>): string {
  return canonicalJson({ v: 'masec-audit-checkpoint/1', from: c.from, to: c.to, root: c.root, head: c.head, prev: c.prev, time: c.time, keyId: c.keyId });
}
