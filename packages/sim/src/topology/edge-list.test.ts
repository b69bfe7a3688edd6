import { MasecError } from '@masec/spec';
import { describe, expect, it } from 'vitest';
import { checkCsr, edgeCount } from './csr-check.js';
import { neighborsOf } from './csr.js';
import { parseEdgeList } from './edge-list.js';

function parseError(text: string, n?: number): MasecError {
  try {
    parseEdgeList(text, 'net.txt', { directed: false, n });
  } catch (error) {
    expect(error).toBeInstanceOf(MasecError);
    return error as MasecError;
  }
  throw new Error('expected parseEdgeList to throw');
}

describe('parseEdgeList', () => {
  it('parses pairs, skipping blank lines and # / % comments', () => {
    const text = '# a comment\n% konect header\n\n0 1\n  1\t2  \r\n\n2 0 0.5 1234\n   # indented comment\n3 3\n1 0\n';
    const { graph, n } = parseEdgeList(text, 'net.txt', { directed: false });
    expect(n).toBe(4); // max id + 1
    expect(checkCsr(graph)).toBeUndefined();
    expect(edgeCount(graph)).toBe(3); // self-loop 3-3 and repeated 1-0 dropped
    expect(Array.from(neighborsOf(graph, 0))).toEqual([1, 2]);
    expect(Array.from(neighborsOf(graph, 3))).toEqual([]);
  });

  it('builds directed graphs and honours a given n', () => {
    const { graph, n } = parseEdgeList('0 1\n1 2', 'net.txt', { directed: true, n: 5 });
    expect(n).toBe(5);
    expect(graph.directed).toBe(true);
    expect(Array.from(graph.offsets)).toEqual([0, 1, 2, 2, 2, 2]);
    expect(Array.from(graph.neighbors)).toEqual([1, 2]);
  });

  it('accepts an empty file', () => {
    expect(parseEdgeList('# nothing\n', 'net.txt', { directed: false }).n).toBe(0);
    expect(parseEdgeList('', 'net.txt', { directed: false, n: 3 }).graph.offsets.length).toBe(4);
  });

  it('reports a missing column with its line number', () => {
    const error = parseError('0 1\n# c\n2\n');
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.issues).toEqual([
      { file: 'net.txt', line: 3, path: 'topology.file', message: 'expected two node ids "u v" but found only one' },
    ]);
    expect(error.message).toBe('net.txt:3: topology.file: expected two node ids "u v" but found only one');
  });

  it('reports non-integer ids', () => {
    expect(parseError('0 1\n1 2.5\n').message).toBe('net.txt:2: topology.file: column 2: "2.5" is not an integer node id');
    expect(parseError('a b\n').issues[0]!.message).toBe('column 1: "a" is not an integer node id');
  });

  it('reports negative ids', () => {
    expect(parseError('\n\n-3 1\n').message).toBe('net.txt:3: topology.file: column 1: node id -3 is negative; ids start at 0');
  });

  it('reports ids >= n', () => {
    const error = parseError('0 1\n1 10\n', 10);
    expect(error.issues[0]).toMatchObject({ line: 2, path: 'topology.file' });
    expect(error.message).toBe('net.txt:2: topology.file: column 2: node id 10 is out of range; n is 10, so ids must be 0..9');
  });

  it('reports ids too large for Int32', () => {
    expect(parseError('0 99999999999\n').issues[0]!.message).toBe('column 2: node id 99999999999 is too large (maximum 2147483646)');
  });
});
