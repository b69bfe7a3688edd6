/**
 * `--set path=value` overrides, applied to the parsed YAML document before validation.
 * The path is dotted with optional `[i]` indices (`defenses[1].config.threshold`); the value is read
 * as a YAML flow value, so `200`, `true`, `0.7`, `[classic, stealth]` and `{k: 2}` all work.
 */
import { type Document, type Node, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { MasecError } from '@masec/spec';
import { scanYaml, sizeProblem } from './limits.js';
import { type PathSegment, deref, formatPath, keyText } from './yaml-locate.js';

export interface SetOverride {
  /** The override as given, e.g. `agents.count=200`. */
  text: string;
  path: PathSegment[];
  /** The path as given (trimmed). */
  pathText: string;
  value: unknown;
}

/** An override as shown in messages: long ones (a list of thousands of values) cut to 60 characters. */
export function shorten(text: string): string {
  return text.length <= 60 ? text : `${text.slice(0, 59)}…`;
}

function usage(pathText: string, text: string, problem: string): MasecError {
  return new MasecError('USAGE', `invalid --set '${text}': ${problem}`, {
    issues: [{ file: '--set', path: pathText, message: problem }],
  });
}

const NAME = /^[^.[\]=\s]+/;
const INDEX = /^\[(\d+)\]/;

/** Splits `a.b[1].c` into `['a', 'b', 1, 'c']`; throws USAGE on a malformed path. */
export function parseSetPath(pathText: string, text = pathText): PathSegment[] {
  if (pathText === '') throw usage(pathText, text, 'empty path; expected path=value, e.g. agents.count=200');
  const segments: PathSegment[] = [];
  let rest = pathText;
  for (;;) {
    const name = NAME.exec(rest);
    if (name === null) {
      const problem = rest.startsWith('[')
        ? `a path must start with a field name, not an index (at '${rest}')`
        : `expected a field name at '${rest === '' ? '(end)' : rest}'`;
      throw usage(pathText, text, problem);
    }
    segments.push(name[0]);
    rest = rest.slice(name[0].length);
    for (let index = INDEX.exec(rest); index !== null; index = INDEX.exec(rest)) {
      segments.push(Number(index[1]));
      rest = rest.slice(index[0].length);
    }
    if (rest === '') return segments;
    if (!rest.startsWith('.')) throw usage(pathText, text, `unexpected '${rest}' in path; use a.b[0].c`);
    rest = rest.slice(1);
  }
}

/** Parses one `path=value` override without applying it. */
export function parseSetExpression(text: string): SetOverride {
  const eq = text.indexOf('=');
  if (eq < 0) throw usage(text.trim(), text, "expected path=value, e.g. agents.count=200 (no '=' found)");
  const pathText = text.slice(0, eq).trim();
  const path = parseSetPath(pathText, text);
  const valueText = text.slice(eq + 1);
  const tooLarge = sizeProblem(valueText.length, 'the value') ?? scanYaml(valueText).problem?.message;
  if (tooLarge !== undefined) throw usage(pathText, shorten(text), tooLarge);
  const valueDoc = parseDocument(valueText);
  const error = valueDoc.errors[0];
  if (error !== undefined) {
    throw usage(pathText, text, `value is not valid YAML: ${error.message.split('\n')[0] ?? error.message}`);
  }
  return { text, path, pathText, value: valueDoc.toJS() as unknown };
}

function describe(value: unknown): string {
  if (isSeq(value)) return 'a list';
  if (isMap(value)) return 'a mapping';
  if (isScalar(value)) return `the scalar ${JSON.stringify(value.value)}`;
  return 'a non-container value';
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (isScalar(value) && value.value === null);
}

/**
 * Applies one override to the document in place, creating missing mappings (and list items at the
 * end of a list) on the way. Nodes it creates have no source range, which is how later validation
 * problems in them are attributed to `--set`. Throws USAGE when the path indexes into a non-list,
 * names a field of a non-mapping, or skips past the end of a list.
 */
export function applySetOverride(doc: Document, override: SetOverride): void {
  const { path, pathText, text } = override;
  if (isEmpty(doc.contents)) doc.contents = doc.createNode({}) as Node;
  let parent: unknown = doc.contents;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i] as PathSegment;
    const last = i === path.length - 1;
    const where = i === 0 ? 'the document root' : formatPath(path.slice(0, i));
    const container = deref(doc, parent);
    const fresh = (): Node => {
      if (last) return doc.createNode(override.value) as Node;
      return doc.createNode(typeof path[i + 1] === 'number' ? [] : {}) as Node;
    };
    if (typeof segment === 'number') {
      if (!isSeq(container)) throw usage(pathText, text, `cannot index [${segment}] into ${where}: it is ${describe(container)}`);
      const length = container.items.length;
      if (segment > length) {
        throw usage(pathText, text, `index [${segment}] is out of range: ${where} has ${length} item${length === 1 ? '' : 's'}`);
      }
      const existing = container.items[segment];
      if (last || segment === length || isEmpty(existing)) container.items[segment] = fresh();
      parent = container.items[segment];
    } else {
      if (!isMap(container)) throw usage(pathText, text, `cannot set field '${segment}' in ${where}: it is ${describe(container)}`);
      const pair = container.items.find((p) => keyText(p.key) === segment);
      if (pair === undefined) {
        const node = fresh();
        container.items.push(doc.createPair(segment, node));
        parent = node;
      } else {
        if (last || isEmpty(pair.value)) pair.value = fresh();
        parent = pair.value;
      }
    }
  }
}

/** Parses and applies one `path=value` override; returns what was set (for attributing errors). */
export function applySet(doc: Document, text: string): SetOverride {
  const override = parseSetExpression(text);
  applySetOverride(doc, override);
  return override;
}
