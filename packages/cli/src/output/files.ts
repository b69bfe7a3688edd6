/**
 * Files the CLI writes for the user (--html, --out). The path is checked before any run starts, so a typo
 * in a directory costs nothing, and a write that still fails is a clear usage error naming the option and
 * the path, not an internal error after minutes of work (the runs are in the store either way).
 */
import { accessSync, constants, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CliIo } from '../io.js';
import { CliExit, EXIT_USAGE } from './exit.js';

export interface OutputFileOptions {
  /** Create missing parent directories (calibration files) instead of refusing. */
  createDirs?: boolean;
}

/** The absolute path for `option`'s value; throws a usage error if it cannot be written. */
export function checkOutputFile(io: CliIo, option: string, path: string, options: OutputFileOptions = {}): string {
  const full = resolve(io.cwd, path);
  const dir = dirname(full);
  let stats;
  try {
    stats = statSync(full, { throwIfNoEntry: false });
  } catch (cause) {
    throw new CliExit(EXIT_USAGE, `option ${option}: cannot write '${full}': ${(cause as Error).message}`);
  }
  if (stats?.isDirectory() === true) throw new CliExit(EXIT_USAGE, `option ${option}: '${full}' is a directory, not a file`);
  if (options.createDirs === true) return full;
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new CliExit(EXIT_USAGE, `option ${option}: cannot write '${full}': the directory '${dir}' does not exist or is not writable`);
  }
  return full;
}

/** Writes `text` to the checked path `full`; a failure is a usage error naming the option and path. */
export function writeOutputFile(option: string, full: string, text: string, options: OutputFileOptions = {}): void {
  try {
    if (options.createDirs === true) mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  } catch (cause) {
    throw new CliExit(EXIT_USAGE, `option ${option}: cannot write '${full}': ${(cause as Error).message}`);
  }
}
