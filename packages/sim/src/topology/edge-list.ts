/**
 * Parser for plain-text edge lists: one "u v" pair of non-negative integer node ids per line, separated by
 * spaces or tabs. Blank lines and lines starting with '#' or '%' (SNAP / KONECT style) are skipped; columns
 * after the second (weights, timestamps) are ignored.
 */
import { MasecError, formatIssue } from '@masec/spec';
import { EdgeBuffer } from './builder.js';
import type { CsrGraph } from './csr.js';

/** Largest node id an Int32Array can hold. */
const MAX_ID = 2147483646;

export interface EdgeListOptions {
  /** Store each line as the arc u → v only (default: undirected, both directions). */
  readonly directed: boolean;
  /** Node count; ids must then be < n. When omitted, n = largest id + 1. */
  readonly n?: number | undefined;
  /** Where n came from, for the out-of-range message (e.g. 'agents.count'). Default 'n'. */
  readonly nSource?: string | undefined;
}

export interface ParsedEdgeList {
  readonly graph: CsrGraph;
  readonly n: number;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 11 || c === 12; // space, \t, \r, \v, \f
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Parses an edge list into a CSR graph (self-loops and repeated edges dropped, see `buildCsr`).
 * O(length of text + n + m), scanning character codes without splitting the text into per-line strings.
 * @param file name used in error messages (as the user wrote it).
 * @throws MasecError('SCENARIO_INVALID') naming the 1-based line of the first malformed line: a missing
 *   column, a non-integer or negative id, or an id >= `options.n`.
 */
export function parseEdgeList(text: string, file: string, options: EdgeListOptions): ParsedEdgeList {
  const limit = options.n;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw new RangeError(`parseEdgeList: n must be a non-negative integer, got ${limit}`);
  }
  const fail = (line: number, message: string): never => {
    const issue = { file, line, path: 'topology.file', message };
    throw new MasecError('SCENARIO_INVALID', formatIssue(issue), { issues: [issue] });
  };

  const buf = new EdgeBuffer(Math.max(16, text.length / 8));
  let maxId = -1;
  let line = 0;
  let pos = 0;
  const len = text.length;
  const ids = [0, 0];
  while (pos < len) {
    line++;
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = len;
    let p = pos;
    pos = eol + 1;
    while (p < eol && isSpace(text.charCodeAt(p))) p++;
    if (p === eol) continue; // blank
    const first = text.charCodeAt(p);
    if (first === 35 || first === 37) continue; // '#' or '%'

    for (let col = 0; col < 2; col++) {
      while (p < eol && isSpace(text.charCodeAt(p))) p++;
      if (p === eol) {
        fail(line, `expected two node ids "u v" but found ${col === 0 ? 'none' : 'only one'}`);
      }
      const start = p;
      while (p < eol && !isSpace(text.charCodeAt(p))) p++;
      const token = text.slice(start, p);
      let value = 0;
      let digits = true;
      for (let i = 0; i < token.length; i++) {
        const c = token.charCodeAt(i);
        if (!isDigit(c)) {
          digits = false;
          break;
        }
        value = value * 10 + (c - 48);
      }
      const where = `column ${col + 1}`;
      if (!digits) {
        if (/^-\d+$/.test(token)) fail(line, `${where}: node id ${token} is negative; ids start at 0`);
        fail(line, `${where}: "${token}" is not an integer node id`);
      }
      if (value > MAX_ID) fail(line, `${where}: node id ${token} is too large (maximum ${MAX_ID})`);
      if (limit !== undefined && value >= limit) {
        const source = options.nSource ?? 'n';
        fail(line, `${where}: node id ${value} is out of range; ${source} is ${limit}, so ids must be 0..${limit - 1}`);
      }
      ids[col] = value;
      if (value > maxId) maxId = value;
    }
    buf.push(ids[0] as number, ids[1] as number);
  }
  const n = limit ?? maxId + 1;
  return { graph: buf.toCsr(n, options.directed), n };
}
