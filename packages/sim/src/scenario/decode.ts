/**
 * Scenario files are UTF-8 text. Bytes in another encoding are refused with the reason and the position of
 * the first byte that is not UTF-8, rather than decoded with replacement characters (which would turn
 * `café` into `caf�` and fail later, or silently, on a field that no longer says what the author wrote).
 */
import { MasecError } from '@masec/spec';
import { utf8Text } from '../topology/text-fields.js';
import { MAX_SCENARIO_BYTES } from './limits.js';

const BOMS: readonly { name: string; bytes: readonly number[] }[] = [
  // UTF-32 first: its little-endian mark starts with UTF-16's.
  { name: 'UTF-32 little-endian', bytes: [0xff, 0xfe, 0x00, 0x00] },
  { name: 'UTF-32 big-endian', bytes: [0x00, 0x00, 0xfe, 0xff] },
  { name: 'UTF-16 little-endian', bytes: [0xff, 0xfe] },
  { name: 'UTF-16 big-endian', bytes: [0xfe, 0xff] },
];
const UTF8_BOM = [0xef, 0xbb, 0xbf];

const startsWith = (data: Uint8Array, prefix: readonly number[]): boolean => prefix.every((b, i) => data[i] === b);

/**
 * Offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1. A lead byte whose
 * sequence is cut short or malformed is the offset returned (`lead: true`).
 */
export function firstInvalidUtf8(data: Uint8Array): { offset: number; lead: boolean } | undefined {
  let i = 0;
  while (i < data.length) {
    const b = data[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    // Lead byte: the sequence length and the range of the second byte (no overlongs, surrogates or > U+10FFFF).
    let length: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return { offset: i, lead: false };
    for (let k = 1; k < length; k++) {
      const c = data[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return { offset: i, lead: true };
    }
    i += length;
  }
  return undefined;
}

/** 1-based line and column (in characters, as YAML positions are) of byte `offset`, whose prefix is UTF-8. */
function position(data: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (data[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: utf8Text(data.subarray(lineStart, offset)).length + 1 };
}

function refuse(file: string, message: string, at?: { line: number; column: number }): MasecError {
  const issue = { file, ...at, path: '', message };
  const where = at === undefined ? file : `${file}:${at.line}:${at.column}`;
  return new MasecError('SCENARIO_INVALID', `${where}: ${message}`, { issues: [issue] });
}

/** The problem with a file of `bytes` bytes, if it is larger than `MAX_SCENARIO_BYTES`: `what` names the kind of file. */
export function fileSizeProblem(bytes: number, what = 'a scenario file'): string | undefined {
  if (bytes <= MAX_SCENARIO_BYTES) return undefined;
  return `the file is ${bytes.toLocaleString('en-US')} bytes; ${what} holds at most ${MAX_SCENARIO_BYTES.toLocaleString('en-US')} (1 MiB)`;
}

const hex = (b: number): string => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * The text of a scenario file's bytes (or of another small UTF-8 file: `what` names its kind in messages,
 * e.g. `a calibration file`). Throws `SCENARIO_INVALID` naming `file` for more than
 * `MAX_SCENARIO_BYTES` bytes, a UTF-16 or UTF-32 byte-order mark, a NUL byte, or bytes that are not UTF-8
 * (with the line and column of the first). A UTF-8 byte-order mark is dropped.
 */
export function decodeScenarioBytes(data: Uint8Array, file: string, what = 'a scenario file'): string {
  const tooLarge = fileSizeProblem(data.length, what);
  if (tooLarge !== undefined) throw refuse(file, tooLarge);
  for (const bom of BOMS) {
    if (startsWith(data, bom.bytes)) throw refuse(file, `the file is ${bom.name} text (it starts with a byte-order mark); save it as UTF-8`);
  }
  const body = startsWith(data, UTF8_BOM) ? data.subarray(UTF8_BOM.length) : data;
  const nul = body.indexOf(0);
  if (nul >= 0) throw refuse(file, 'the file holds a NUL byte: it is binary, or UTF-16 or UTF-32 text, not UTF-8 YAML', position(body, nul));
  const bad = firstInvalidUtf8(body);
  if (bad !== undefined) {
    const byte = hex(body[bad.offset] as number);
    const what = bad.lead ? `byte ${byte} starts no well-formed UTF-8 character` : `byte ${byte} cannot start a UTF-8 character`;
    throw refuse(file, `the file is not UTF-8 text: ${what} (Latin-1 or another 8-bit encoding?); save it as UTF-8`, position(body, bad.offset));
  }
  return utf8Text(body);
}
