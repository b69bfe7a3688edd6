// Runtime-neutral packages (spec, defenses, sim) must not pull Node-only modules: the shield and the
// dashboard import them. Follows the compiled import graph from each package entry.
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every module specifier reachable from `entry`, following relative and @masec/* imports. */
function reachable(entry: string): Map<string, string> {
  const seen = new Set<string>();
  const external = new Map<string, string>(); // specifier → importing file
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(IMPORT)) {
      const spec = (match[1] ?? match[2] ?? match[3]) as string;
      if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec));
      else if (spec.startsWith('@masec/')) {
        const [, name, ...rest] = spec.split('/');
        const pkgDir = join(root, 'packages', name as string);
        const target = rest.length === 0 ? join(pkgDir, 'dist/index.js') : join(pkgDir, 'dist', ...rest, 'index.js');
        queue.push(target);
      } else if (!external.has(spec)) external.set(spec, file);
    }
  }
  return external;
}

describe('runtime-neutral package entries pull no Node-only code', () => {
  for (const name of ['spec', 'stego', 'defenses', 'sim']) {
    it(`@masec/${name}`, () => {
      const entry = join(root, 'packages', name, 'dist/index.js');
      expect(existsSync(entry), `${entry} (run npm run build)`).toBe(true);
      const nodeOnly = [...reachable(entry)].filter(([spec]) => builtins.has(spec));
      expect(nodeOnly).toEqual([]);
    });
  }

  it('detects a Node import when there is one (the runner)', () => {
    const external = reachable(join(root, 'packages/runner/dist/index.js'));
    expect([...external.keys()].some((spec) => builtins.has(spec))).toBe(true);
  });
});
