/**
 * Opening input files (scenarios, calibration files, edge lists, results stores) so that what is not a
 * regular file is refused by its kind before anything is read: a FIFO would block the read until a writer
 * comes, and a device such as /dev/zero never ends.
 */
import { type Stats, closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** What a non-regular file is, for messages: `a directory`, `a FIFO`, `a device`, `a socket`. */
export function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** What an `open` or `read` failure means to a user: `permission denied`, `no such file`, or the system's message. */
export function reason(cause: unknown): string {
  const code = (cause as { code?: unknown }).code;
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOENT') return 'no such file';
  return cause instanceof Error ? cause.message : String(cause);
}

export type OpenedFile = { ok: true; fd: number; stat: Stats } | { ok: false; problem: string };

/**
 * Opens `path` for reading without waiting on a FIFO (`O_NONBLOCK`), and keeps it open only if it is a
 * regular file. Otherwise says why: `is a FIFO`, `is a directory`, `cannot be read: permission denied`.
 */
export function openRegularFile(path: string): OpenedFile {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (cause) {
    return { ok: false, problem: `cannot be read: ${reason(cause)}` };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isFile()) return { ok: true, fd, stat };
    closeSync(fd);
    return { ok: false, problem: `is ${kindOf(stat)}` };
  } catch (cause) {
    closeSync(fd);
    return { ok: false, problem: `cannot be read: ${reason(cause)}` };
  }
}

/**
 * Up to `max + 1` bytes of an open file from its start, and closes it: a file that grew past `max` since
 * its size was checked shows as longer than `max`, and is never read whole.
 */
export function readAtMost(fd: number, size: number, max: number): Uint8Array {
  try {
    const bytes = new Uint8Array(Math.min(size, max) + 1);
    let at = 0;
    while (at < bytes.length) {
      const got = readSync(fd, bytes, at, bytes.length - at, at);
      if (got === 0) break;
      at += got;
    }
    return bytes.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}
