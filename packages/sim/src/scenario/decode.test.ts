// Scenario files are UTF-8 text: other encodings and binary files are refused by name, with the position of
// the first byte that is not UTF-8, instead of being read with their bytes replaced.
import { describe, expect, it } from 'vitest';
import { type MasecError, isMasecError } from '@masec/spec';
import { decodeScenarioBytes } from './decode.js';
import { MAX_SCENARIO_BYTES } from './limits.js';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'utf8')] : p)));

function refusal(data: Uint8Array): MasecError {
  try {
    decodeScenarioBytes(data, 'f.yaml');
  } catch (error) {
    if (isMasecError(error)) return error;
    throw error;
  }
  throw new Error('expected the bytes to be refused');
}

describe('decodeScenarioBytes', () => {
  it('decodes UTF-8, dropping a UTF-8 byte-order mark', () => {
    expect(decodeScenarioBytes(bytes('id: café\n'), 'f.yaml')).toBe('id: café\n');
    expect(decodeScenarioBytes(bytes([0xef, 0xbb, 0xbf], 'id: x\n'), 'f.yaml')).toBe('id: x\n');
  });

  it('refuses Latin-1 (or any non-UTF-8 byte) at its line and column, saying which byte', () => {
    const error = refusal(bytes('id: x\nname: caf', [0xe9], '\n'));
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.issues).toEqual([{ file: 'f.yaml', line: 2, column: 10, path: '', message: 'the file is not UTF-8 text: byte 0xE9 starts no well-formed UTF-8 character (Latin-1 or another 8-bit encoding?); save it as UTF-8' }]);
  });

  it('refuses a truncated or overlong UTF-8 sequence', () => {
    expect(refusal(bytes('a: ', [0xe2, 0x82], '\n')).issues[0]).toMatchObject({ line: 1, column: 4, message: expect.stringContaining('byte 0xE2 starts no well-formed UTF-8 character') });
    expect(refusal(bytes('a: ', [0xc0, 0xaf])).issues[0]).toMatchObject({ line: 1, column: 4, message: expect.stringContaining('byte 0xC0 cannot start a UTF-8 character') });
  });

  it.each([
    ['UTF-16 little-endian', [0xff, 0xfe, 0x69, 0x00]],
    ['UTF-16 big-endian', [0xfe, 0xff, 0x00, 0x69]],
    ['UTF-32 little-endian', [0xff, 0xfe, 0x00, 0x00, 0x69, 0x00, 0x00, 0x00]],
    ['UTF-32 big-endian', [0x00, 0x00, 0xfe, 0xff, 0x00, 0x00, 0x00, 0x69]],
  ])('refuses %s text by its byte-order mark', (name, data) => {
    expect(refusal(Uint8Array.from(data)).issues).toEqual([{ file: 'f.yaml', path: '', message: `the file is ${name} text (it starts with a byte-order mark); save it as UTF-8` }]);
  });

  it('refuses a file holding a NUL byte (binary, or UTF-16 without a byte-order mark) at its position', () => {
    expect(refusal(bytes('id: x\nab', [0x00], 'c')).issues).toEqual([
      { file: 'f.yaml', line: 2, column: 3, path: '', message: 'the file holds a NUL byte: it is binary, or UTF-16 or UTF-32 text, not UTF-8 YAML' },
    ]);
  });

  it(`refuses more than ${MAX_SCENARIO_BYTES} bytes`, () => {
    expect(refusal(new Uint8Array(MAX_SCENARIO_BYTES + 1).fill(0x20)).issues).toEqual([
      { file: 'f.yaml', path: '', message: 'the file is 1,048,577 bytes; a scenario file holds at most 1,048,576 (1 MiB)' },
    ]);
  });
});
