/**
 * The directories an audit log or its key will live in, created one level at a time. (A recursive
 * `mkdirSync` can loop for ever under a pseudo-filesystem such as /proc; one level at a time fails at once,
 * naming the directory that could not be made.)
 */
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export function makeDirs(dir: string): void {
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    const stats = statSync(at, { throwIfNoEntry: false });
    if (stats !== undefined) {
      if (!stats.isDirectory()) throw new Error(`${at} is not a directory`);
      break;
    }
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  for (const d of missing.reverse()) mkdirSync(d);
}
