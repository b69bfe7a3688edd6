// Every runnable example under examples/ is smoke-run, so the examples cannot rot.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const examples = readdirSync(join(root, 'examples')).filter((name) => existsSync(join(root, 'examples', name, 'run.mjs')));

/** Small arguments per example so the smoke run stays quick, and what its output must show. */
const SMOKE: Record<string, { args: string[]; expect: RegExp[] }> = {
  'custom-defense': { args: ['--seeds', '2', '--agents', '80'], expect: [/^none\s+infected [\d.]+%/m, /^phrase-blocker\s+infected [\d.]+%/m] },
  // disinformation topology sweep: one row per topology with a misinformed fraction.
  'topology-sweep': { args: ['--seeds', '2', '--topologies', 'chain,star'], expect: [/^arm none:/m, /^chain\s+1\.93\s+1\.99\s+[\d.]+%/m, /^star\s+1\.93\s+5\.39\s+[\d.]+%/m] },
  // worm vs disinformation under detector + edge-pruning (the isolation trade-off).
  'isolation-tradeoff': { args: ['--seeds', '2', '--topologies', 'cycle'], expect: [/^worm-email/m, /^cycle\s+[\d.]+%.*[\d.]+%/m, /cross-checking/, /amplifying/] },
};

describe('examples', () => {
  it('every example has a smoke configuration', () => {
    expect(examples.sort()).toEqual(Object.keys(SMOKE).sort());
  });

  for (const name of examples) {
    it(`${name} runs`, async () => {
      const smoke = SMOKE[name];
      const { stdout } = await run(process.execPath, [join(root, 'examples', name, 'run.mjs'), ...(smoke?.args ?? [])], { cwd: root, timeout: 60_000 });
      for (const pattern of smoke?.expect ?? []) expect(stdout).toMatch(pattern);
    });
  }
});
