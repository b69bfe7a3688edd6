/**
 * Loading plugin modules (Node only): a specifier — a path relative to the scenario file or the working
 * directory, an absolute path or file URL, or a package name — resolves to one module URL; the module is
 * imported, its default export (or its export `plugin`) checked to be a `MasecPlugin`, and its definitions
 * registered next to the built-ins. Worker threads get the URLs, not the registries (which cannot cross
 * threads), and load the same modules (`pluginRegistries`). Local files and installed packages only: nothing
 * is fetched.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type IssueLocation, type MasecPlugin, MasecError, type Scenario, isMasecError } from '@masec/spec';
import { type SimRegistries, checkPlugin, createRegistries, registerPlugins } from '@masec/sim';

/** Where a plugin was named: a scenario's `plugins[i]` (file, line, column) or `--plugin`. */
export type PluginWhere = Omit<IssueLocation, 'message'>;

/** A plugin to load: its specifier, the directory it is relative to, and where it was named. */
export interface PluginSource {
  specifier: string;
  baseDir: string;
  where?: PluginWhere;
}

export interface LoadedPlugin {
  /** The plugin's own `name`. */
  name: string;
  /** As written (in the scenario or on the command line). */
  specifier: string;
  /** The module's `file:` URL, what worker threads import. */
  url: string;
  /** sha256 of the module file's bytes, part of the experiment id (changed plugin code ⇒ a new experiment). */
  sha256: string;
  plugin: MasecPlugin;
}

/** Plugins loaded for a scenario: the modules and the registries that hold their ids next to the built-ins. */
export interface PluginSet {
  plugins: LoadedPlugin[];
  /** Module URLs, in load order, without duplicates. */
  urls: string[];
  registries: SimRegistries;
}

/** The built-in registries with no plugin. */
export function builtinPluginSet(): PluginSet {
  return { plugins: [], urls: [], registries: createRegistries() };
}

function fail(code: 'PLUGIN_INVALID' | 'FILE_NOT_FOUND', source: Pick<PluginSource, 'specifier' | 'where'>, message: string, cause?: unknown): MasecError {
  const where = source.where ?? { file: '--plugin', path: '' };
  const text = `plugin '${source.specifier}': ${message}`;
  return new MasecError(code, text, { issues: [{ ...where, message: text }], ...(cause === undefined ? {} : { cause }) });
}

const isPathLike = (specifier: string): boolean => specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..' || isAbsolute(specifier);

/** The file a package name resolves to from `baseDir`: its `exports` (node/import/default) or `main`. */
function resolvePackage(name: string, baseDir: string): string | undefined {
  const require = createRequire(join(baseDir, 'noop.js'));
  try {
    return require.resolve(name);
  } catch {
    // ESM-only packages export only an `import` condition, which require.resolve does not take: read it.
  }
  const parts = name.split('/');
  const packageName = name.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? name);
  const subpath = `.${name.slice(packageName.length)}`;
  for (let dir = baseDir; ; dir = dirname(dir)) {
    const root = join(dir, 'node_modules', packageName);
    if (existsSync(join(root, 'package.json'))) {
      const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports?: unknown; main?: string };
      const target = exportTarget(pkg.exports, subpath) ?? (subpath === '.' ? (pkg.main ?? 'index.js') : subpath);
      return resolve(root, target);
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** The target of `subpath` in a package's `exports`, under the conditions node, import, default. */
function exportTarget(exports: unknown, subpath: string): string | undefined {
  if (exports === undefined || exports === null) return undefined;
  const pick = (value: unknown): string | undefined => {
    if (typeof value === 'string') return value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    for (const [condition, target] of Object.entries(value)) {
      if (condition === 'node' || condition === 'import' || condition === 'default') {
        const found = pick(target);
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  const isSubpathMap = typeof exports === 'object' && !Array.isArray(exports) && Object.keys(exports).some((k) => k.startsWith('.'));
  return isSubpathMap ? pick((exports as Record<string, unknown>)[subpath]) : subpath === '.' ? pick(exports) : undefined;
}

/**
 * The `file:` URL of the module `source` names. Paths (`./x.mjs`, `../x.mjs`, absolute) are relative to
 * `source.baseDir`; anything else is a package name resolved from there. FILE_NOT_FOUND names the specifier,
 * where it was named, and where it was looked for.
 */
export function resolvePluginUrl(source: PluginSource): string {
  const { specifier, baseDir } = source;
  if (specifier.startsWith('file:')) return resolvePluginUrl({ ...source, specifier: fileURLToPath(specifier) });
  if (isPathLike(specifier)) {
    const path = resolve(baseDir, specifier);
    if (!existsSync(path) || !statSync(path).isFile()) throw fail('FILE_NOT_FOUND', source, `no such file (looked for ${path})`);
    return pathToFileURL(path).href;
  }
  const path = resolvePackage(specifier, baseDir);
  if (path === undefined || !existsSync(path)) {
    const local = resolve(baseDir, specifier);
    const hint = existsSync(local) ? `; to load the file ${local}, write './${specifier}'` : '';
    throw fail('FILE_NOT_FOUND', source, `cannot find package '${specifier}' from ${baseDir} (a path must start with ./, ../ or /${hint})`);
  }
  return pathToFileURL(path).href;
}

async function importPlugin(source: PluginSource, url: string): Promise<LoadedPlugin> {
  const path = fileURLToPath(url);
  let module: Record<string, unknown>;
  try {
    module = (await import(url)) as Record<string, unknown>;
  } catch (cause) {
    const message = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    throw fail('PLUGIN_INVALID', source, `importing ${path} failed: ${message}`, cause);
  }
  const exported = module['default'] ?? module['plugin'];
  if (exported === undefined) throw fail('PLUGIN_INVALID', source, `${path} has neither a default export nor an export named 'plugin'`);
  let plugin: MasecPlugin;
  try {
    plugin = checkPlugin(exported, path);
  } catch (error) {
    if (!isMasecError(error)) throw error;
    throw fail('PLUGIN_INVALID', source, error.message.replace(`plugin ${path} is`, `${path} is`), error);
  }
  const sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
  return { name: plugin.name, specifier: source.specifier, url, sha256, plugin };
}

/**
 * Imports the plugins `sources` name (each module once, in order) and registers them next to the built-ins.
 * Throws FILE_NOT_FOUND for a module that is not there, PLUGIN_INVALID for one that fails to import, is not
 * shaped as a `MasecPlugin`, or defines an id that is already registered; every error names the module.
 */
export async function loadPlugins(sources: readonly PluginSource[]): Promise<PluginSet> {
  const byUrl = new Map<string, PluginSource>();
  for (const source of sources) {
    const url = resolvePluginUrl(source);
    if (!byUrl.has(url)) byUrl.set(url, source);
  }
  const plugins: LoadedPlugin[] = [];
  for (const [url, source] of byUrl) plugins.push(await importPlugin(source, url));
  const registries = createRegistries();
  try {
    registerPlugins(registries, plugins.map((p) => p.plugin));
  } catch (error) {
    if (!isMasecError(error)) throw error;
    const modules = plugins.map((p) => `'${p.name}' is ${fileURLToPath(p.url)}`).join('; ');
    const message = `${error.message} (${modules})`;
    throw new MasecError('PLUGIN_INVALID', message, { issues: error.issues.map((i) => ({ ...i, message: `${i.message} (${modules})` })), cause: error });
  }
  return { plugins, urls: [...byUrl.keys()], registries };
}

/** The plugins a scenario's runs need: those it names and `extra`, relative to `baseDir` (deduplicated). */
export function experimentPlugins(scenario: Pick<Scenario, 'plugins'>, baseDir: string, extra: readonly string[] = []): Promise<PluginSet> {
  return loadPlugins([...scenario.plugins, ...extra].map((specifier) => ({ specifier, baseDir })));
}

const registriesByUrls = new Map<string, Promise<SimRegistries>>();

/**
 * The registries for runs of a scenario whose plugins are these module URLs: the built-ins when there are
 * none, else built-ins and plugins, loaded once per thread (a worker runs many runs with the same modules).
 */
export function pluginRegistries(urls: readonly string[]): Promise<SimRegistries> {
  if (urls.length === 0) return Promise.resolve(createRegistries());
  const key = urls.join('\n');
  let loaded = registriesByUrls.get(key);
  if (loaded === undefined) {
    loaded = loadPlugins(urls.map((url) => ({ specifier: url, baseDir: '/' }))).then((set) => set.registries);
    registriesByUrls.set(key, loaded);
  }
  return loaded;
}

/** The plugins' part of an experiment's identity: each module's name and the hash of its code. */
export function pluginFingerprints(set: PluginSet): Record<string, string> {
  return Object.fromEntries(set.plugins.map((p, i) => [`plugin:${i}:${p.name}`, p.sha256]));
}
