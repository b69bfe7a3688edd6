import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AuditEntry, canonicalJson, checkpointPayload, merkleRoot, recordHash, sha256Hex } from './record.js';
import { ed25519Signer, fileSigner } from './signer.js';
import { SqliteAuditLog } from './sqlite-audit-log.js';
import { verifyAuditLog } from './verify.js';
import { agentLineage, payloadLineage } from './lineage.js';

const entry = (i: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  time: 1_700_000_000_000 + i,
  kind: 'request',
  protocol: 'a2a',
  route: '/a',
  method: 'SendMessage',
  sender: i % 2 === 0 ? 'alice' : 'bob',
  recipient: 'planner',
  action: i % 5 === 0 ? 'block' : 'deliver',
  code: i % 5 === 0 ? 'INJECTION_DETECTED' : undefined,
  guard: i % 5 === 0 ? 'content-detector' : undefined,
  digest: sha256Hex(`payload ${i % 3}`),
  detail: { flags: [{ guard: 'g', score: 0.25 + i / 1000 }] },
  ...over,
});

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'masec-audit-'));
  path = join(dir, 'audit.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function writeLog(n: number, every = 4): Promise<void> {
  const log = new SqliteAuditLog({ path, signer: fileSigner(join(dir, 'key.pem'), { create: true }), checkpointEvery: every, checkpointMs: 0 });
  for (let i = 1; i <= n; i++) await log.append(entry(i));
  await log.close();
}

/** Opens the file as an attacker would: writable, triggers dropped. */
function tamper(fn: (db: Database.Database) => void): void {
  const db = new Database(path);
  db.exec('DROP TRIGGER IF EXISTS records_no_update; DROP TRIGGER IF EXISTS records_no_delete; DROP TRIGGER IF EXISTS checkpoints_no_update; DROP TRIGGER IF EXISTS checkpoints_no_delete;');
  fn(db);
  db.close();
}

const kinds = () => verifyAuditLog(path).problems.map((p) => [p.seq, p.kind]);

describe('audit log', () => {
  it('chains, checkpoints and verifies an intact log; the final close signs the tail', async () => {
    await writeLog(10);
    const result = verifyAuditLog(path);
    expect(result).toMatchObject({ ok: true, records: 10, checkpoints: 3, unsigned: 0, problems: [] });
    expect(result.keys).toEqual([{ keyId: expect.stringMatching(/^ed25519:[0-9a-f]{32}$/), pinned: false }]);
  });

  it('reopens a log and continues its chain', async () => {
    await writeLog(5);
    const log = new SqliteAuditLog({ path, signer: fileSigner(join(dir, 'key.pem'), { create: false }), checkpointEvery: 4, checkpointMs: 0 });
    expect(log.head().seq).toBe(5);
    await log.append(entry(6));
    await log.close();
    expect(verifyAuditLog(path)).toMatchObject({ ok: true, records: 6 });
  });

  it('refuses to open another application\u2019s SQLite database as a log, and leaves it unchanged', () => {
    const other = new Database(path);
    other.exec('CREATE TABLE orders (id INTEGER)');
    other.close();
    expect(() => new SqliteAuditLog({ path, signer: fileSigner(join(dir, 'key.pem'), { create: true }) })).toThrow(/other tables \(orders\), not a masec audit log/);
    const after = new Database(path, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['orders']);
    after.close();
  });

  it('a commit the database refuses fails its appends and every later one with STORE_ERROR, and keeps what was committed before', async () => {
    const log = new SqliteAuditLog({ path, signer: fileSigner(join(dir, 'key.pem'), { create: true }), checkpointEvery: 100, checkpointMs: 0 });
    await log.append(entry(1));
    await log.append(entry(2));
    // The disk refusing a write, as the writer thread sees it.
    const other = new Database(path);
    other.exec("CREATE TRIGGER boom BEFORE INSERT ON records WHEN NEW.method = 'Boom' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END");
    other.close();
    const failing = [log.append(entry(3)), log.append(entry(4, { method: 'Boom' }))];
    for (const result of await Promise.allSettled(failing)) expect(result).toMatchObject({ status: 'rejected', reason: { code: 'STORE_ERROR', message: expect.stringMatching(/cannot be written: disk I\/O error/) } });
    await expect(log.append(entry(5))).rejects.toMatchObject({ code: 'STORE_ERROR' });
    await log.close();
    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT seq FROM records ORDER BY seq').pluck().all()).toEqual([1, 2]);
    db.close();
  });

  it('refuses updates and deletes through SQL (append-only triggers)', async () => {
    await writeLog(3);
    const db = new Database(path);
    expect(() => db.prepare("UPDATE records SET sender = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM records WHERE seq = 1').run()).toThrow(/append-only/);
    db.close();
  });

  it('detects a modified record', async () => {
    await writeLog(10);
    tamper((db) => db.prepare("UPDATE records SET sender = 'carol' WHERE seq = 6").run());
    // The stored hash no longer matches the fields; the chain and the checkpoints, over stored hashes, still hold.
    expect(kinds()).toEqual([[6, 'modified']]);
  });

  it('detects a deleted record', async () => {
    await writeLog(10);
    tamper((db) => db.prepare('DELETE FROM records WHERE seq = 3').run());
    expect(kinds()).toEqual([[3, 'missing'], [4, 'broken-link'], [4, 'checkpoint-root']]);
  });

  it('detects an inserted record', async () => {
    await writeLog(10);
    tamper((db) => {
      // A forged record with the next free seq, linked to the real head: the chain holds, no checkpoint covers it.
      const head = db.prepare('SELECT hash FROM records ORDER BY seq DESC LIMIT 1').pluck().get() as string;
      const forged = { ...entry(11, { sender: 'mallory' }), seq: 11 };
      db.prepare('INSERT INTO records (seq, time, kind, protocol, route, method, sender, recipient, action, code, guard, digest, body_digest, detail, prev, hash) VALUES (11, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, NULL, ?, ?, ?)').run(
        forged.time, forged.kind, forged.protocol, forged.route, forged.method, forged.sender, forged.recipient, forged.action, forged.digest, canonicalJson(forged.detail), head, recordHash(head, forged),
      );
    });
    // Consistent with the chain, so the only trace is that no signature covers it.
    expect(verifyAuditLog(path)).toMatchObject({ ok: true, unsigned: 1 });
    tamper((db) => {
      // In the middle: a row squeezed between 4 and 5 (stored after them, claiming seq 4.5 is impossible, so it takes seq 12 and prev of 5).
      const row = db.prepare('SELECT * FROM records WHERE seq = 5').get() as Record<string, unknown>;
      db.prepare('INSERT INTO records (seq, time, kind, protocol, route, method, sender, recipient, action, code, guard, digest, body_digest, detail, prev, hash) VALUES (@seq, @time, @kind, @protocol, @route, @method, @sender, @recipient, @action, @code, @guard, @digest, @body_digest, @detail, @prev, @hash)').run({ ...row, seq: 3 + 100 });
    });
    expect(kinds()).toContainEqual([103, 'broken-link']);
  });

  it('detects reordered records', async () => {
    await writeLog(10);
    tamper((db) => {
      const a = db.prepare('SELECT * FROM records WHERE seq = 6').get() as Record<string, unknown>;
      const b = db.prepare('SELECT * FROM records WHERE seq = 7').get() as Record<string, unknown>;
      db.prepare('DELETE FROM records WHERE seq IN (6, 7)').run();
      const insert = db.prepare('INSERT INTO records (seq, time, kind, protocol, route, method, sender, recipient, action, code, guard, digest, body_digest, detail, prev, hash) VALUES (@seq, @time, @kind, @protocol, @route, @method, @sender, @recipient, @action, @code, @guard, @digest, @body_digest, @detail, @prev, @hash)');
      insert.run({ ...b, seq: 6 });
      insert.run({ ...a, seq: 7 });
    });
    const problems = kinds();
    expect(problems).toContainEqual([6, 'modified']);
    expect(problems).toContainEqual([6, 'broken-link']);
    expect(problems).toContainEqual([7, 'broken-link']);
  });

  it('detects a rewritten chain by its checkpoints (hashes recomputed after a change)', async () => {
    await writeLog(10);
    tamper((db) => {
      db.prepare("UPDATE records SET recipient = 'elsewhere' WHERE seq = 2").run();
      let prev = '0'.repeat(64);
      for (const row of db.prepare('SELECT * FROM records ORDER BY seq').all() as Record<string, any>[]) {
        const rec = { seq: row.seq, time: row.time, kind: row.kind, protocol: row.protocol, route: row.route, method: row.method, sender: row.sender, recipient: row.recipient, action: row.action, code: row.code ?? undefined, guard: row.guard ?? undefined, digest: row.digest ?? undefined, bodyDigest: row.body_digest ?? undefined, detail: row.detail === null ? undefined : JSON.parse(row.detail) };
        const hash = recordHash(prev, rec);
        db.prepare('UPDATE records SET prev = ?, hash = ? WHERE seq = ?').run(prev, hash, row.seq);
        prev = hash;
      }
    });
    expect(kinds()).toEqual([[4, 'checkpoint-root'], [8, 'checkpoint-root'], [10, 'checkpoint-root']]);
  });

  it('detects a forged checkpoint, and a re-signed log when the key is pinned', async () => {
    await writeLog(8);
    const stored = verifyAuditLog(path).keys[0]?.keyId as string;
    const pinned = new Map([[stored, new Uint8Array((new Database(path, { readonly: true }).prepare('SELECT public_key FROM keys').pluck().get() as Buffer))]]);
    tamper((db) => db.prepare("UPDATE checkpoints SET root = ? WHERE id = 1").run('f'.repeat(64)));
    expect(kinds()).toEqual([[4, 'checkpoint-signature'], [4, 'checkpoint-root'], [8, 'checkpoint-chain']]);
    // The attacker signs with a key of their own and stores it in the log: only a pinned key notices.
    const attacker = ed25519Signer(generateKeyPairSync('ed25519').privateKey);
    tamper((db) => {
      db.prepare('INSERT INTO keys (key_id, public_key) VALUES (?, ?)').run(attacker.keyId, Buffer.from(attacker.publicKey));
      const rows = db.prepare('SELECT * FROM checkpoints ORDER BY id').all() as Record<string, any>[];
      let prev = '0'.repeat(64);
      for (const row of rows) {
        const hashes = db.prepare('SELECT hash FROM records WHERE seq BETWEEN ? AND ? ORDER BY seq').pluck().all(row.from_seq, row.to_seq) as string[];
        const unsigned = { from: row.from_seq, to: row.to_seq, root: merkleRoot(hashes), head: hashes.at(-1) as string, prev, time: row.time, keyId: attacker.keyId };
        const payload = checkpointPayload(unsigned);
        const signature = Buffer.from(attacker.sign(new TextEncoder().encode(payload)) as Uint8Array).toString('base64url');
        db.prepare('UPDATE checkpoints SET root = ?, key_id = ?, signature = ?, prev = ? WHERE id = ?').run(unsigned.root, attacker.keyId, signature, prev, row.id);
        prev = sha256Hex(payload);
      }
    });
    expect(verifyAuditLog(path).ok).toBe(true);
    const result = verifyAuditLog(path, { keys: pinned });
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.kind)).toEqual(['unknown-key', 'unknown-key']);
  });

  it('answers lineage by digest (or prefix) and by agent', async () => {
    await writeLog(10);
    const db = new Database(path, { readonly: true });
    try {
      const digest = sha256Hex('payload 1');
      const full = payloadLineage(db, digest);
      expect(full?.hops.map((h) => h.seq)).toEqual([1, 4, 7, 10]);
      expect(full?.origin).toBe('bob');
      expect(full?.stopped.map((h) => h.seq)).toEqual([10]);
      expect(payloadLineage(db, digest.slice(0, 10))?.hops.length).toBe(4);
      expect(payloadLineage(db, 'zz')).toBeUndefined();
      const alice = agentLineage(db, 'alice');
      expect(alice.sent).toEqual([{ to: 'planner', messages: 5, blocked: 1 }]);
      expect(alice.received).toEqual([]);
      expect(alice.refusals.map((h) => [h.seq, h.code])).toEqual([[10, 'INJECTION_DETECTED']]);
    } finally {
      db.close();
    }
  });
});

describe('recordJson', () => {
  it('is the canonical JSON of the hashed fields, for records with and without optional fields', async () => {
    const { recordJson, hashedFields, canonicalJson } = await import('./record.js');
    const base: AuditEntry & { seq: number } = { seq: 7, time: 1765000000000, kind: 'request' as const, protocol: 'a2a', route: '/a', method: 'SendMessage', sender: 'c"1', recipient: 'planner\u2028', action: 'deliver' as const };
    const cases: (AuditEntry & { seq: number })[] = [
      base,
      { ...base, code: 'INJECTION_DETECTED', guard: 'content-detector', action: 'block' as const, detail: { reason: 'x', flags: [{ score: 0.5, code: 'A', guard: 'g' }] } },
      { ...base, digest: 'ab'.repeat(32), bodyDigest: 'cd'.repeat(32), detail: { z: 1, a: { y: [1, 'two'], b: null } } },
    ];
    for (const record of cases) {
      const expected = canonicalJson(hashedFields({ ...record, prev: 'p' }));
      expect(recordJson(record)).toBe(expected);
      expect(recordJson(record, record.detail === undefined ? undefined : canonicalJson(record.detail))).toBe(expected);
    }
  });
});

describe('MerkleAccumulator', () => {
  it('gives merkleRoot of the hashes pushed, for every count from 0 to 70', async () => {
    const { MerkleAccumulator } = await import('./record.js');
    const hashes = Array.from({ length: 70 }, (_, i) => sha256Hex(`record ${i}`));
    for (let n = 0; n <= 70; n++) {
      const tree = new MerkleAccumulator();
      for (const h of hashes.slice(0, n)) tree.push(h);
      expect(tree.count).toBe(n);
      expect(tree.root()).toBe(merkleRoot(hashes.slice(0, n)));
    }
  });
});
