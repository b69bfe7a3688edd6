/**
 * `masec report` only reads: it opens the results store read-only and leaves the file and its directory as
 * they were (no schema written, no -wal or -shm files), so it can report from a store it may not write.
 */
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, masec, masecInProcess, tempDir } from './helpers.js';

/** Everything a reader could change: the directory's entries, and the store's bytes and modification time. */
function snapshot(dir: string, file: string): { entries: string[]; sha256: string; mtimeMs: number; size: number } {
  return {
    entries: readdirSync(dir).sort(),
    sha256: createHash('sha256').update(readFileSync(join(dir, file))).digest('hex'),
    mtimeMs: statSync(join(dir, file)).mtimeMs,
    size: statSync(join(dir, file)).size,
  };
}

/** As root, permissions do not apply: run the CLI as `nobody` then, so that a read-only file is read-only. */
const asUnprivileged = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;

describe('report opens the store read-only', () => {
  let dir: string;
  let table: string;

  beforeAll(async () => {
    dir = tempDir('report-ro');
    const scenario = copyFixture('small-worm.yaml', dir);
    const run = await masec(['run', scenario, '--set', 'agents.count=20', '--set', 'rounds=5', '--seeds', '2', '--workers', '0', '--store', 'store/s.sqlite'], { cwd: dir });
    if (run.status !== 0) throw new Error(`run failed: ${run.stderr}`);
    table = run.stdout.slice(0, run.stdout.indexOf('\n6 run(s)'));
  }, 60_000);

  it('leaves the store and its directory as they were: same entries (no -wal, no -shm), same bytes, same mtime', async () => {
    const storeDir = join(dir, 'store');
    const before = snapshot(storeDir, 's.sqlite');
    mkdirSync(join(dir, 'out'), { recursive: true });
    for (const args of [['report'], ['report', '--list'], ['report', '--json'], ['report', '--html', 'out/r.html']]) {
      const result = await masec([...args, '--store', 'store/s.sqlite'], { cwd: dir });
      expect(result.status, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(snapshot(storeDir, 's.sqlite'), args.join(' ')).toEqual(before);
    }
  });

  it('reports from a store it may not write, in a directory it may not write', async () => {
    const ro = join(tempDir('report-ro-dir'), 'ro');
    mkdirSync(ro);
    copyFileSync(join(dir, 'store/s.sqlite'), join(ro, 's.sqlite'));
    chmodSync(join(ro, 's.sqlite'), 0o444);
    chmodSync(ro, 0o555);
    chmodSync(join(ro, '..'), 0o755);
    try {
      const result = await masec(['report', '--store', join(ro, 's.sqlite')], { cwd: ro, user: asUnprivileged });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      expect(result.stdout).toContain(table.trim());
      expect(readdirSync(ro)).toEqual(['s.sqlite']);
    } finally {
      chmodSync(ro, 0o755);
    }
  });

  it('says it cannot read a store it may not read (permission denied), not that it is not a SQLite database', async () => {
    const parent = tempDir('report-unreadable');
    chmodSync(parent, 0o755);
    copyFileSync(join(dir, 'store/s.sqlite'), join(parent, 's.sqlite'));
    chmodSync(join(parent, 's.sqlite'), 0o000);
    const result = await masec(['report', '--store', join(parent, 's.sqlite')], { cwd: parent, user: asUnprivileged });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`masec: STORE_ERROR: results store '${join(parent, 's.sqlite')}': cannot read it: permission denied\n`);
  });

  it('leaves an empty file empty (no schema written into it)', async () => {
    const empty = tempDir('report-empty-file');
    writeFileSync(join(empty, 'empty.sqlite'), '');
    const result = await masecInProcess(['report', '--store', 'empty.sqlite'], empty);
    expect(result.status).toBe(2);
    expect(result.stderr).toBe(`masec: NOT_FOUND: the store ${join(empty, 'empty.sqlite')} holds no experiments yet\n`);
    expect(statSync(join(empty, 'empty.sqlite')).size).toBe(0);
    expect(readdirSync(empty)).toEqual(['empty.sqlite']);
  });
});
