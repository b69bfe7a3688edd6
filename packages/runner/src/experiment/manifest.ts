/** What it takes to replay a run bit for bit: versions, git SHA, scenario hash. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { createRequire } from 'node:module';
import type { Scenario } from '@masec/spec';
import { canonicalJson } from '../store/event-codec.js';

export function scenarioHash(scenario: Scenario): string {
  return createHash('sha256').update(canonicalJson(scenario)).digest('hex');
}

const PACKAGES = ['@masec/spec', '@masec/defenses', '@masec/sim', '@masec/runner', 'zod', 'better-sqlite3'];

let cachedVersions: Record<string, string> | undefined;

export function packageVersions(): Record<string, string> {
  if (cachedVersions !== undefined) return cachedVersions;
  const require = createRequire(import.meta.url);
  const versions: Record<string, string> = {};
  for (const name of PACKAGES) {
    try {
      const main = require.resolve(name);
      let dir = main;
      for (let i = 0; i < 6; i++) {
        dir = dir.slice(0, dir.lastIndexOf('/'));
        try {
          const pkg = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as { name?: string; version?: string };
          if (pkg.name === name && pkg.version !== undefined) {
            versions[name] = pkg.version;
            break;
          }
        } catch {
          // keep walking up
        }
      }
    } catch {
      versions[name] = 'unresolved';
    }
  }
  cachedVersions = versions;
  return versions;
}

const cachedShas = new Map<string, string | null>();

/**
 * The current git commit of `dir`, with `-dirty` when the work tree has changes; null outside a repo.
 * Asked once per directory per process (two git commands take ~0.3 s on a busy machine, and a sweep or a
 * blast-radius analysis starts one experiment per point): the code a process runs does not change under it.
 */
export function gitSha(dir: string): string | null {
  const cached = cachedShas.get(dir);
  if (cached !== undefined || cachedShas.has(dir)) return cached ?? null;
  const sha = readGitSha(dir);
  cachedShas.set(dir, sha);
  return sha;
}

function readGitSha(dir: string): string | null {
  try {
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    return dirty === '' ? sha : `${sha}-dirty`;
  } catch {
    return null;
  }
}

const ENGINE_PACKAGES = ['@masec/spec', '@masec/defenses', '@masec/sim', '@masec/runner'];
let cachedFingerprint: string | undefined;

/**
 * A hash of the compiled code of the packages that decide a run's outcome (every `.js` file under each
 * package's `dist/`). Package versions stay the same while the code changes, so experiment ids include this
 * too: results stored by older code are not mistaken for results of the code now running.
 */
export function codeFingerprint(): string {
  if (cachedFingerprint !== undefined) return cachedFingerprint;
  const require = createRequire(import.meta.url);
  const roots: Record<string, string | null> = {};
  for (const name of ENGINE_PACKAGES) {
    try {
      roots[name] = dirname(require.resolve(name));
    } catch {
      roots[name] = null;
    }
  }
  cachedFingerprint = fingerprintDirs(roots);
  return cachedFingerprint;
}

/** Hash of every `.js` file (path and bytes) under each named directory, in a fixed order. */
export function fingerprintDirs(roots: Record<string, string | null>): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(roots).sort()) {
    const root = roots[name];
    if (root === null || root === undefined) {
      hash.update(`${name}:unresolved\n`);
      continue;
    }
    for (const file of jsFiles(root)) {
      hash.update(`${name}/${relative(root, file)}\n`);
      hash.update(readFileSync(file));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

function jsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...jsFiles(full));
    else if (entry.name.endsWith('.js')) out.push(full);
  }
  return out;
}
