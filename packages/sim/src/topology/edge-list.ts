/**
 * Parser for plain-text edge lists: one "u v" pair of non-negative integer node ids per line, separated by
 * spaces or tabs. Blank lines and lines starting with '#' or '%' (SNAP / KONECT style) are skipped; columns
 * after the second (weights, timestamps) are ignored.
 *
 * The parser reads bytes, not strings: a file of 10^8 edges (~1.5 GB of text) does not fit in one
 * JavaScript string, so {@link parseEdgeListBytes} takes a Uint8Array and {@link EdgeListParser} takes the
 * file in chunks of any size (lines may straddle chunks). {@link parseEdgeList} keeps the string API.
 */
import { EdgeBuffer } from './builder.js';
import type { CsrGraph } from './csr.js';
import { MAX_INT_FIELD, fieldEnd, fieldText, isSkippable, lineError, notANumber, parseDigits, skipSpace, utf8 } from './text-fields.js';

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

/** Edges buffered before the first block fills, per byte of input (a line is at least 4 bytes). */
const EDGES_PER_BYTE_GUESS = 1 / 8;

/**
 * Incremental edge-list parser: `push` chunks of the file in order, then `finish`. Memory: 8 bytes per edge
 * while parsing (in blocks, never copied), then the CSR arrays; a line split across chunks is carried over.
 * Errors name the 1-based line of the first malformed line: a missing column, a non-integer or negative
 * id, or an id >= `options.n` (MasecError 'SCENARIO_INVALID', path 'topology.file').
 */
export class EdgeListParser {
  readonly #file: string;
  readonly #options: EdgeListOptions;
  readonly #edges: EdgeBuffer;
  #carry: Uint8Array = new Uint8Array(0);
  #line = 0;
  #maxId = -1;
  #u = 0;
  #v = 0;

  /** @param file name used in error messages (as the user wrote it). */
  constructor(file: string, options: EdgeListOptions, expectedBytes = 0) {
    const limit = options.n;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
      throw new RangeError(`parseEdgeList: n must be a non-negative integer, got ${limit}`);
    }
    this.#file = file;
    this.#options = options;
    this.#edges = new EdgeBuffer(expectedBytes * EDGES_PER_BYTE_GUESS);
  }

  /** Parses every complete line of `chunk` (with the carried-over start of its first line). O(chunk length). */
  push(chunk: Uint8Array): void {
    let pos = 0;
    if (this.#carry.length > 0) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.#carry = concat(this.#carry, chunk);
        return;
      }
      const line = concat(this.#carry, chunk.subarray(0, nl));
      this.#carry = new Uint8Array(0);
      this.#parseLine(line, 0, line.length);
      pos = nl + 1;
    }
    const len = chunk.length;
    while (pos < len) {
      const nl = chunk.indexOf(10, pos);
      if (nl < 0) {
        this.#carry = chunk.slice(pos);
        return;
      }
      this.#parseLine(chunk, pos, nl);
      pos = nl + 1;
    }
  }

  /** Parses the last line (if it had no newline) and builds the graph (see `buildCsr`). */
  finish(): ParsedEdgeList {
    if (this.#carry.length > 0) {
      const last = this.#carry;
      this.#carry = new Uint8Array(0);
      this.#parseLine(last, 0, last.length);
    }
    const n = this.#options.n ?? this.#maxId + 1;
    return { graph: this.#edges.toCsr(n, this.#options.directed), n };
  }

  #parseLine(bytes: Uint8Array, start: number, end: number): void {
    this.#line++;
    let p = skipSpace(bytes, start, end);
    if (isSkippable(bytes, p, end)) return;
    for (let col = 0; col < 2; col++) {
      p = skipSpace(bytes, p, end);
      if (p === end) this.#fail(`expected two node ids "u v" but found ${col === 0 ? 'none' : 'only one'}`);
      const from = p;
      p = fieldEnd(bytes, p, end);
      const value = parseDigits(bytes, from, p);
      const where = `column ${col + 1}: `;
      if (value < 0) this.#fail(notANumber(fieldText(bytes, from, p), 'node id', where, 'ids start at 0'));
      if (value > MAX_INT_FIELD) {
        this.#fail(`${where}node id ${fieldText(bytes, from, p)} is too large (maximum ${MAX_INT_FIELD})`);
      }
      const limit = this.#options.n;
      if (limit !== undefined && value >= limit) {
        const source = this.#options.nSource ?? 'n';
        this.#fail(`${where}node id ${value} is out of range; ${source} is ${limit}, so ids must be 0..${limit - 1}`);
      }
      if (value > this.#maxId) this.#maxId = value;
      if (col === 0) this.#u = value;
      else this.#v = value;
    }
    this.#edges.push(this.#u, this.#v);
  }

  #fail(message: string): never {
    throw lineError(this.#file, this.#line, 'topology.file', message);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * Parses an edge list held as bytes (ASCII / UTF-8) into a CSR graph (self-loops and repeated edges
 * dropped, see `buildCsr`). O(bytes + n + m), scanning bytes without building per-line strings.
 * @param file name used in error messages (as the user wrote it).
 * @throws MasecError('SCENARIO_INVALID') naming the 1-based line of the first malformed line.
 */
export function parseEdgeListBytes(bytes: Uint8Array, file: string, options: EdgeListOptions): ParsedEdgeList {
  const parser = new EdgeListParser(file, options, bytes.length);
  parser.push(bytes);
  return parser.finish();
}

/**
 * {@link parseEdgeListBytes} for text already in a string (encoded to UTF-8 first; the string API cannot
 * hold files much past 10^8 characters, so prefer the byte or chunked API for large files).
 */
export function parseEdgeList(text: string, file: string, options: EdgeListOptions): ParsedEdgeList {
  return parseEdgeListBytes(utf8(text), file, options);
}
