/**
 * The audit log in SQLite (better-sqlite3): append-only records chained by hash, and signed checkpoints.
 * `append` fixes a record's place in the chain at once and resolves when it is committed: the records of
 * one turn of the event loop are committed in one transaction (group commit), in WAL mode, and the gateway
 * awaits the commit before it answers, so a record of an answered request survives the process being
 * killed (SQLite's WAL commit is durable against a process crash at `synchronous = NORMAL`; against power
 * loss, set `durability: 'full'`). Triggers refuse UPDATE and
 * DELETE on records and checkpoints: not a protection against someone with the file (they can drop the
 * triggers), but against a bug; `masec audit verify` is what detects tampering.
 */
import Database from 'better-sqlite3';
import { dirname } from 'node:path';
import { MasecError } from '@masec/spec';
import { type AuditEntry, type AuditRecord, type Checkpoint, GENESIS, MerkleAccumulator, canonicalJson, checkpointPayload, recordHash, sha256Hex } from './record.js';
import { makeDirs } from './dirs.js';
import { AuditHelper } from './helper-thread.js';
import type { AuditSigner } from './signer.js';

/** What the gateway (and the identity layer, for its own refusals) writes to. */
export interface AuditLog {
  /**
   * Appends one record: its place in the chain is fixed at once, and the promise resolves when it is
   * committed. Await it before answering the request it records. Records appended in the same turn of the
   * event loop are committed together (group commit).
   */
  append(entry: AuditEntry): Promise<AuditRecord>;
  /** The last record's sequence number and hash (0 and GENESIS when empty). */
  head(): { seq: number; hash: string };
  /** Signs a checkpoint over the records since the last one, if there are any. */
  checkpoint(): Promise<Checkpoint | undefined>;
  /** The committed `admin` records of the given methods, oldest first (what the gateway restores at start: revocations, quarantines). */
  adminRecords(...methods: string[]): AuditRecord[];
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
  /**
   * Milliseconds between runs of the helper thread (default 500), which checkpoints the WAL and adds the new
   * records to the lineage index; 0: no helper, SQLite's automatic checkpoint inside a commit on the calling
   * thread, and no lineage index (lineage queries scan the log). Durability is the same either way: a record
   * is committed once it is in the WAL.
   */
  walCheckpointMs?: number;
  /** Called when a background checkpoint fails (signing is asynchronous); default: rethrown on the next append. */
  onError?: (error: unknown) => void;
}

export const AUDIT_SCHEMA_VERSION = '1';

/** WAL pages (4 KiB) past which the writing connection checkpoints by itself (the helper thread being behind or gone). */
const FALLBACK_CHECKPOINT_PAGES = 16_384;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
  seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, kind TEXT NOT NULL, protocol TEXT NOT NULL, route TEXT NOT NULL,
  method TEXT NOT NULL, sender TEXT NOT NULL, recipient TEXT NOT NULL, action TEXT NOT NULL, code TEXT, guard TEXT,
  digest TEXT, body_digest TEXT, detail TEXT, prev TEXT NOT NULL, hash TEXT NOT NULL);
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
  /** The Merkle tree of the records since the last checkpoint (from `#pendingFrom`), built as they are committed. */
  #pending = new MerkleAccumulator();
  /** The last committed record's hash. */
  #committedHead = GENESIS;
  #pendingFrom: number;
  #lastCheckpoint: string;
  #signing: Promise<Checkpoint | undefined> | undefined;
  #failure: unknown;
  #closed = false;
  #helper: AuditHelper | undefined;
  /** Rows waiting for the next group commit, and their waiters. */
  #queue: { row: Record<string, unknown>; record: AuditRecord; resolve: (r: AuditRecord) => void; reject: (e: unknown) => void }[] = [];
  #flushScheduled = false;
  readonly #commit: (rows: Record<string, unknown>[]) => void;

  constructor(options: SqliteAuditLogOptions) {
    try {
      makeDirs(dirname(options.path));
      this.#db = new Database(options.path);
      // Another application's database is refused, not turned into an audit log (and left in its journal mode).
      const tables = this.#db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
      if (tables.length > 0 && !tables.includes('records')) {
        this.#db.close();
        throw new Error(`it is an SQLite database with other tables (${tables.slice(0, 5).join(', ')}), not a masec audit log`);
      }
      this.#db.pragma('journal_mode = WAL');
      this.#db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
      this.#db.exec(SCHEMA);
      // Logs written before the lineage index moved to its side file had its indexes on the records table,
      // which every commit had to update (ADR 0047): they go, and the helper thread indexes the log anew.
      this.#db.exec('DROP INDEX IF EXISTS records_digest; DROP INDEX IF EXISTS records_sender; DROP INDEX IF EXISTS records_recipient;');
      // WAL checkpoints run on a helper thread (helper-thread.ts), not inside a commit on the event loop;
      // this connection checkpoints itself only if the WAL grows past FALLBACK_CHECKPOINT_PAGES.
      if (options.walCheckpointMs !== 0) this.#db.pragma(`wal_autocheckpoint = ${FALLBACK_CHECKPOINT_PAGES}`);
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
    this.#commit = this.#db.transaction((rows: Record<string, unknown>[]) => {
      for (const row of rows) this.#insert.run(row);
    });
    const last = this.#db.prepare('SELECT seq, hash FROM records ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    this.#seq = last?.seq ?? 0;
    this.#hash = last?.hash ?? GENESIS;
    const checkpoint = this.#db.prepare('SELECT * FROM checkpoints ORDER BY id DESC LIMIT 1').get() as CheckpointRow | undefined;
    this.#lastCheckpoint = checkpoint === undefined ? GENESIS : sha256Hex(checkpointPayload(fromRow(checkpoint)));
    this.#pendingFrom = (checkpoint?.to_seq ?? 0) + 1;
    for (const hash of this.#db.prepare('SELECT hash FROM records WHERE seq >= ? ORDER BY seq').pluck().all(this.#pendingFrom) as string[]) {
      this.#pending.push(hash);
      this.#committedHead = hash;
    }
    if (options.walCheckpointMs !== 0) this.#helper = new AuditHelper(options.path, { synchronous: options.durability === 'full' ? 'FULL' : 'NORMAL', intervalMs: options.walCheckpointMs ?? 500 });
    const ms = options.checkpointMs ?? 60_000;
    if (ms > 0) {
      this.#timer = setInterval(() => void this.checkpoint().catch(this.#onError), ms);
      this.#timer.unref();
    }
  }

  append(entry: AuditEntry): Promise<AuditRecord> {
    if (this.#closed) return Promise.reject(new MasecError('STORE_ERROR', 'the audit log is closed'));
    if (this.#failure !== undefined) {
      const failure = this.#failure;
      this.#failure = undefined;
      return Promise.reject(new MasecError('STORE_ERROR', `the audit log failed: ${failure instanceof Error ? failure.message : String(failure)}`, { cause: failure }));
    }
    const seq = this.#seq + 1;
    const prev = this.#hash;
    const base = { ...entry, seq };
    const detailJson = entry.detail === undefined ? undefined : canonicalJson(entry.detail);
    const hash = recordHash(prev, base, detailJson);
    const row = {
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
      detail: detailJson ?? null,
      prev,
      hash,
    };
    this.#seq = seq;
    this.#hash = hash;
    const record: AuditRecord = { ...base, prev, hash };
    const done = new Promise<AuditRecord>((resolve, reject) => this.#queue.push({ row, record, resolve, reject }));
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => this.#flush());
    }
    return done;
  }

  /** Commits every queued row in one transaction, then releases their waiters (and cuts due checkpoints). */
  #flush(): void {
    this.#flushScheduled = false;
    const batch = this.#queue;
    this.#queue = [];
    if (batch.length === 0) return;
    try {
      this.#commit(batch.map((b) => b.row));
    } catch (error) {
      // The chain in memory now runs past what is stored: refuse everything from here on.
      this.#failure = error;
      this.#closed = true;
      const failure = new MasecError('STORE_ERROR', `the audit log cannot be written: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      for (const b of batch) b.reject(failure);
      return;
    }
    for (const b of batch) {
      this.#pending.push(b.record.hash);
      this.#committedHead = b.record.hash;
      b.resolve(b.record);
    }
    if (this.#pending.count >= this.#every) void this.checkpoint().catch(this.#onError);
  }

  head(): { seq: number; hash: string } {
    return { seq: this.#seq, hash: this.#hash };
  }

  adminRecords(...methods: string[]): AuditRecord[] {
    const rows = this.#db.prepare(`SELECT * FROM records WHERE kind = 'admin' AND method IN (${methods.map(() => '?').join(', ')}) ORDER BY seq`).all(...methods) as RecordRow[];
    return rows.map(rowToRecord);
  }

  checkpoint(): Promise<Checkpoint | undefined> {
    if (this.#pending.count === 0) return this.#signing ?? Promise.resolve(undefined);
    // The batch, its root and its link to the previous checkpoint are fixed now, synchronously; only the
    // signature (which may come from a remote key registry) is awaited, and rows are written in order.
    const tree = this.#pending;
    const from = this.#pendingFrom;
    const to = from + tree.count - 1;
    this.#pending = new MerkleAccumulator();
    this.#pendingFrom = to + 1;
    const unsigned = { from, to, root: tree.root(), head: this.#committedHead, prev: this.#lastCheckpoint, time: Date.now(), keyId: this.#signer.keyId };
    const payload = checkpointPayload(unsigned);
    this.#lastCheckpoint = sha256Hex(payload);
    const signature = Promise.resolve(this.#signer.sign(new TextEncoder().encode(payload)));
    const write = async (): Promise<Checkpoint | undefined> => {
      const checkpoint: Checkpoint = { ...unsigned, signature: Buffer.from(await signature).toString('base64url') };
      if (!this.#db.open) return undefined;
      this.#insertCheckpoint.run(checkpoint);
      return checkpoint;
    };
    const next = (this.#signing ?? Promise.resolve(undefined)).then(write, write);
    this.#signing = next;
    return next;
  }

  async close(): Promise<void> {
    if (this.#closed) {
      await this.#helper?.stop();
      this.#helper = undefined;
      if (this.#db.open) this.#db.close();
      return;
    }
    this.#closed = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#flush();
    try {
      await this.checkpoint();
    } finally {
      // A final checkpoint that could not be signed still leaves the helper stopped and the file closed.
      await this.#helper?.stop();
      this.#helper = undefined;
      this.#db.close();
    }
  }
}

export function fromRow(row: CheckpointRow): Checkpoint {
  return { from: row.from_seq, to: row.to_seq, root: row.root, head: row.head, prev: row.prev, time: row.time, keyId: row.key_id, signature: row.signature };
}
