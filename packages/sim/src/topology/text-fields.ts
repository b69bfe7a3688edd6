/**
 * Byte-level helpers shared by the plain-text graph formats (edge lists, degree files): they read ASCII
 * fields straight from a Uint8Array, so a file of 10^8 lines never becomes a JavaScript string.
 */
import { MasecError, formatIssue } from '@masec/spec';

/** Largest node id or degree an Int32Array can hold. */
export const MAX_INT_FIELD = 2147483646;

// The WHATWG encoders exist in every runtime this package targets (Node, browsers, Deno); declared here
// because the package compiles without DOM or Node typings.
declare const TextEncoder: new () => { encode(text: string): Uint8Array };
declare const TextDecoder: new () => { decode(bytes: Uint8Array): string };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The text of UTF-8 `bytes` (malformed sequences become U+FFFD). O(length). */
export function utf8Text(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** UTF-8 bytes of `text`. O(length). */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 11 || c === 12; // space, \t, \r, \v, \f
}

/** Index of the first non-space byte in `bytes[p..end)`, or `end`. */
export function skipSpace(bytes: Uint8Array, p: number, end: number): number {
  while (p < end && isSpace(bytes[p] as number)) p++;
  return p;
}

/** Index just past the field starting at `p` (the next space or `end`). */
export function fieldEnd(bytes: Uint8Array, p: number, end: number): number {
  while (p < end && !isSpace(bytes[p] as number)) p++;
  return p;
}

/** True for a blank line or a comment line ('#' or '%' first, SNAP / KONECT style); `p` is the first non-space. */
export function isSkippable(bytes: Uint8Array, p: number, end: number): boolean {
  if (p === end) return true;
  const c = bytes[p] as number;
  return c === 35 || c === 37;
}

/** The decimal value of `bytes[start..end)`, or -1 when it is not all digits. Large values lose precision. */
export function parseDigits(bytes: Uint8Array, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = (bytes[i] as number) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** The field's text, for error messages. */
export function fieldText(bytes: Uint8Array, start: number, end: number): string {
  return decoder.decode(bytes.subarray(start, end));
}

/** A SCENARIO_INVALID error located at `file:line` (or the whole file) and the scenario field `path`. */
export function lineError(file: string, line: number | undefined, path: string, message: string): MasecError {
  const issue = line === undefined ? { file, path, message } : { file, line, path, message };
  return new MasecError('SCENARIO_INVALID', formatIssue(issue), { issues: [issue] });
}

/**
 * Explains why a field that is not a plain non-negative integer was rejected: negative, or not an integer.
 * `what` names the value ("node id", "degree"), `where` prefixes the message (e.g. "column 2: ").
 */
export function notANumber(token: string, what: string, where: string, origin: string): string {
  if (/^-\d+$/.test(token)) return `${where}${what} ${token} is negative; ${origin}`;
  return `${where}"${token}" is not an integer ${what}`;
}
