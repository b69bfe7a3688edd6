import { describe, expect, it } from 'vitest';
import { bitString, bitsFromBytes, bytesFromBits, parseBitString } from './bits.js';
import { Ciphertext, KeyStream } from './keystream.js';

const bits = (s: KeyStream, n: number) => Array.from({ length: n }, (_, i) => s.bit(i)).join('');

describe('keystream', () => {
  it('is deterministic, balanced, and depends on key and nonce', () => {
    const key = Uint8Array.from({ length: 32 }, (_, i) => i);
    const a = bits(new KeyStream(key, 0), 3000);
    expect(bits(new KeyStream(key, 0), 3000)).toBe(a);
    expect(bits(new KeyStream(key, 1), 3000)).not.toBe(a);
    expect(bits(new KeyStream(new Uint8Array(32), 0), 3000)).not.toBe(a);
    // Balanced: a uniform stream of 3000 bits has about 1500 ones.
    const ones = [...a].filter((c) => c === '1').length;
    expect(Math.abs(ones - 1500)).toBeLessThan(150);
  });

  it('refuses a key that is not 32 bytes and a bad nonce', () => {
    expect(() => new KeyStream(new Uint8Array(16), 0)).toThrow(/32 bytes, got 16/);
    expect(() => new KeyStream(new Uint8Array(32), -1)).toThrow(/non-negative integer/);
  });

  it('ciphertext XORs the payload from an offset, and is the bare stream past its end', () => {
    const stream = new KeyStream(new Uint8Array(32).fill(3), 9);
    const payload = parseBitString('1011');
    const c = new Ciphertext(payload, 1, stream);
    expect([0, 1, 2, 3, 4].map((i) => c.bit(i))).toEqual([0 ^ stream.bit(0), 1 ^ stream.bit(1), 1 ^ stream.bit(2), stream.bit(3), stream.bit(4)]);
  });

  it('bits and bytes round-trip', () => {
    const bytes = Uint8Array.from([0, 255, 170, 1]);
    expect(bitString(bitsFromBytes(bytes))).toBe('00000000111111111010101000000001');
    expect([...bytesFromBits(bitsFromBytes(bytes))]).toEqual([...bytes]);
    expect(() => parseBitString('012')).toThrow(/not a bit string/);
  });
});
