/** What it takes to replay a run bit for bit: versions, git SHA, scenario hash. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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

/** The current git commit of `dir`, with `-dirty` when the work tree has changes; null outside a repo. */
export function gitSha(dir: string): string | null {
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
