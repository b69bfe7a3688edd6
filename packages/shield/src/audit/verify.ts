/**
 * `masec audit verify`: walks the whole log and says where it was tampered with. The chain finds a changed
 * record (its hash no longer matches its fields), a deleted or inserted one (a gap in the sequence, or a
 * `prev` that is not the hash before it) and a reordering (both); the checkpoints' signatures and Merkle
 * roots find a rewritten chain (someone who recomputed every hash after a change, but cannot sign). Records
 * after the last checkpoint are reported as unsigned (a truncated tail after it cannot be told from a log
 * that ended there). Reads the file only; memory stays bounded by one checkpoint's span of hashes.
 */
import Database from 'better-sqlite3';
import { MasecError } from '@masec/spec';
import { GENESIS, checkpointPayload, merkleRoot, recordHash, sha256Hex } from './record.js';
import { type CheckpointRow, type RecordRow, fromRow, rowToRecord } from './sqlite-audit-log.js';
import { verifySignature } from './signer.js';

export interface AuditProblem {
  /** The record (or, for a checkpoint, the last record it covers) where the problem shows. */
  seq: number;
  kind: 'modified' | 'missing' | 'inserted-or-reordered' | 'broken-link' | 'checkpoint-signature' | 'checkpoint-root' | 'checkpoint-chain' | 'checkpoint-range' | 'unknown-key';
  message: string;
}

export interface AuditVerification {
  ok: boolean;
  records: number;
  checkpoints: number;
  /** Records after the last checkpoint, which no signature covers yet. */
  unsigned: number;
  head: string;
  problems: AuditProblem[];
  /** The key ids that signed, and whether they were pinned by the caller or read from the log. */
  keys: { keyId: string; pinned: boolean }[];
}

export interface VerifyOptions {
  /** Trusted public keys by key id (raw Ed25519). Without them, the keys stored in the log are used (and the report says so). */
  keys?: ReadonlyMap<string, Uint8Array>;
  /** Stop listing problems past this many (default 100); the walk still counts them. */
  maxProblems?: number;
}

export function openAuditReadOnly(path: string): Database.Database {
  try {
    return new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new MasecError('FILE_NOT_FOUND', `cannot open the audit log ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

export function verifyAuditLog(path: string, options: VerifyOptions = {}): AuditVerification {
  const db = openAuditReadOnly(path);
  try {
    return verifyDatabase(db, options);
  } finally {
    db.close();
  }
}

export function verifyDatabase(db: Database.Database, options: VerifyOptions = {}): AuditVerification {
  const max = options.maxProblems ?? 100;
  const problems: AuditProblem[] = [];
  let problemCount = 0;
  const report = (problem: AuditProblem): void => {
    problemCount++;
    if (problems.length < max) problems.push(problem);
  };
  const stored = new Map<string, Uint8Array>();
  for (const row of db.prepare('SELECT key_id, public_key FROM keys').all() as { key_id: string; public_key: Buffer }[]) stored.set(row.key_id, new Uint8Array(row.public_key));
  const usedKeys = new Map<string, boolean>();
  const checkpoints = (db.prepare('SELECT * FROM checkpoints ORDER BY id').all() as CheckpointRow[]).map(fromRow);

  // Walk the records in storage order, checking each against its predecessor.
  let expected = 1;
  let prevHash = GENESIS;
  let count = 0;
  /** Record hashes by seq for the checkpoint currently being filled. */
  let ci = 0;
  let span: string[] = [];
  let lastCheckpoint = GENESIS;
  let lastCovered = 0;
  const closeCheckpoints = (seq: number, hash: string): void => {
    while (ci < checkpoints.length && (checkpoints[ci] as (typeof checkpoints)[number]).to === seq) {
      const c = checkpoints[ci] as (typeof checkpoints)[number];
      const payload = checkpointPayload(c);
      if (c.prev !== lastCheckpoint) report({ seq, kind: 'checkpoint-chain', message: `checkpoint ${ci + 1} does not follow the checkpoint before it (one was removed, added or reordered)` });
      if (c.from !== lastCovered + 1) report({ seq, kind: 'checkpoint-range', message: `checkpoint ${ci + 1} covers records ${c.from}..${c.to}, expected ${lastCovered + 1}..${c.to}` });
      const key = options.keys?.get(c.keyId) ?? stored.get(c.keyId);
      if (key === undefined) report({ seq, kind: 'unknown-key', message: `checkpoint ${ci + 1} is signed by ${c.keyId}, which is not a known key` });
      else {
        usedKeys.set(c.keyId, options.keys?.has(c.keyId) === true);
        if (!verifySignature(key, new TextEncoder().encode(payload), Buffer.from(c.signature, 'base64url'))) {
          report({ seq, kind: 'checkpoint-signature', message: `checkpoint ${ci + 1} (records ${c.from}..${c.to}): the signature does not verify` });
        }
      }
      const covered = span.slice(Math.max(0, span.length - (c.to - c.from + 1)));
      if (c.head !== hash || merkleRoot(covered) !== c.root) report({ seq, kind: 'checkpoint-root', message: `records ${c.from}..${c.to} do not match the Merkle root and head signed by checkpoint ${ci + 1}` });
      lastCheckpoint = sha256Hex(payload);
      lastCovered = c.to;
      span = [];
      ci++;
    }
  };
  for (const row of db.prepare('SELECT * FROM records ORDER BY rowid').iterate() as IterableIterator<RecordRow>) {
    count++;
    const record = rowToRecord(row);
    if (record.seq > expected) report({ seq: expected, kind: 'missing', message: `records ${expected}..${record.seq - 1} are missing (deleted)` });
    else if (record.seq < expected) report({ seq: record.seq, kind: 'inserted-or-reordered', message: `record ${record.seq} appears after record ${expected - 1}` });
    const { hash, prev, ...fields } = record;
    if (recordHash(prev, fields) !== hash) report({ seq: record.seq, kind: 'modified', message: `record ${record.seq} does not match its hash (its content was changed)` });
    if (prev !== prevHash) report({ seq: record.seq, kind: 'broken-link', message: `record ${record.seq} does not link to the record before it (one was removed, inserted or moved)` });
    prevHash = hash;
    expected = record.seq + 1;
    span.push(hash);
    closeCheckpoints(record.seq, hash);
  }
  for (; ci < checkpoints.length; ci++) {
    const c = checkpoints[ci] as (typeof checkpoints)[number];
    report({ seq: c.to, kind: 'missing', message: `checkpoint ${ci + 1} covers records up to ${c.to}, but the log ends at ${expected - 1} (records were deleted)` });
  }
  if (problemCount > problems.length) problems.push({ seq: 0, kind: 'modified', message: `… and ${problemCount - problems.length} more problems` });
  return {
    ok: problemCount === 0,
    records: count,
    checkpoints: checkpoints.length,
    unsigned: Math.max(0, expected - 1 - lastCovered),
    head: prevHash,
    problems,
    keys: [...usedKeys].map(([keyId, pinned]) => ({ keyId, pinned })),
  };
}
