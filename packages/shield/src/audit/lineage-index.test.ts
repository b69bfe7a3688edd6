import { closeSync, copyFileSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AuditEntry, sha256Hex } from './record.js';
import { fileSigner } from './signer.js';
import { SqliteAuditLog } from './sqlite-audit-log.js';
import { verifyAuditLog } from './verify.js';
import { agentLineage, payloadLineage } from './lineage.js';
import { type LineageIndex, lineageIndexPath, openLineageIndex } from './lineage-index.js';

const AGENTS = ['alice', 'bob', 'carol', 'planner'];
const entry = (i: number): AuditEntry => ({
  time: 1_700_000_000_000 + i,
  kind: 'request',
  protocol: 'a2a',
  route: '/a',
  method: 'SendMessage',
  sender: AGENTS[i % 4] as string,
  recipient: AGENTS[(i + 1 + (i % 3)) % 4] as string,
  action: i % 5 === 0 ? 'block' : 'deliver',
  code: i % 5 === 0 ? 'INJECTION_DETECTED' : undefined,
  guard: i % 5 === 0 ? 'content-detector' : undefined,
  digest: i % 7 === 0 ? undefined : sha256Hex(`payload ${i % 6}`),
});

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'masec-lineage-'));
  path = join(dir, 'audit.sqlite');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const open = (walCheckpointMs?: number) =>
  new SqliteAuditLog({ path, signer: fileSigner(join(dir, 'key.pem'), { create: true }), checkpointEvery: 16, checkpointMs: 0, ...(walCheckpointMs === undefined ? {} : { walCheckpointMs }) });

async function write(from: number, to: number): Promise<void> {
  const log = open();
  for (let i = from; i <= to; i++) await log.append(entry(i));
  await log.close();
}

/** Every lineage answer with the index equals the one from scanning the whole log. */
function expectSameAnswers(db: Database.Database, index: LineageIndex): void {
  for (let k = 0; k < 6; k++) {
    const digest = sha256Hex(`payload ${k}`);
    expect(payloadLineage(db, digest, 10_000, index)).toEqual(payloadLineage(db, digest));
    expect(payloadLineage(db, digest.slice(0, 9), 10_000, index)).toEqual(payloadLineage(db, digest.slice(0, 9)));
    expect(payloadLineage(db, digest, 3, index)).toEqual(payloadLineage(db, digest, 3));
  }
  for (const agent of [...AGENTS, 'nobody']) {
    expect(agentLineage(db, agent, 1000, index)).toEqual(agentLineage(db, agent));
    expect(agentLineage(db, agent, 2, index)).toEqual(agentLineage(db, agent, 2));
  }
}

function withLog<T>(fn: (db: Database.Database, index: LineageIndex | undefined) => T): T {
  const db = new Database(path, { readonly: true });
  const index = openLineageIndex(path, db);
  try {
    return fn(db, index);
  } finally {
    index?.close();
    db.close();
  }
}

describe('the lineage index (side file)', () => {
  it('is written by the helper thread: at close it covers the whole log, and answers as a scan of the log does', async () => {
    await write(1, 60);
    withLog((db, index) => {
      expect(index?.upto).toBe(60);
      expectSameAnswers(db, index as LineageIndex);
      expect(payloadLineage(db, sha256Hex('payload 1'), 10_000, index)?.hops.length).toBeGreaterThan(5);
    });
    // The records table itself carries no index: commits write only the records.
    const db = new Database(path, { readonly: true });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records'").pluck().all()).toEqual([]);
    db.close();
    expect(verifyAuditLog(path)).toMatchObject({ ok: true, records: 60 });
  });

  it('grows while the log is open, every run of the helper thread', async () => {
    const log = open(30);
    for (let i = 1; i <= 25; i++) await log.append(entry(i));
    let upto: number | undefined;
    for (let tries = 0; tries < 100 && upto !== 25; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      upto = withLog((_db, index) => index?.upto);
    }
    expect(upto).toBe(25);
    await log.close();
  });

  it('answers with the index for the records it covers and a scan for the later ones', async () => {
    await write(1, 30);
    copyFileSync(lineageIndexPath(path), join(dir, 'stale.lineage'));
    await write(31, 50);
    copyFileSync(join(dir, 'stale.lineage'), lineageIndexPath(path));
    withLog((db, index) => {
      expect(index?.upto).toBe(30);
      expectSameAnswers(db, index as LineageIndex);
    });
  });

  it('is what the queries read for the records it covers (a changed entry shows)', async () => {
    await write(1, 20);
    const side = new Database(lineageIndexPath(path));
    side.prepare("UPDATE lineage SET digest = ?, sender = 'mallory', action = 'block' WHERE seq = 2").run(sha256Hex('elsewhere'));
    side.close();
    withLog((db, index) => {
      expect(payloadLineage(db, sha256Hex('elsewhere'), 10_000, index)?.hops.map((h) => h.seq)).toEqual([2]);
      expect(payloadLineage(db, sha256Hex('elsewhere'))).toBeUndefined();
      const mallory = agentLineage(db, 'mallory', 1000, index);
      expect([mallory.sent.length, mallory.refusals.map((h) => h.seq)]).toEqual([1, [2]]);
      expect(agentLineage(db, 'mallory').sent).toEqual([]);
    });
  });

  it('of another log, or unreadable, is not used; the next gateway on the log builds it again', async () => {
    // The first log is longer than the second: its index has entries past the second log's records.
    await write(1, 20);
    copyFileSync(lineageIndexPath(path), join(dir, 'first.lineage'));
    for (const suffix of ['', '-wal', '-shm', '.lineage']) rmSync(path + suffix, { force: true });
    // A new log at the same path: same sequence numbers, other hashes.
    const log = open(0);
    for (let i = 1; i <= 12; i++) await log.append({ ...entry(i), method: 'other' });
    await log.close();
    copyFileSync(join(dir, 'first.lineage'), lineageIndexPath(path));
    withLog((_db, index) => expect(index).toBeUndefined());
    await write(13, 14);
    withLog((db, index) => {
      expect(index?.upto).toBe(14);
      expectSameAnswers(db, index as LineageIndex);
    });
    writeFileSync(lineageIndexPath(path), 'not an SQLite database, not at all: sixteen-plus bytes of junk');
    withLog((_db, index) => expect(index).toBeUndefined());
    await write(15, 15);
    withLog((_db, index) => expect(index?.upto).toBe(15));
  });

  it('reads only the rows it had when opened, while the helper thread adds more (no record twice)', async () => {
    const log = open(20);
    for (let i = 1; i <= 20; i++) await log.append(entry(i));
    const waitFor = async (upto: number): Promise<void> => {
      for (let tries = 0; tries < 200 && withLog((_db, index) => index?.upto) !== upto; tries++) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    await waitFor(20);
    const db = new Database(path, { readonly: true });
    const index = openLineageIndex(path, db) as LineageIndex;
    expect(index.upto).toBe(20);
    for (let i = 21; i <= 40; i++) await log.append(entry(i));
    await waitFor(40);
    // The index opened at 20 now holds 40 rows; the records past 20 come from the scan, once.
    expectSameAnswers(db, index);
    index.close();
    db.close();
    await log.close();
  });

  it('ahead of its log (an older copy of the log restored) is not used, and is rebuilt', async () => {
    await write(1, 10);
    copyFileSync(path, join(dir, 'backup.sqlite'));
    await write(11, 20);
    copyFileSync(join(dir, 'backup.sqlite'), path);
    withLog((_db, index) => expect(index).toBeUndefined());
    await write(11, 12);
    withLog((db, index) => {
      expect(index?.upto).toBe(12);
      expectSameAnswers(db, index as LineageIndex);
    });
  });

  it('damaged inside (pages overwritten, its meta intact) falls back to a scan, and the next gateway rebuilds it', async () => {
    const log = open();
    for (let i = 1; i <= 3000; i++) await log.append(entry(i));
    await log.close();
    const file = lineageIndexPath(path);
    const pages = Math.floor(statSync(file).size / 4096);
    const fd = openSync(file, 'r+');
    for (let page = 3; page < pages - 2; page += 2) writeSync(fd, Buffer.alloc(4096, 0x41), 0, 4096, page * 4096);
    closeSync(fd);
    withLog((db, index) => {
      expect(index?.upto).toBe(3000);
      expectSameAnswers(db, index as LineageIndex);
    });
    await write(3001, 3002);
    withLog((db, index) => {
      expect(index?.upto).toBe(3002);
      expect(index?.db.pragma('quick_check', { simple: true })).toBe('ok');
      expectSameAnswers(db, index as LineageIndex);
    });
  });

  it('of an empty log is no index; the queries answer nothing', async () => {
    await write(1, 0);
    withLog((db, index) => {
      expect(index).toBeUndefined();
      expect(payloadLineage(db, sha256Hex('payload 1'))).toBeUndefined();
      expect(agentLineage(db, 'alice')).toEqual({ agent: 'alice', sent: [], received: [], refusals: [] });
    });
  });

  it('replaces the indexes an older log kept on its records table', async () => {
    await write(1, 10);
    rmSync(lineageIndexPath(path));
    const old = new Database(path);
    old.exec('CREATE INDEX records_digest ON records (digest); CREATE INDEX records_sender ON records (sender); CREATE INDEX records_recipient ON records (recipient);');
    old.close();
    await write(11, 12);
    withLog((db, index) => {
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records'").pluck().all()).toEqual([]);
      expect(index?.upto).toBe(12);
      expectSameAnswers(db, index as LineageIndex);
    });
  });

  it('without one (a log whose writer ran no helper thread), the queries scan the log', async () => {
    const log = open(0);
    for (let i = 1; i <= 10; i++) await log.append(entry(i));
    await log.close();
    withLog((db, index) => {
      expect(index).toBeUndefined();
      expect(payloadLineage(db, sha256Hex('payload 1'))?.hops.map((h) => h.seq)).toEqual([1]);
      expect(agentLineage(db, 'alice').sent).toEqual([{ to: 'carol', messages: 1, blocked: 0 }, { to: 'planner', messages: 1, blocked: 0 }]);
    });
  });
});
