/**
 * Opening a results store for reading only (`masec report`): the file and its directory are left exactly as
 * they were, so a store can be read where it may not be written (another user's, a read-only mount), and a
 * reader never writes a schema into a file that is not a store yet.
 *
 * SQLite reads a database in rollback-journal mode without writing anything. A database in WAL mode needs
 * its `-wal` and `-shm` files: when a writer is at work (the `-wal` file exists) the reader shares them;
 * when the store was closed in WAL mode with no `-wal` left (by a masec that did not switch it back to
 * rollback mode on close, see `SqliteResultsStore.close`), reading it in place would create both files, so
 * the reader reads a copy in memory instead, its header switched to rollback mode.
 */
import { closeSync, existsSync, readFileSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { isMasecError } from '@masec/spec';
import { openRegularFile, reason } from '../files/regular-file.js';
import { initialise, storeError, storeVersion } from './sqlite-schema.js';

type Db = Database.Database;

/** The first 16 bytes of every SQLite database file. */
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
/** Bytes 18 and 19 of the header: the file format versions, 2 in WAL mode and 1 in rollback mode. */
const WRITE_VERSION = 18;
const READ_VERSION = 19;

/** An empty store in memory: what a reader sees in an empty file, which it must not turn into a store. */
function emptyStore(): Db {
  const db = new Database(':memory:');
  initialise(db, ':memory:', true);
  return db;
}

/** The file's size and first 100 bytes (the SQLite header), read without following it into a FIFO or device. */
function readHeader(file: string, path: string): { size: number; header: Buffer } {
  const opened = openRegularFile(path);
  if (!opened.ok) throw storeError(file, opened.problem.startsWith('cannot') ? opened.problem.replace('cannot be read', 'cannot read it') : `${opened.problem}, not a results store`);
  try {
    const header = Buffer.alloc(100);
    const got = opened.stat.size === 0 ? 0 : readSync(opened.fd, header, 0, header.length, 0);
    return { size: opened.stat.size, header: header.subarray(0, got) };
  } catch (error) {
    throw storeError(file, `cannot read it: ${reason(error)}`);
  } finally {
    closeSync(opened.fd);
  }
}

/**
 * Opens the store at `file` for reading, writing nothing to it or its directory. An empty file reads as an
 * empty store. Throws `STORE_ERROR` naming the file when it cannot be read (with the reason, such as
 * `permission denied`), is not a regular file, is not a SQLite database, is another program's database, or
 * was written by a newer masec.
 */
export function openReadOnlyDatabase(file: string): Db {
  const path = resolve(file);
  const { size, header } = readHeader(file, path);
  if (size === 0) return emptyStore();
  if (header.length < 100 || !header.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) throw storeError(file, 'is not a SQLite database');
  const walWithoutLog = (header[WRITE_VERSION] === 2 || header[READ_VERSION] === 2) && !existsSync(`${path}-wal`);
  let db: Db;
  try {
    if (walWithoutLog) {
      const bytes = readFileSync(path);
      bytes[WRITE_VERSION] = 1;
      bytes[READ_VERSION] = 1;
      db = new Database(bytes, { readonly: true });
    } else {
      db = new Database(path, { readonly: true, fileMustExist: true });
    }
  } catch (cause) {
    throw storeError(file, `cannot read it: ${reason(cause)}`);
  }
  try {
    if (storeVersion(db, file) === 0) {
      db.close();
      return emptyStore();
    }
    db.pragma('busy_timeout = 5000');
    return db;
  } catch (error) {
    db.close();
    throw isMasecError(error) ? error : storeError(file, `cannot read it: ${reason(error)}`);
  }
}
