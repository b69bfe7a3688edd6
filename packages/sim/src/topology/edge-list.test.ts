import { MasecError } from '@masec/spec';
import { describe, expect, it } from 'vitest';
import { checkCsr, edgeCount } from './csr-check.js';
import { neighborsOf } from './csr.js';
import { EdgeListParser, parseEdgeList, parseEdgeListBytes } from './edge-list.js';

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

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('parseEdgeListBytes and EdgeListParser', () => {
  const text = '# header\n0 1\n1\t2 7\r\n\n% c\n2 0\n3 4\n4 3\n5 5\n6 1';

  it('give the same graph as the string parser', () => {
    const expected = parseEdgeList(text, 'net.txt', { directed: false });
    const fromBytes = parseEdgeListBytes(bytes(text), 'net.txt', { directed: false });
    expect(fromBytes.n).toBe(7);
    expect(Array.from(fromBytes.graph.offsets)).toEqual(Array.from(expected.graph.offsets));
    expect(Array.from(fromBytes.graph.neighbors)).toEqual(Array.from(expected.graph.neighbors));
  });

  it('accept the file in chunks of any size, lines straddling chunks', () => {
    const all = bytes(text);
    const expected = parseEdgeListBytes(all, 'net.txt', { directed: true });
    for (const size of [1, 2, 3, 5, 8, 13, all.length]) {
      const parser = new EdgeListParser('net.txt', { directed: true });
      for (let at = 0; at < all.length; at += size) parser.push(all.subarray(at, at + size));
      const { graph, n } = parser.finish();
      expect(n).toBe(expected.n);
      expect(checkCsr(graph)).toBeUndefined();
      expect(Array.from(graph.neighbors)).toEqual(Array.from(expected.graph.neighbors));
      expect(Array.from(graph.offsets)).toEqual(Array.from(expected.graph.offsets));
    }
  });

  it('report the line of an error even when it straddles chunks', () => {
    const all = bytes('0 1\n1 2\n# x\n3 -4\n');
    const parser = new EdgeListParser('big.txt', { directed: false });
    parser.push(all.subarray(0, 16));
    expect(() => parser.push(all.subarray(16))).toThrow('big.txt:4: topology.file: column 2: node id -4 is negative; ids start at 0');
    const last = new EdgeListParser('big.txt', { directed: false, n: 3 });
    last.push(bytes('0 1\n2 '));
    last.push(bytes('3'));
    expect(() => last.finish()).toThrow('big.txt:2: topology.file: column 2: node id 3 is out of range; n is 3, so ids must be 0..2');
  });

  it('quote non-ASCII tokens as written', () => {
    expect(() => parseEdgeListBytes(bytes('0 1\né 2\n'), 'net.txt', { directed: false })).toThrow(
      'net.txt:2: topology.file: column 1: "é" is not an integer node id',
    );
  });

  it('build graphs past one CSR bucket', () => {
    const lines: string[] = [];
    for (let i = 0; i + 1 < 100_000; i++) lines.push(`${i} ${i + 1}`);
    const { graph, n } = parseEdgeListBytes(bytes(lines.join('\n')), 'path.txt', { directed: false });
    expect(n).toBe(100_000);
    expect(checkCsr(graph)).toBeUndefined();
    expect(edgeCount(graph)).toBe(99_999);
    expect(Array.from(neighborsOf(graph, 70_000))).toEqual([69_999, 70_001]);
  });
});
