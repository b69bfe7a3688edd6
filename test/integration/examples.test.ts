// Every runnable example under examples/ is smoke-run, so the examples cannot rot.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const run = promisify(execFile);
const examples = readdirSync(join(root, 'examples')).filter((name) => existsSync(join(root, 'examples', name, 'run.mjs')));

/** Small arguments per example so the smoke run stays quick, and what its output must show. */
const SMOKE: Record<string, { args: string[]; expect: RegExp[] }> = {
  // The plugin through runExperiment, the store and two worker threads; its own metric is reported.
  'custom-defense': {
    args: ['--seeds', '2', '--agents', '80', '--workers', '2'],
    expect: [/^none\s+infected [\d.]+%.*blocked by phrase 0\.0$/m, /^phrase-blocker\s+infected [\d.]+%.*blocked by phrase [\d.]+/m],
  },
  // disinformation topology sweep: one row per topology with a misinformed fraction.
  'topology-sweep': { args: ['--seeds', '2', '--topologies', 'chain,star'], expect: [/^arm none:/m, /^chain\s+1\.93\s+1\.99\s+[\d.]+%/m, /^star\s+1\.93\s+5\.39\s+[\d.]+%/m] },
  // worm vs disinformation under detector + edge-pruning (the isolation trade-off).
  'isolation-tradeoff': { args: ['--seeds', '2', '--topologies', 'cycle'], expect: [/^worm-email/m, /^cycle\s+[\d.]+%.*[\d.]+%/m, /cross-checking/, /amplifying/] },
  // SDK agents behind the gateway: benign passes, injection refused, the worm stopped where it spread, the log intact.
  'shield-demo': {
    args: [],
    expect: [
      /^benign: alice -> archivist: answered "archivist: filed/m,
      /^injection: mallory -> archivist: refused INJECTION_DETECTED \(content-detector\)$/m,
      /^worm: mallory -> planner: refused QUARANTINED/m,
      /^intact: 1\d records, \d+ signed checkpoints/m,
      /^payload [0-9a-f]{16}: first sent by mallory; reached planner$/m,
      /planner -> writer SendMessage STOPPED QUARANTINED by quarantine$/m,
    ],
  },
};

describe('examples', () => {
  it('every example has a smoke configuration', () => {
    expect(examples.sort()).toEqual(Object.keys(SMOKE).sort());
  });

  it('custom-defense: its scenario runs through the masec command, which loads the plugin it names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'masec-example-'));
    try {
      const args = ['run', 'examples/custom-defense/scenario.yaml', '--seeds', '2', '--set', 'agents.count=80', '--workers', '2', '--store', join(dir, 's.sqlite'), '--json'];
      const { stdout } = await run(process.execPath, [join(root, 'packages/cli/dist/main.js'), ...args], { cwd: root, timeout: 60_000 });
      const result = JSON.parse(stdout) as { failed: number; summary: Record<string, Record<string, { mean: number | null }>> };
      expect(result.failed).toBe(0);
      expect(Object.keys(result.summary)).toEqual(['none', 'phrase-blocker']);
      expect(result.summary['none']?.['phrase-blocked']?.mean).toBe(0);
      expect(result.summary['phrase-blocker']?.['phrase-blocked']?.mean).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const name of examples) {
    it(`${name} runs`, async () => {
      const smoke = SMOKE[name];
      const { stdout } = await run(process.execPath, [join(root, 'examples', name, 'run.mjs'), ...(smoke?.args ?? [])], { cwd: root, timeout: 60_000 });
      for (const pattern of smoke?.expect ?? []) expect(stdout).toMatch(pattern);
    });
  }
});
