/**
 * Mapping field paths (as zod reports them) back to nodes of a parsed YAML document, so that every
 * problem in a scenario file can be reported with a 1-based line and column.
 */
import { type Document, type LineCounter, isAlias, isMap, isNode, isScalar, isSeq } from 'yaml';

/** One step of a field path: an object key or an array index. */
export type PathSegment = string | number;

/** `threats[0].config.susceptibility` from `['threats', 0, 'config', 'susceptibility']`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** Zod paths may hold symbols in theory; scenario paths never do, but keep the conversion total. */
export function toSegments(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
}

/** Whether `prefix` is a (non-strict) prefix of `path`. */
export function isPathPrefix(prefix: readonly PathSegment[], path: readonly PathSegment[]): boolean {
  if (prefix.length > path.length) return false;
  return prefix.every((segment, i) => String(segment) === String(path[i]));
}

/** Value at `path` inside plain data (`undefined` when any step is missing). */
export function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let current = data;
  for (const segment of path) {
    if (Array.isArray(current)) {
      current = typeof segment === 'number' ? current[segment] : undefined;
    } else if (typeof current === 'object' && current !== null) {
      const record = current as Record<string, unknown>;
      current = Object.prototype.hasOwnProperty.call(record, segment) ? record[String(segment)] : undefined;
    } else {
      return undefined;
    }
  }
  return current;
}

/** Text of a map key, whether it is a parsed scalar node or a plain value added by `--set`. */
export function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

/** Follows an alias to the node it names; other values are returned unchanged. */
export function deref(doc: Document, value: unknown): unknown {
  return isAlias(value) ? value.resolve(doc) : value;
}

export interface Located {
  /** Whether every step of the path exists in the document. */
  found: boolean;
  /** The deepest existing node along the path (the target itself when `found`). */
  node: unknown;
  /** The key node of the map entry holding `node`, when `node` is a map value. */
  key: unknown;
}

/** Each mapping's pairs by key text, built on first use: locating many fields of one wide mapping stays linear. */
export type KeyIndex = WeakMap<object, Map<string, { key: unknown; value: unknown }>>;

function pairByKey(map: { items: readonly { key: unknown; value: unknown }[] }, key: string, index: KeyIndex | undefined): { key: unknown; value: unknown } | undefined {
  if (index === undefined) return map.items.find((p) => keyText(p.key) === key);
  let keys = index.get(map);
  if (keys === undefined) {
    keys = new Map();
    // The first pair with a key wins, as in `find`.
    for (const pair of map.items) if (!keys.has(keyText(pair.key))) keys.set(keyText(pair.key), pair);
    index.set(map, keys);
  }
  return keys.get(key);
}

/**
 * Walks `path` through the document, stopping at the deepest node that exists. Pass the same `index` to
 * many calls on a document that no longer changes, so that each mapping's keys are looked up in a map.
 */
export function locate(doc: Document, path: readonly PathSegment[], index?: KeyIndex): Located {
  let node: unknown = doc.contents;
  let key: unknown = undefined;
  for (const segment of path) {
    const current = deref(doc, node);
    let next: { node: unknown; key: unknown } | undefined;
    if (isMap(current)) {
      const pair = pairByKey(current, String(segment), index);
      if (pair !== undefined) next = { node: pair.value, key: pair.key };
    } else if (isSeq(current)) {
      const index = typeof segment === 'number' ? segment : Number(segment);
      if (Number.isInteger(index) && index >= 0 && index < current.items.length) {
        next = { node: current.items[index], key: undefined };
      }
    }
    if (next === undefined) return { found: false, node, key };
    node = next.node;
    key = next.key;
  }
  return { found: true, node, key };
}

function startOffset(value: unknown): number | undefined {
  return isNode(value) ? value.range?.[0] : undefined;
}

export interface Position {
  line: number;
  column: number;
}

/**
 * Line and column of a located path. A found value points at the value itself (or at its key when
 * `preferKey`, e.g. for an unknown field); a missing field points at the key of its nearest existing
 * ancestor, which is where a reader would add it. `undefined` when the node has no source range,
 * i.e. it was created by a `--set` override rather than read from the file.
 */
export function positionOf(located: Located, lineCounter: LineCounter, preferKey = false): Position | undefined {
  const keyStart = startOffset(located.key);
  const nodeStart = startOffset(located.node);
  let offset: number | undefined;
  if (located.found && !preferKey) offset = located.node === null || located.node === undefined ? keyStart : nodeStart;
  else offset = keyStart ?? nodeStart;
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}
