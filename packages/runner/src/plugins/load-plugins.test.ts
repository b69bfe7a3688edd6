// Loading plugin modules: resolving specifiers (paths, file URLs, packages), importing, shape and clash
// errors that name the module and where it was named, and the registries worker threads rebuild.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { rejectedError, thrownError } from '../testing/errors.js';
import { loadPlugins, pluginRegistries, resolvePluginUrl } from './load-plugins.js';

const FIXTURES = resolve(import.meta.dirname, '../../../../test/fixtures/plugins');
const GUARD = join(FIXTURES, 'guard-plugin.mjs');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'masec-plugins-'));
  dirs.push(dir);
  return dir;
}

const METRIC_ONLY = `export default { specVersion: 'v1', name: 'counter', metrics: [{ id: 'event-count', specVersion: 'v1', description: 'Events', label: 'events', unit: 'count', better: 'lower', reduce: (log) => [...log.events].length }] };\n`;

describe('resolvePluginUrl', () => {
  it('resolves paths against the base directory, and absolute paths and file URLs as they are', () => {
    const url = pathToFileURL(GUARD).href;
    expect(resolvePluginUrl({ specifier: './guard-plugin.mjs', baseDir: FIXTURES })).toBe(url);
    expect(resolvePluginUrl({ specifier: '../plugins/guard-plugin.mjs', baseDir: FIXTURES })).toBe(url);
    expect(resolvePluginUrl({ specifier: GUARD, baseDir: '/' })).toBe(url);
    expect(resolvePluginUrl({ specifier: url, baseDir: '/' })).toBe(url);
  });

  it('resolves package names from the base directory: main, an ESM-only exports map, a scoped package', () => {
    const dir = tempDir();
    const pkg = (name: string, manifest: object, file: string): void => {
      mkdirSync(join(dir, 'node_modules', name), { recursive: true });
      writeFileSync(join(dir, 'node_modules', name, 'package.json'), JSON.stringify({ name, ...manifest }));
      writeFileSync(join(dir, 'node_modules', name, file), METRIC_ONLY);
    };
    pkg('plain-plugin', { main: 'main.js', type: 'module' }, 'main.js');
    pkg('esm-plugin', { type: 'module', exports: { '.': { types: './x.d.ts', import: './dist/index.js' } } }, 'dist/index.js'.replace('dist/', ''));
    mkdirSync(join(dir, 'node_modules/esm-plugin/dist'));
    writeFileSync(join(dir, 'node_modules/esm-plugin/dist/index.js'), METRIC_ONLY);
    pkg('@acme/guards', { type: 'module', exports: { import: './guards.js' } }, 'guards.js');
    const nested = join(dir, 'scenarios', 'deep');
    mkdirSync(nested, { recursive: true });
    expect(resolvePluginUrl({ specifier: 'plain-plugin', baseDir: nested })).toBe(pathToFileURL(join(dir, 'node_modules/plain-plugin/main.js')).href);
    expect(resolvePluginUrl({ specifier: 'esm-plugin', baseDir: nested })).toBe(pathToFileURL(join(dir, 'node_modules/esm-plugin/dist/index.js')).href);
    expect(resolvePluginUrl({ specifier: '@acme/guards', baseDir: dir })).toBe(pathToFileURL(join(dir, 'node_modules/@acme/guards/guards.js')).href);
  });

  it('a missing module is FILE_NOT_FOUND, located where it was named, saying where it looked', () => {
    const where = { file: 's.yaml', line: 4, column: 5, path: 'plugins[0]' };
    const missing = thrownError(() => resolvePluginUrl({ specifier: './nope.mjs', baseDir: FIXTURES, where }));
    expect(missing.code).toBe('FILE_NOT_FOUND');
    expect(missing.issues).toEqual([{ ...where, message: `plugin './nope.mjs': no such file (looked for ${join(FIXTURES, 'nope.mjs')})` }]);
    // A bare name is a package; when a file of that name is there, the message says how to name it.
    expect(() => resolvePluginUrl({ specifier: 'guard-plugin.mjs', baseDir: FIXTURES })).toThrow(
      `plugin 'guard-plugin.mjs': cannot find package 'guard-plugin.mjs' from ${FIXTURES} (a path must start with ./, ../ or /; to load the file ${GUARD}, write './guard-plugin.mjs')`,
    );
  });
});

describe('loadPlugins', () => {
  it('imports a named `plugin` export, registers it next to the built-ins and fingerprints its code', async () => {
    const set = await loadPlugins([{ specifier: './guard-plugin.mjs', baseDir: FIXTURES }, { specifier: GUARD, baseDir: '/' }]);
    expect(set.urls).toEqual([pathToFileURL(GUARD).href]);
    expect(set.plugins.map((p) => [p.name, p.specifier])).toEqual([['fixture-guard', './guard-plugin.mjs']]);
    expect(set.plugins[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(set.registries.defenses.get('fixture-guard').kind).toBe('monitoring');
    expect(set.registries.metrics.has('fixture-flags')).toBe(true);
    expect(set.registries.defenses.has('quarantine')).toBe(true);
    expect((await loadPlugins([])).registries.defenses.has('fixture-guard')).toBe(false);
  });

  it('a module that fails to import, exports no plugin, or is not shaped as one is PLUGIN_INVALID naming it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'syntax.mjs'), 'export default {\n');
    writeFileSync(join(dir, 'throws.mjs'), "throw new Error('no API key in the environment');\n");
    writeFileSync(join(dir, 'none.mjs'), 'export const other = 1;\n');
    const where = { file: 's.yaml', line: 3, column: 5, path: 'plugins[0]' };
    const syntax = await rejectedError(loadPlugins([{ specifier: './syntax.mjs', baseDir: dir, where }]));
    expect(syntax.code).toBe('PLUGIN_INVALID');
    expect(syntax.issues[0]).toMatchObject(where);
    // (Under vitest the import goes through vite, which words the syntax error its own way.)
    expect(syntax.message.startsWith(`plugin './syntax.mjs': importing ${join(dir, 'syntax.mjs')} failed: `)).toBe(true);
    const throws = await rejectedError(loadPlugins([{ specifier: './throws.mjs', baseDir: dir }]));
    expect(throws.issues).toEqual([{ file: '--plugin', path: '', message: `plugin './throws.mjs': importing ${join(dir, 'throws.mjs')} failed: Error: no API key in the environment` }]);
    const none = await rejectedError(loadPlugins([{ specifier: './none.mjs', baseDir: dir }]));
    expect(none.message).toBe(`plugin './none.mjs': ${join(dir, 'none.mjs')} has neither a default export nor an export named 'plugin'`);
    const shape = await rejectedError(loadPlugins([{ specifier: './bad-shape.mjs', baseDir: FIXTURES }]));
    expect(shape.code).toBe('PLUGIN_INVALID');
    expect(shape.message.split('\n')).toEqual([
      `plugin './bad-shape.mjs': ${join(FIXTURES, 'bad-shape.mjs')} is not a valid masec plugin:`,
      "  defenses[0] ('Bad Guard'): id must be a kebab-case string (got 'Bad Guard')",
      expect.stringMatching(/^ {2}defenses\[0\] \('Bad Guard'\): configSchema must be a zod 4 schema/),
      expect.stringMatching(/create must be a function/),
      expect.stringMatching(/kind must be one of/),
      expect.stringMatching(/targets must be/),
      expect.stringMatching(/hooks must be/),
      expect.stringMatching(/cost must be/),
    ]);
  });

  it('an id a built-in already has is PLUGIN_INVALID naming the plugin, its module and the built-in', async () => {
    const clash = await rejectedError(loadPlugins([{ specifier: './clash-plugin.mjs', baseDir: FIXTURES }]));
    expect(clash.code).toBe('PLUGIN_INVALID');
    expect(clash.message).toBe(`plugin 'clash' defines metric 'infected-fraction', which is already registered by masec (built in) ('clash' is ${join(FIXTURES, 'clash-plugin.mjs')})`);
  });
});

describe('pluginRegistries (what a worker thread rebuilds from URLs)', () => {
  it('is the built-ins without URLs, and the built-ins with the plugins otherwise, loaded once per thread', async () => {
    expect((await pluginRegistries([])).defenses.has('fixture-guard')).toBe(false);
    const urls = [pathToFileURL(GUARD).href];
    const first = await pluginRegistries(urls);
    expect(first.defenses.has('fixture-guard')).toBe(true);
    expect(await pluginRegistries([...urls])).toBe(first);
  });
});
