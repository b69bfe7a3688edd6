/**
 * Plugins through the `masec` command: a scenario's own `plugins`, `--plugin` on every command that loads a
 * scenario (and on list, schema and report), and the errors for plugins that cannot be loaded.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, masec, masecInProcess, parseJson, runJson, tempDir } from './helpers.js';

const PLUGINS = join(REPO_ROOT, 'test/fixtures/plugins');
const GUARD = join(PLUGINS, 'guard-plugin.mjs');

let dir: string;
beforeAll(() => {
  dir = tempDir('plugins');
  // The fixture scenario and its plugin side by side; `unnamed.yaml` uses the plugin's ids without naming it.
  copyFileSync(join(PLUGINS, 'guarded.yaml'), join(dir, 'guarded.yaml'));
  copyFileSync(GUARD, join(dir, 'guard-plugin.mjs'));
  writeFileSync(join(dir, 'unnamed.yaml'), readFileSync(join(PLUGINS, 'guarded.yaml'), 'utf8').replace('plugins:\n  - ./guard-plugin.mjs\n', ''));
  writeFileSync(join(dir, 'bad-shape.mjs'), readFileSync(join(PLUGINS, 'bad-shape.mjs')));
});

describe('a scenario that names its plugins', () => {
  it('runs on worker threads and reports the plugin metric', async () => {
    // The copied plugin imports zod and @masec/spec: resolvable from the repository only, so run the original.
    const sweep = await runJson(['run', join(PLUGINS, 'guarded.yaml'), '--workers', '2', '--store', join(dir, 'run.sqlite'), '--quiet'], { cwd: dir });
    expect(sweep.failed).toBe(0);
    expect(sweep.runs.map((r) => [r.arm, r.seed, r.metrics['fixture-flags']])).toEqual([
      ['none', 1, 0],
      ['none', 2, 0],
      ['guarded', 1, 4],
      ['guarded', 2, 2],
    ]);
    expect(sweep.summary['guarded']?.['fixture-flags']?.mean).toBe(3);
    // `masec report` shows the plugin's metric by its label when given the plugin, and cannot without it.
    const withPlugin = await masecInProcess(['report', '--store', join(dir, 'run.sqlite'), '--plugin', GUARD], dir);
    expect(withPlugin.status).toBe(0);
    expect(withPlugin.stdout).toMatch(/^fixture flags ↓\s+0\.0\s+3\.0 /m);
    const without = await masecInProcess(['report', '--store', join(dir, 'run.sqlite')], dir);
    expect(without.stdout).not.toContain('fixture flags');
  });

  it("masec validate locates a plugin config's problems by line", async () => {
    const result = await masecInProcess(['validate', join(PLUGINS, 'guarded-bad-config.yaml')], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/guarded-bad-config\.yaml:17:\d+: defenses\[0\]\.config\.strict: /);
    expect(result.stderr).toMatch(/guarded-bad-config\.yaml:18:\d+: defenses\[0\]\.config\.wrod: /);
  });
});

describe('--plugin', () => {
  const plugin = ['--plugin', GUARD];

  it('makes a scenario that uses a plugin id valid; without it the id is unknown (exit 2)', async () => {
    const without = await masecInProcess(['validate', 'unnamed.yaml'], dir);
    expect(without.status).toBe(2);
    expect(without.stderr).toContain("unknown defense 'fixture-guard'");
    const withPlugin = await masecInProcess(['validate', 'unnamed.yaml', ...plugin], dir);
    expect(withPlugin.status).toBe(0);
    expect(withPlugin.stdout).toMatch(/^ok {3}unnamed\.yaml: guarded — 30 agents, 6 rounds, arms: none, guarded; one run needs at least \d+ MiB\n$/);
  });

  it('is taken by every command that loads a scenario', async () => {
    const store = ['--store', join(dir, 'commands.sqlite'), '--workers', '0', '--quiet'];
    const commands: [string, string[]][] = [
      ['run', ['run', 'unnamed.yaml', '--seeds', '1', ...store]],
      ['sweep', ['sweep', 'unnamed.yaml', '--seeds', '1', '--grid', 'arms[1].defenses[0].config.strict=true,false', '--attack', 'infected-fraction', '--cost', 'fixture-flags', ...store]],
      ['blast-radius', ['blast-radius', 'unnamed.yaml', '--agents', 'a0,a1', '--seeds', '1', '--arm', 'guarded', ...store]],
      ['calibrate', ['calibrate', 'unnamed.yaml', '--seeds', '1', '--workers', '0', '--quiet', '--out', 'cal.json']],
      ['monitors', ['monitors', 'unnamed.yaml', '--seeds', '1', '--workers', '0', '--quiet']],
      ['epidemic', ['epidemic', 'unnamed.yaml', '--samples', '2']],
    ];
    for (const [name, args] of commands) {
      const without = await masecInProcess(args, dir);
      // The arm's defense and the scenario's metric: both ids are the plugin's.
      expect([name, without.status, without.stderr.split('\n')[0]]).toEqual([name, 2, 'masec: UNKNOWN_PLUGIN: 2 problem(s)']);
      const result = await masecInProcess([...args, ...plugin], dir);
      expect([name, result.status, result.stderr]).toEqual([name, 0, '']);
    }
  }, 120_000);

  it('adds the plugin to masec list and to masec schema, with its config schema', async () => {
    const list = await masecInProcess(['list', 'defenses', '--json', ...plugin], dir);
    expect(parseJson<{ id: string }[]>(list.stdout).map((d) => d.id)).toContain('fixture-guard');
    const metrics = await masecInProcess(['list', 'metrics', ...plugin], dir);
    expect(metrics.stdout).toMatch(/\n {2}fixture-flags +Envelopes the fixture guard flagged\n/);
    const schema = parseJson<{ $defs: Record<string, { allOf: { if: { properties: { id: { const: string } } }; then: { properties: { config: unknown } } }[] }> }>(
      (await masecInProcess(['schema', ...plugin], dir)).stdout,
    );
    const config = schema.$defs['defense-ref']?.allOf.find((b) => b.if.properties.id.const === 'fixture-guard')?.then.properties.config;
    expect(config).toMatchObject({ type: 'object', additionalProperties: false, properties: { strict: { type: 'boolean', default: false }, word: { type: 'string', default: 'ignore' } } });
  });

  it('a plugin that cannot be loaded is a usage error naming it and what is wrong', async () => {
    const missing = await masecInProcess(['validate', 'guarded.yaml', '--plugin', './nope.mjs'], dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`fail guarded.yaml: FILE_NOT_FOUND\n  --plugin: plugin './nope.mjs': no such file (looked for ${join(dir, 'nope.mjs')})\nmasec: 1 of 1 file(s) invalid\n`);
    const shape = await masecInProcess(['list', '--plugin', './bad-shape.mjs'], dir);
    expect(shape.status).toBe(2);
    expect(shape.stderr).toContain(`masec: PLUGIN_INVALID: 1 problem(s)\n  --plugin: plugin './bad-shape.mjs': ${join(dir, 'bad-shape.mjs')} is not a valid masec plugin:`);
    // The scenario's own plugin entry that is missing is reported at its line.
    writeFileSync(join(dir, 'missing-plugin.yaml'), 'id: m\nrounds: 2\nplugins:\n  - ./absent.mjs\nagents: { count: 4, policy: { id: email-assistant } }\ntopology: { kind: ring }\n');
    const named = await masec(['validate', 'missing-plugin.yaml'], { cwd: dir });
    expect(named.status).toBe(2);
    expect(named.stderr).toBe(
      `fail missing-plugin.yaml: FILE_NOT_FOUND\n  missing-plugin.yaml:4:5: plugins[0]: plugin './absent.mjs': no such file (looked for ${join(dir, 'absent.mjs')})\nmasec: 1 of 1 file(s) invalid\n`,
    );
  });
});
