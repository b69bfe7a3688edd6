/**
 * Parser for degree-sequence files: one non-negative integer degree per line, node i's on the i-th such
 * line. Blank lines and lines starting with '#' or '%' are skipped; anything after the first field on a
 * line is an error (a degree file has one column), so an edge list given by mistake is caught at line 1.
 */
import { MAX_INT_FIELD, fieldEnd, fieldText, isSkippable, lineError, notANumber, parseDigits, skipSpace, utf8 } from './text-fields.js';

export interface DegreeFileOptions {
  /** Number of degrees the file must hold (the node count). */
  readonly n: number;
  /** Where n came from, for messages (e.g. 'agents.count'). Default 'n'. */
  readonly nSource?: string | undefined;
  /** Scenario field the file was named in, for messages. Default 'topology.degrees.file'. */
  readonly path?: string | undefined;
}

/**
 * Reads exactly `options.n` degrees, each at most n - 1 (a simple graph has no larger degree), summing to
 * an even number (a configuration model pairs stubs). O(bytes) time, 4 bytes per node.
 * @throws MasecError('SCENARIO_INVALID') at `file:line` for a malformed, negative, too large or surplus
 *   degree, and at the file (no line) when it holds fewer than n degrees or their sum is odd.
 */
export function parseDegreeFile(data: Uint8Array | string, file: string, options: DegreeFileOptions): Int32Array {
  const bytes = typeof data === 'string' ? utf8(data) : data;
  const { n } = options;
  const source = options.nSource ?? 'n';
  const path = options.path ?? 'topology.degrees.file';
  const degrees = new Int32Array(n);
  let count = 0;
  let sum = 0;
  let line = 0;
  let pos = 0;
  const len = bytes.length;
  while (pos < len) {
    line++;
    let eol = bytes.indexOf(10, pos);
    if (eol < 0) eol = len;
    let p = skipSpace(bytes, pos, eol);
    pos = eol + 1;
    if (isSkippable(bytes, p, eol)) continue;
    const from = p;
    p = fieldEnd(bytes, p, eol);
    const value = parseDigits(bytes, from, p);
    if (value < 0) throw lineError(file, line, path, notANumber(fieldText(bytes, from, p), 'degree', '', 'degrees are >= 0'));
    if (value > MAX_INT_FIELD || value > n - 1) {
      throw lineError(file, line, path, `degree ${fieldText(bytes, from, p)} is larger than ${source} - 1 = ${n - 1}, the most a node can have`);
    }
    if (skipSpace(bytes, p, eol) !== eol) throw lineError(file, line, path, 'expected one degree per line but found more than one field');
    if (count === n) throw lineError(file, line, path, `more degrees than ${source} (${n}); the file must hold exactly one per agent`);
    degrees[count++] = value;
    sum += value;
  }
  if (count < n) {
    throw lineError(file, undefined, path, `holds ${count} degrees but ${source} is ${n}; the file must hold exactly one per agent`);
  }
  if (sum % 2 === 1) throw lineError(file, undefined, path, `the degrees sum to ${sum}, an odd number; every edge needs two stubs`);
  return degrees;
}
