/**
 * The plugin registries a scenario's ids resolve against, and what a plugin module exports to add its own
 * threats, defenses, policies and metrics (loaded by the runner in every worker, named in a scenario's
 * `plugins` or on the command line).
 */
import { z } from 'zod';
import type { DefenseDefinition } from './guard.js';
import type { MetricDefinition } from './metric.js';
import type { PolicyDefinition } from './policy.js';
import type { Registry } from './registry.js';
import type { ThreatDefinition } from './threat.js';

export interface PluginRegistries {
  threats: Registry<ThreatDefinition<unknown, unknown>>;
  defenses: Registry<DefenseDefinition<unknown>>;
  policies: Registry<PolicyDefinition<unknown>>;
  metrics: Registry<MetricDefinition>;
}

/**
 * What a plugin module exports (as its default export, or as a named export `plugin`): definitions to
 * register next to the built-in ones. Ids must not clash with registered ones.
 */
export interface MasecPlugin {
  readonly specVersion: 'v1';
  /** A name for error messages (the package or file name). */
  readonly name: string;
  readonly threats?: readonly ThreatDefinition<never, never, never>[];
  readonly defenses?: readonly DefenseDefinition<never, never>[];
  readonly policies?: readonly PolicyDefinition<never, never>[];
  readonly metrics?: readonly MetricDefinition[];
}

/** What the JSON Schema of plugin references needs of a definition: its id, description and config schema. */
export interface PluginSchemaEntry {
  readonly id: string;
  readonly description: string;
  readonly configSchema: z.ZodType<unknown>;
}

/** Registries (or anything that lists definitions) whose plugins' configs go into the scenario's JSON Schema. */
export interface PluginSchemaSources {
  threats: { list(): readonly PluginSchemaEntry[] };
  defenses: { list(): readonly PluginSchemaEntry[] };
  policies: { list(): readonly PluginSchemaEntry[] };
}

type JsonObject = Record<string, unknown>;

/** Rewrites every `$ref` in `node`: `#` to `root`, `#/$defs/X` to `#/$defs/<prefix>X`. */
function rewriteRefs(node: unknown, root: string, prefix: string): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteRefs(item, root, prefix));
  if (typeof node !== 'object' || node === null) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') out[key] = value === '#' ? root : value.replace(/^#\/\$defs\//, `#/$defs/${prefix}`);
    else out[key] = rewriteRefs(value, root, prefix);
  }
  return out;
}

/**
 * The JSON Schema (draft 2020-12, input side: defaults optional) of one definition's config, placed to live
 * inside the scenario's schema: definitions it needs move to `defs` under names prefixed with the plugin's.
 */
function configJsonSchema(kind: string, entry: PluginSchemaEntry, defs: JsonObject): JsonObject {
  const own = z.toJSONSchema(entry.configSchema, { io: 'input', target: 'draft-2020-12', unrepresentable: 'any' }) as JsonObject;
  const { $schema: _schema, $defs: nested, ...schema } = own;
  const prefix = `${kind}-${entry.id}-`;
  const root = `#/$defs/${prefix}config`;
  const rewritten = rewriteRefs(schema, root, prefix) as JsonObject;
  for (const [name, def] of Object.entries((nested ?? {}) as JsonObject)) defs[`${prefix}${name}`] = rewriteRefs(def, root, prefix);
  if (JSON.stringify(rewritten).includes(`"${root}"`)) defs[`${prefix}config`] = rewritten;
  return rewritten;
}

/**
 * The JSON Schema of a reference to a plugin of one kind (`{ id, config }`): `id` one of the registered ids,
 * each with its description, and for each id, `config` checked against that plugin's own config schema (an
 * `if`/`then` per id, so editors complete the settings of the plugin the `id` names). A config with
 * required fields is required itself.
 */
export function pluginRefJsonSchema(kind: string, entries: readonly PluginSchemaEntry[], defs: JsonObject): JsonObject {
  const ids = entries.map((entry) => ({ const: entry.id, description: entry.description }));
  return {
    type: 'object',
    properties: {
      id: { type: 'string', description: `a registered ${kind} id (\`masec list\`; plugins add theirs)`, ...(ids.length === 0 ? {} : { anyOf: ids }) },
      config: { type: 'object', default: {}, description: `the ${kind}'s configuration, as its own schema defines it` },
    },
    required: ['id'],
    additionalProperties: false,
    allOf: entries.map((entry) => {
      const config = configJsonSchema(kind, entry, defs);
      const required = Array.isArray(config['required']) && config['required'].length > 0;
      return {
        if: { properties: { id: { const: entry.id } }, required: ['id'] },
        then: { properties: { config }, ...(required ? { required: ['config'] } : {}) },
      };
    }),
  };
}
