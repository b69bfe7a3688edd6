/**
 * The audit log in SQLite (better-sqlite3): append-only records chained by hash, and signed checkpoints.
 * `append` writes and commits synchronously in WAL mode before it returns, so a record the gateway wrote
 * before answering survives the process being killed (SQLite's WAL commit is durable against a process
 * crash at `synchronous = NORMAL`; against power loss, set `durability: 'full'`). Triggers refuse UPDATE and
 * DELETE on records and checkpoints: not a protection against someone with the file (they can drop the
 * triggers), but against a bug; `masec audit verify` is what detects tampering.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MasecError } from '@masec/spec';
import { type AuditEntry, type AuditRecord, type Checkpoint, GENESIS, canonicalJson, checkpointPayload, merkleRoot, recordHash, sha256Hex } from './record.js';
import type { AuditSigner } from './signer.js';

/** What the gateway (and the identity layer, for its own refusals) writes to. */
export interface AuditLog {
  /** Appends one record and commits it before returning. */
  append(entry: AuditEntry): AuditRecord;
  /** The last record's sequence number and hash (0 and GENESIS when empty). */
  head(): { seq: number; hash: string };
  /** Signs a checkpoint over the records since the last one, if there are any. */
  checkpoint(): Promise<Checkpoint | undefined>;
  /** Signs a final checkpoint and closes the file. */
  close(): Promise<void>;
}

export interface SqliteAuditLogOptions {
  path: string;
  signer: AuditSigner;
  /** Records between checkpoints (default 1000). */
  checkpointEvery?: number;
  /** Most milliseconds between checkpoints while records arrive (default 60 000); 0: no timer. */
  checkpointMs?: number;
  /** `normal` (default): durable against a process crash; `full`: against power loss too (slower). */
  durability?: 'normal' | 'full';
  /** Called when a background checkpoint fails (signing is asynchronous); default: rethrown on the next append. */
  onError?: (error: unknown) => void;
}

export const AUDIT_SCHEMA_VERSION = '1';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
  seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, kind TEXT NOT NULL, protocol TEXT NOT NULL, route TEXT NOT NULL,
  method TEXT NOT NULL, sender TEXT NOT NULL, recipient TEXT NOT NULL, action TEXT NOT NULL, code TEXT, guard TEXT,
  digest TEXT, body_digest TEXT, detail TEXT, prev TEXT NOT NULL, hash TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS records_digest ON records (digest);
CREATE INDEX IF NOT EXISTS records_sender ON records (sender);
CREATE INDEX IF NOT EXISTS records_recipient ON records (recipient);
CREATE TABLE IF NOT EXISTS checkpoints (
  id INTEGER PRIMARY KEY, from_seq INTEGER NOT NULL, to_seq INTEGER NOT NULL, root TEXT NOT NULL, head TEXT NOT NULL,
  prev TEXT NOT NULL, time INTEGER NOT NULL, key_id TEXT NOT NULL, signature TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS keys (key_id TEXT PRIMARY KEY, public_key BLOB NOT NULL);
CREATE TRIGGER IF NOT EXISTS records_no_update BEFORE UPDATE ON records BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS records_no_delete BEFORE DELETE ON records BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS checkpoints_no_update BEFORE UPDATE ON checkpoints BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS checkpoints_no_delete BEFORE DELETE ON checkpoints BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
`;

/** A stored record row. */
export interface RecordRow {
  seq: number;
  time: number;
  kind: string;
  protocol: string;
  route: string;
  method: string;
  sender: string;
  recipient: string;
  action: string;
  code: string | null;
  guard: string | null;
  digest: string | null;
  body_digest: string | null;
  detail: string | null;
  prev: string;
  hash: string;
}

export interface CheckpointRow {
  id: number;
  from_seq: number;
  to_seq: number;
  root: string;
  head: string;
  prev: string;
  time: number;
  key_id: string;
  signature: string;
}

export function rowToRecord(row: RecordRow): AuditRecord {
  return {
    seq: row.seq,
    time: row.time,
    kind: row.kind as AuditRecord['kind'],
    protocol: row.protocol,
    route: row.route,
    method: row.method,
    sender: row.sender,
    recipient: row.recipient,
    action: row.action as AuditRecord['action'],
    code: row.code ?? undefined,
    guard: row.guard ?? undefined,
    digest: row.digest ?? undefined,
    bodyDigest: row.body_digest ?? undefined,
    detail: row.detail === null ? undefined : (JSON.parse(row.detail) as Record<string, unknown>),
    prev: row.prev,
    hash: row.hash,
  };
}

export class SqliteAuditLog implements AuditLog {
  readonly #db: Database.Database;
  readonly #signer: AuditSigner;
  readonly #every: number;
  readonly #insert: Database.Statement;
  readonly #insertCheckpoint: Database.Statement;
  readonly #timer: NodeJS.Timeout | undefined;
  readonly #onError: (error: unknown) => void;
  #seq: number;
  #hash: string;
  /** Hashes of the records since the last checkpoint (from `#pendingFrom`). */
  #pending: string[] = [];
  #pendingFrom: number;
  #lastCheckpoint: string;
  #signing: Promise<Checkpoint | undefined> | undefined;
  #failure: unknown;
  #closed = false;

  constructor(options: SqliteAuditLogOptions) {
    mkdirSync(dirname(options.path), { recursive: true });
    try {
      this.#db = new Database(options.path);
      this.#db.pragma('journal_mode = WAL');
      this.#db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
      this.#db.exec(SCHEMA);
    } catch (error) {
      throw new MasecError('STORE_ERROR', `cannot open the audit log ${options.path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const version = this.#db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get('schema') as string | undefined;
    if (version === undefined) this.#db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('schema', AUDIT_SCHEMA_VERSION);
    else if (version !== AUDIT_SCHEMA_VERSION) throw new MasecError('STORE_ERROR', `audit log ${options.path} has schema ${version}; this masec reads ${AUDIT_SCHEMA_VERSION}`);
    this.#signer = options.signer;
    this.#db.prepare('INSERT OR IGNORE INTO keys (key_id, public_key) VALUES (?, ?)').run(options.signer.keyId, Buffer.from(options.signer.publicKey));
    this.#every = options.checkpointEvery ?? 1000;
    this.#onError = options.onError ?? ((error) => (this.#failure = error));
    this.#insert = this.#db.prepare(
      'INSERT INTO records (seq, time, kind, protocol, route, method, sender, recipient, action, code, guard, digest, body_digest, detail, prev, hash) VALUES (@seq, @time, @kind, @protocol, @route, @method, @sender, @recipient, @action, @code, @guard, @digest, @bodyDigest, @detail, @prev, @hash)',
    );
    this.#insertCheckpoint = this.#db.prepare(
      'INSERT INTO checkpoints (from_seq, to_seq, root, head, prev, time, key_id, signature) VALUES (@from, @to, @root, @head, @prev, @time, @keyId, @signature)',
    );
    const last = this.#db.prepare('SELECT seq, hash FROM records ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    this.#seq = last?.seq ?? 0;
    this.#hash = last?.hash ?? GENESIS;
    const checkpoint = this.#db.prepare('SELECT * FROM checkpoints ORDER BY id DESC LIMIT 1').get() as CheckpointRow | undefined;
    this.#lastCheckpoint = checkpoint === undefined ? GENESIS : sha256Hex(checkpointPayload(fromRow(checkpoint)));
    this.#pendingFrom = (checkpoint?.to_seq ?? 0) + 1;
    this.#pending = (this.#db.prepare('SELECT hash FROM records WHERE seq >= ? ORDER BY seq').pluck().all(this.#pendingFrom) as string[]);
    const ms = options.checkpointMs ?? 60_000;
    if (ms > 0) {
      this.#timer = setInterval(() => void this.checkpoint().catch(this.#onError), ms);
      this.#timer.unref();
    }
  }

  append(entry: AuditEntry): AuditRecord {
    if (this.#closed) throw new MasecError('STORE_ERROR', 'the audit log is closed');
    if (this.#failure !== undefined) {
      const failure = this.#failure;
      this.#failure = undefined;
      throw new MasecError('STORE_ERROR', `an audit checkpoint failed: ${failure instanceof Error ? failure.message : String(failure)}`, { cause: failure });
    }
    const seq = this.#seq + 1;
    const prev = this.#hash;
    const base = { ...entry, seq };
    const hash = recordHash(prev, base);
    this.#insert.run({
      seq,
      time: entry.time,
      kind: entry.kind,
      protocol: entry.protocol,
      route: entry.route,
      method: entry.method,
      sender: entry.sender,
      recipient: entry.recipient,
      action: entry.action,
      code: entry.code ?? null,
      guard: entry.guard ?? null,
      digest: entry.digest ?? null,
      bodyDigest: entry.bodyDigest ?? null,
      detail: entry.detail === undefined ? null : canonicalJson(entry.detail),
      prev,
      hash,
    });
    this.#seq = seq;
    this.#hash = hash;
    this.#pending.push(hash);
    if (this.#pending.length >= this.#every) void this.checkpoint().catch(this.#onError);
    return { ...base, prev, hash };
  }

  head(): { seq: number; hash: string } {
    return { seq: this.#seq, hash: this.#hash };
  }

  checkpoint(): Promise<Checkpoint | undefined> {
    // One signature at a time, in order: each checkpoint names the previous one.
    const run = async (): Promise<Checkpoint | undefined> => {
      if (this.#pending.length === 0) return undefined;
      const hashes = this.#pending;
      const from = this.#pendingFrom;
      const to = from + hashes.length - 1;
      this.#pending = [];
      this.#pendingFrom = to + 1;
      const unsigned = { from, to, root: merkleRoot(hashes), head: hashes[hashes.length - 1] as string, prev: this.#lastCheckpoint, time: Date.now(), keyId: this.#signer.keyId };
      const payload = checkpointPayload(unsigned);
      const signature = Buffer.from(await this.#signer.sign(new TextEncoder().encode(payload))).toString('base64url');
      const checkpoint: Checkpoint = { ...unsigned, signature };
      if (!this.#db.open) return undefined;
      this.#insertCheckpoint.run(checkpoint);
      this.#lastCheckpoint = sha256Hex(payload);
      return checkpoint;
    };
    const next = (this.#signing ?? Promise.resolve(undefined)).then(run, run);
    this.#signing = next;
    return next;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    await this.checkpoint();
    this.#db.close();
  }
}

export function fromRow(row: CheckpointRow): Checkpoint {
  return { from: row.from_seq, to: row.to_seq, root: row.root, head: row.head, prev: row.prev, time: row.time, keyId: row.key_id, signature: row.signature };
}
