/**
 * Plugins next to the built-ins: checking that a module's export is a `MasecPlugin`, and adding its
 * threats, defenses, policies and metrics to registries. Pure: no I/O (importing the module is the runner's
 * job), and nothing is registered unless every definition of every plugin can be.
 */
import { HOOKS, type MasecPlugin, MasecError, type PluginRegistries, type RegistryEntry } from '@masec/spec';
import { createRegistries } from './registries.js';

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const DEFENSE_KINDS = ['environment', 'provenance', 'protocol', 'monitoring', 'containment', 'attribution'];
const THREAT_FAMILIES = ['propagation', 'coordination', 'protocol'];
const METRIC_UNITS = ['fraction', 'count', 'rounds', 'rate'];

type Section = 'threats' | 'defenses' | 'policies' | 'metrics';
const SECTIONS: readonly Section[] = ['threats', 'defenses', 'policies', 'metrics'];
const SINGULAR: Record<Section, string> = { threats: 'threat', defenses: 'defense', policies: 'policy', metrics: 'metric' };

type Check = (entry: Record<string, unknown>) => string[];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringArray = (value: unknown): boolean => Array.isArray(value) && value.every((v) => typeof v === 'string');
const describeValue = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);

function need(entry: Record<string, unknown>, field: string, ok: (v: unknown) => boolean, what: string): string[] {
  return ok(entry[field]) ? [] : [`${field} must be ${what} (got ${describeValue(entry[field])})`];
}

const oneOf = (values: readonly string[]) => (v: unknown) => typeof v === 'string' && values.includes(v);
const isFunction = (v: unknown) => typeof v === 'function';
/** A zod 4 schema: what the loader parses configs with and `masec schema` turns into JSON Schema. */
const isZodSchema = (v: unknown) => isRecord(v) && typeof v['safeParse'] === 'function' && isRecord(v['_zod']);

const withConfig: Check = (e) => [...need(e, 'configSchema', isZodSchema, 'a zod 4 schema'), ...need(e, 'create', isFunction, 'a function')];

/** What each kind of definition must have beyond `id`, `specVersion` and `description`. */
const CHECKS: Record<Section, Check> = {
  threats: (e) => [
    ...withConfig(e),
    ...need(e, 'family', oneOf(THREAT_FAMILIES), `one of ${THREAT_FAMILIES.join(', ')}`),
    ...need(e, 'metrics', isStringArray, 'an array of metric ids'),
    ...need(e, 'engines', (v) => Array.isArray(v) && v.length > 0 && v.every(oneOf(['message', 'population'])), "a non-empty array of 'message', 'population'"),
    ...need(e, 'judgeMetric', (v) => typeof v === 'string', 'a metric id'),
  ],
  defenses: (e) => [
    ...withConfig(e),
    ...need(e, 'kind', oneOf(DEFENSE_KINDS), `one of ${DEFENSE_KINDS.join(', ')}`),
    ...need(e, 'targets', isStringArray, 'an array of threat ids'),
    ...need(e, 'hooks', (v) => Array.isArray(v) && v.every(oneOf(HOOKS)), `an array of hooks (${HOOKS.join(', ')})`),
    ...need(e, 'cost', (v) => isRecord(v) && typeof v['utility'] === 'string' && typeof v['rewritesContent'] === 'boolean', '{ utility: string, rewritesContent: boolean }'),
  ],
  policies: withConfig,
  metrics: (e) => [
    ...need(e, 'unit', oneOf(METRIC_UNITS), `one of ${METRIC_UNITS.join(', ')}`),
    ...need(e, 'better', oneOf(['higher', 'lower']), "'higher' or 'lower'"),
    ...need(e, 'label', (v) => typeof v === 'string' && v !== '', 'a non-empty string'),
    ...need(e, 'reduce', isFunction, 'a function'),
  ],
};

function entryProblems(section: Section, entry: unknown, index: number): string[] {
  const where = `${section}[${index}]`;
  if (!isRecord(entry)) return [`${where} must be a ${SINGULAR[section]} definition object (got ${describeValue(entry)})`];
  const id = typeof entry['id'] === 'string' ? entry['id'] : undefined;
  const named = id === undefined ? where : `${where} ('${id}')`;
  const problems = [
    ...(id !== undefined && KEBAB.test(id) ? [] : [`id must be a kebab-case string (got ${id === undefined ? describeValue(entry['id']) : `'${id}'`})`]),
    ...need(entry, 'specVersion', (v) => v === 'v1', "'v1'"),
    ...need(entry, 'description', (v) => typeof v === 'string' && v !== '', 'a non-empty string'),
    ...CHECKS[section](entry),
  ];
  return problems.map((p) => `${named}: ${p}`);
}

/**
 * `value` as a `MasecPlugin`, or PLUGIN_INVALID naming `source` (the module) and every problem: not an
 * object, no `specVersion: 'v1'` or `name`, a section that is not an array, a definition missing a field.
 */
export function checkPlugin(value: unknown, source: string): MasecPlugin {
  const problems: string[] = [];
  if (!isRecord(value)) {
    problems.push(`the plugin must be an object (got ${describeValue(value)})`);
  } else {
    problems.push(...need(value, 'specVersion', (v) => v === 'v1', "'v1'"), ...need(value, 'name', (v) => typeof v === 'string' && v !== '', 'a non-empty string'));
    for (const section of SECTIONS) {
      const list = value[section];
      if (list === undefined) continue;
      if (!Array.isArray(list)) problems.push(`${section} must be an array (got ${describeValue(list)})`);
      else list.forEach((entry, i) => problems.push(...entryProblems(section, entry, i)));
    }
    const known = new Set<string>(['specVersion', 'name', ...SECTIONS]);
    const unknown = Object.keys(value).filter((key) => !known.has(key));
    if (unknown.length > 0) problems.push(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')} (a plugin has specVersion, name, ${SECTIONS.join(', ')})`);
  }
  if (problems.length > 0) {
    const issues = problems.map((message) => ({ file: source, path: '', message }));
    throw new MasecError('PLUGIN_INVALID', `plugin ${source} is not a valid masec plugin:\n${problems.map((p) => `  ${p}`).join('\n')}`, { issues });
  }
  return value as unknown as MasecPlugin;
}

/**
 * Adds every plugin's definitions to `registries` (in place) and returns them. An id that is already
 * registered (built in, or by an earlier plugin) is PLUGIN_INVALID naming both, and then nothing is added.
 */
export function registerPlugins(registries: PluginRegistries, plugins: readonly MasecPlugin[]): PluginRegistries {
  const builtin = createRegistries();
  const owner = new Map<string, string>();
  const clashes: string[] = [];
  for (const plugin of plugins) {
    for (const section of SECTIONS) {
      for (const entry of (plugin[section] ?? []) as readonly RegistryEntry[]) {
        const key = `${section}:${entry.id}`;
        const earlier = owner.has(key)
          ? `plugin '${owner.get(key) ?? ''}'`
          : builtin[section].has(entry.id)
            ? 'masec (built in)'
            : registries[section].has(entry.id)
              ? 'a plugin loaded before'
              : undefined;
        if (earlier !== undefined) clashes.push(`plugin '${plugin.name}' defines ${SINGULAR[section]} '${entry.id}', which is already registered by ${earlier}`);
        else owner.set(key, plugin.name);
      }
    }
  }
  if (clashes.length > 0) {
    throw new MasecError('PLUGIN_INVALID', clashes.join('\n'), { issues: clashes.map((message) => ({ path: '', message })) });
  }
  for (const plugin of plugins) {
    for (const section of SECTIONS) {
      const registry = registries[section] as unknown as { register(entry: RegistryEntry): unknown };
      for (const entry of (plugin[section] ?? []) as readonly RegistryEntry[]) registry.register(entry);
    }
  }
  return registries;
}
