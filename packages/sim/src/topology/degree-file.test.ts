import { MasecError } from '@masec/spec';
import { describe, expect, it } from 'vitest';
import { parseDegreeFile } from './degree-file.js';

function failure(text: string, n: number): MasecError {
  try {
    parseDegreeFile(text, 'deg.txt', { n, nSource: 'agents.count' });
  } catch (error) {
    expect(error).toBeInstanceOf(MasecError);
    expect((error as MasecError).code).toBe('SCENARIO_INVALID');
    return error as MasecError;
  }
  throw new Error('expected parseDegreeFile to throw');
}

describe('parseDegreeFile', () => {
  it('reads one degree per line from text or bytes, skipping blanks and comments', () => {
    const text = '# degrees\n3\n  1 \r\n\n% note\n2\n0\n2';
    expect(Array.from(parseDegreeFile(text, 'deg.txt', { n: 5 }))).toEqual([3, 1, 2, 0, 2]);
    expect(Array.from(parseDegreeFile(new TextEncoder().encode(text), 'deg.txt', { n: 5 }))).toEqual([3, 1, 2, 0, 2]);
  });

  it('reports malformed, negative, too large and surplus degrees at their line', () => {
    expect(failure('1\nx\n', 2).message).toBe('deg.txt:2: topology.degrees.file: "x" is not an integer degree');
    expect(failure('1\n-2\n', 2).message).toBe('deg.txt:2: topology.degrees.file: degree -2 is negative; degrees are >= 0');
    expect(failure('1\n5\n', 3).message).toBe(
      'deg.txt:2: topology.degrees.file: degree 5 is larger than agents.count - 1 = 2, the most a node can have',
    );
    expect(failure('1 2\n', 3).message).toBe('deg.txt:1: topology.degrees.file: expected one degree per line but found more than one field');
    expect(failure('1\n1\n# c\n1\n', 2).issues).toEqual([
      { file: 'deg.txt', line: 4, path: 'topology.degrees.file', message: 'more degrees than agents.count (2); the file must hold exactly one per agent' },
    ]);
  });

  it('reports too few degrees and odd sums at the file', () => {
    expect(failure('1\n1\n', 3).issues).toEqual([
      { file: 'deg.txt', path: 'topology.degrees.file', message: 'holds 2 degrees but agents.count is 3; the file must hold exactly one per agent' },
    ]);
    expect(failure('1\n1\n1\n', 3).message).toBe('deg.txt: topology.degrees.file: the degrees sum to 3, an odd number; every edge needs two stubs');
  });
});
