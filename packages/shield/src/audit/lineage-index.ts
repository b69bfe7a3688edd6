/**
 * The lineage index: which records carry a payload digest, and which ones an agent sent or received. It
 * lives in a side file beside the audit log (`<log>.lineage`), filled in batches by the log's helper thread
 * (helper-thread.ts), so the gateway's commits on the event loop write only the records themselves: index
 * entries cost a page write per commit each, most of an audit commit's cost (ADR 0047). It is derived data,
 * bound to its log by the hashes of its first and last indexed records: a side file that does not match
 * is ignored (and rebuilt by the next gateway), and the records past its last one are found by a scan.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';

export const LINEAGE_INDEX_SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS lineage (seq INTEGER PRIMARY KEY, digest TEXT, sender TEXT NOT NULL, recipient TEXT NOT NULL, action TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS lineage_digest ON lineage (digest);
CREATE INDEX IF NOT EXISTS lineage_sender ON lineage (sender);
CREATE INDEX IF NOT EXISTS lineage_recipient ON lineage (recipient);
`;

/** The side file of the log at `logPath`. */
export function lineageIndexPath(logPath: string): string {
  return `${logPath}.lineage`;
}

/** An open lineage index, valid for the records up to `upto`. */
export interface LineageIndex {
  readonly db: Database.Database;
  /** The last record it indexes (later records are found by scanning the log). */
  readonly upto: number;
  close(): void;
}

/**
 * The lineage index of the log open as `log` (read-only), or undefined when there is none or it does not
 * belong to this log (its first or last indexed record's hash differs), or cannot be read.
 */
export function openLineageIndex(logPath: string, log: Database.Database): LineageIndex | undefined {
  const path = lineageIndexPath(logPath);
  if (!existsSync(path)) return undefined;
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const meta = new Map((db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
    const upto = Number(meta.get('upto') ?? 0);
    const hashAt = (seq: number): unknown => log.prepare('SELECT hash FROM records WHERE seq = ?').pluck().get(seq);
    if (!Number.isSafeInteger(upto) || upto <= 0 || hashAt(1) !== meta.get('first') || hashAt(upto) !== meta.get('last')) {
      db.close();
      return undefined;
    }
    const index = db;
    return { db: index, upto, close: () => index.close() };
  } catch {
    // Derived data that cannot be read: the queries scan the log instead.
    db?.close();
    return undefined;
  }
}

/**
 * The helper thread's part, as source for its worker (which cannot import this module): opens the side file
 * (resetting it when it belongs to another log) and indexes the records past its last one, `batch` at a
 * time. A side file that is damaged (SQLite reports it corrupt, not a database, or without the expected
 * tables) is deleted and built again from the log; an error reading the log only skips the run. Runs in
 * the worker's scope, with `Database` (better-sqlite3) and `log` (its connection to the audit log).
 */
export const LINEAGE_INDEXER_SOURCE = `
function lineageIndexer(indexPath, schema) {
  const fs = require('node:fs');
  const hashAt = log.prepare('SELECT hash FROM records WHERE seq = ?').pluck();
  const after = log.prepare('SELECT seq, digest, sender, recipient, action, hash FROM records WHERE seq > ? ORDER BY seq LIMIT ?');
  const setup = () => {
    const side = new Database(indexPath);
    try {
      side.pragma('journal_mode = WAL');
      side.pragma('synchronous = NORMAL');
      side.exec(schema);
      const meta = (key) => side.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key);
      const setMeta = side.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
      const insert = side.prepare('INSERT OR REPLACE INTO lineage (seq, digest, sender, recipient, action) VALUES (?, ?, ?, ?, ?)');
      let upto = Number(meta('upto') || 0);
      // Another log's index, or one whose log was replaced: start again.
      if (upto > 0 && (hashAt.get(1) !== meta('first') || hashAt.get(upto) !== meta('last'))) {
        side.exec('DELETE FROM lineage; DELETE FROM meta;');
        upto = 0;
      }
      const write = side.transaction((rows) => {
        for (const r of rows) insert.run(r.seq, r.digest, r.sender, r.recipient, r.action);
        const last = rows[rows.length - 1];
        if (upto === 0) setMeta.run('first', rows[0].hash);
        setMeta.run('upto', String(last.seq));
        setMeta.run('last', last.hash);
      });
      return {
        side,
        next: (batch) => after.all(upto, batch),
        write(rows) {
          write(rows);
          upto = rows[rows.length - 1].seq;
        },
      };
    } catch (error) {
      side.close();
      throw error;
    }
  };
  const damaged = (error) => /^SQLITE_(CORRUPT|NOTADB|ERROR)/.test(String((error && error.code) || ''));
  let current;
  const rebuild = () => {
    try { if (current) current.side.close(); } catch {}
    current = undefined;
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(indexPath + suffix, { force: true });
    try { current = setup(); } catch {}
  };
  try { current = setup(); } catch { rebuild(); }
  return {
    /** Indexes up to rounds × batch records past the last indexed one. */
    step(batch, rounds) {
      for (let i = 0; i < rounds && current; i++) {
        const rows = current.next(batch);
        if (rows.length === 0) return;
        try {
          current.write(rows);
        } catch (error) {
          // A damaged file is built again from the first record, in the rounds left; anything else waits.
          if (!damaged(error)) return;
          rebuild();
        }
      }
    },
    close() { try { if (current) current.side.close(); } catch {} },
  };
}
`;
