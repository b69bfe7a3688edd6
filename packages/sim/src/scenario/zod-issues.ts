/**
 * Turning zod issues into readable, path-addressed problems: unknown fields are named (with the valid
 * ones), missing fields say so, bad discriminators list the valid kinds, and range errors show the value.
 */
import type { ScenarioSchema } from '@masec/spec';
import { type PathSegment, toSegments, valueAt } from './yaml-locate.js';

/** A zod issue (typed through the spec's schema so this package needs no direct zod dependency). */
export type ZodIssue = NonNullable<ReturnType<typeof ScenarioSchema.safeParse>['error']>['issues'][number];

/** A problem before it is located in the file. */
export interface RawIssue {
  path: PathSegment[];
  message: string;
  /** Point at the key rather than the value (unknown fields). */
  atKey?: boolean;
  unknownPlugin?: boolean;
}

interface Def {
  type?: unknown;
  [key: string]: unknown;
}

function defOf(schema: unknown): Def | undefined {
  if (typeof schema !== 'object' || schema === null || !('_zod' in schema)) return undefined;
  const internals = (schema as { _zod: unknown })._zod;
  if (typeof internals !== 'object' || internals === null || !('def' in internals)) return undefined;
  return (internals as { def: Def }).def;
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** Strips optional/default/... wrappers (and the input side of pipes). */
function unwrap(schema: unknown): unknown {
  let current = schema;
  for (let def = defOf(current); def !== undefined; def = defOf(current)) {
    if (typeof def.type === 'string' && WRAPPERS.has(def.type)) current = def.innerType;
    else if (def.type === 'pipe') current = def.in;
    else if (def.type === 'lazy' && typeof def.getter === 'function') current = (def.getter as () => unknown)();
    else break;
  }
  return current;
}

function shapeOf(schema: unknown): Record<string, unknown> | undefined {
  const def = defOf(unwrap(schema));
  if (def?.type !== 'object' || typeof def.shape !== 'object' || def.shape === null) return undefined;
  return def.shape as Record<string, unknown>;
}

/** For a union, the object option matching the data's discriminator (or the only object option). */
function pickOption(def: Def, data: unknown): unknown {
  const options = Array.isArray(def.options) ? (def.options as unknown[]) : [];
  const discriminator = def.discriminator;
  if (typeof discriminator === 'string' && typeof data === 'object' && data !== null) {
    const value = (data as Record<string, unknown>)[discriminator];
    return options.find((option) => {
      const literal = defOf(unwrap(shapeOf(option)?.[discriminator]));
      return Array.isArray(literal?.values) && literal.values.includes(value);
    });
  }
  const objects = options.filter((option) => shapeOf(option) !== undefined);
  return objects.length === 1 ? objects[0] : undefined;
}

/** The object schema that describes `data` at `path`, resolving arrays, records and unions. */
function objectSchemaAt(schema: unknown, path: readonly PathSegment[], data: unknown): unknown {
  let current = schema;
  for (let i = 0; i <= path.length; i++) {
    const def = defOf(unwrap(current));
    if (def === undefined) return undefined;
    if (def.type === 'union') {
      current = pickOption(def, valueAt(data, path.slice(0, i)));
      i--;
      if (current === undefined) return undefined;
      continue;
    }
    if (i === path.length) return def.type === 'object' ? current : undefined;
    const segment = path[i] as PathSegment;
    if (def.type === 'object') current = shapeOf(current)?.[String(segment)];
    else if (def.type === 'array') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else return undefined;
  }
  return undefined;
}

/** Field names the schema accepts at `path` (for "valid fields: ..."), when they can be determined. */
export function fieldsAt(schema: unknown, path: readonly PathSegment[], data: unknown): string[] | undefined {
  const shape = shapeOf(objectSchemaAt(schema, path, data));
  return shape === undefined ? undefined : Object.keys(shape);
}

function show(value: unknown): string | undefined {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return undefined;
}

const SHOWS_VALUE = new Set(['too_small', 'too_big', 'not_multiple_of', 'invalid_format', 'invalid_value']);

/**
 * Converts zod issues for `data` (validated against `schema`) to raw issues whose paths are prefixed
 * with `prefix` (where `data` sits inside the scenario, e.g. `['defenses', 0, 'config']`).
 */
export function fromZodIssues(
  issues: readonly ZodIssue[],
  options: { schema: unknown; data: unknown; prefix?: readonly PathSegment[] },
): RawIssue[] {
  const prefix = options.prefix ?? [];
  const out: RawIssue[] = [];
  for (const issue of issues) {
    const local = toSegments(issue.path);
    const path = [...prefix, ...local];
    const value = valueAt(options.data, local);
    const last = local[local.length - 1];
    if (issue.code === 'unrecognized_keys') {
      const valid = fieldsAt(options.schema, local, options.data);
      const hint = valid === undefined || valid.length === 0 ? '' : `; valid fields: ${valid.join(', ')}`;
      for (const key of issue.keys) out.push({ path: [...path, key], message: `unknown field '${key}'${hint}`, atKey: true });
      continue;
    }
    if (issue.code === 'invalid_union' && typeof issue.discriminator === 'string' && 'options' in issue && issue.options !== undefined) {
      const valid = `valid ${issue.discriminator}s: ${issue.options.map(String).join(', ')}`;
      const message =
        value === undefined
          ? `missing required field '${issue.discriminator}'; ${valid}`
          : `unknown ${issue.discriminator} ${show(value) ?? JSON.stringify(value)}; ${valid}`;
      out.push({ path, message });
      continue;
    }
    if (issue.code === 'invalid_type' && value === undefined && last !== undefined) {
      const parent = valueAt(options.data, local.slice(0, -1));
      if (typeof parent === 'object' && parent !== null) {
        const what = typeof last === 'number' ? `item [${last}]` : `field '${last}'`;
        out.push({ path, message: `missing required ${what} (expected ${issue.expected})` });
        continue;
      }
    }
    const shown = SHOWS_VALUE.has(issue.code) ? show(value) : undefined;
    out.push({ path, message: shown === undefined ? issue.message : `${issue.message} (got ${shown})` });
  }
  return out;
}
