/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the one place masec turns a JSON value into the bytes a
 * signature covers — agent cards, signed messages, envelopes in the lab, capability tokens' caveats.
 *
 * - Object members are sorted by their names as sequences of UTF-16 code units (JavaScript's own string
 *   order), arrays keep their order, no whitespace.
 * - Numbers are written as ECMAScript's Number::toString writes them (what `JSON.stringify` does for a
 *   finite number; `-0` becomes `0`); NaN and ±Infinity have no JSON form and are refused.
 * - Strings are written with the mandatory escapes only (quote, backslash, controls below U+0020) and
 *   everything else as literal UTF-8; a lone surrogate has no UTF-8 form and is refused.
 * - Bounded: nesting past `maxDepth` and output past `maxLength` are refused, so a hostile value cannot
 *   exhaust the stack or memory (and a cycle is refused as too deep).
 *
 * Refusals are `CanonicalJsonError`s naming the JSON path of the offending value.
 */

export interface CanonicalJsonOptions {
  /** Deepest nesting of arrays and objects accepted (default 64). */
  maxDepth?: number;
  /** Longest output accepted, in UTF-16 code units (default 4 MiB). */
  maxLength?: number;
}

export const CANONICAL_JSON_LIMITS = { maxDepth: 64, maxLength: 4 * 1024 * 1024 } as const;

/** A value with no canonical JSON form, and where it is (`$.skills[2].name`). */
export class CanonicalJsonError extends Error {
  readonly code = 'CANONICAL_JSON_INVALID';
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'CanonicalJsonError';
    this.path = path;
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `text` is well-formed UTF-16 (no unpaired surrogate), i.e. has a UTF-8 encoding. */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

function member(path: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function writeString(text: string, path: string): string {
  if (!isWellFormedText(text)) throw new CanonicalJsonError(path, 'a string with an unpaired surrogate has no UTF-8 form');
  // For well-formed strings JSON.stringify writes exactly RFC 8785's form (ES2019 well-formed stringify).
  return JSON.stringify(text);
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The canonical JSON text of `value` (RFC 8785). Object members whose value is `undefined` are left out, as
 * `JSON.stringify` leaves them out; anything else without a JSON form (functions, symbols, bigints, class
 * instances, `undefined` in an array, NaN, Infinity) is refused with its path.
 */
export function canonicalJson(value: unknown, options: CanonicalJsonOptions = {}): string {
  const maxDepth = options.maxDepth ?? CANONICAL_JSON_LIMITS.maxDepth;
  const maxLength = options.maxLength ?? CANONICAL_JSON_LIMITS.maxLength;
  const out: string[] = [];
  let length = 0;
  const push = (chunk: string, path: string): void => {
    length += chunk.length;
    if (length > maxLength) throw new CanonicalJsonError(path, `canonical form longer than ${maxLength} characters`);
    out.push(chunk);
  };

  const write = (v: unknown, path: string, depth: number): void => {
    if (v === null) return push('null', path);
    switch (typeof v) {
      case 'boolean':
        return push(v ? 'true' : 'false', path);
      case 'number':
        if (!Number.isFinite(v)) throw new CanonicalJsonError(path, `${v} is not a JSON number`);
        return push(JSON.stringify(v), path);
      case 'string':
        return push(writeString(v, path), path);
      case 'object':
        break;
      default:
        throw new CanonicalJsonError(path, `a ${typeof v} has no JSON form`);
    }
    if (depth >= maxDepth) throw new CanonicalJsonError(path, `nested deeper than ${maxDepth} levels`);
    if (Array.isArray(v)) {
      push('[', path);
      for (let i = 0; i < v.length; i++) {
        if (i > 0) push(',', path);
        const item: unknown = v[i];
        if (item === undefined) throw new CanonicalJsonError(`${path}[${i}]`, 'undefined has no JSON form');
        write(item, `${path}[${i}]`, depth + 1);
      }
      return push(']', path);
    }
    const obj = v as Record<string, unknown>;
    if (!isPlainObject(obj)) throw new CanonicalJsonError(path, `a ${(obj.constructor as { name?: string } | undefined)?.name ?? 'class'} instance is not plain JSON`);
    const keys = Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort();
    push('{', path);
    keys.forEach((key, i) => {
      const at = member(path, key);
      if (i > 0) push(',', at);
      push(writeString(key, at), at);
      push(':', at);
      write(obj[key], at, depth + 1);
    });
    push('}', path);
  };

  write(value, '$', 0);
  return out.join('');
}

/** The canonical form as UTF-8 bytes (what a signature covers). */
export function canonicalBytes(value: unknown, options?: CanonicalJsonOptions): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value, options));
}

declare const TextEncoder: new () => { encode(text: string): Uint8Array };
