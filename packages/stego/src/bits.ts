/**
 * Payloads are bit strings: a `Uint8Array` holding one bit (0 or 1) per element. Helpers to go between bits,
 * bytes and the `'0101…'` strings that agents report as state.
 */
import { MasecError } from '@masec/spec';

export type Bits = Uint8Array;

/** The bits of `bytes`, most significant bit of each byte first. */
export function bitsFromBytes(bytes: Uint8Array): Bits {
  const bits = new Uint8Array(bytes.length * 8);
  for (let i = 0; i < bytes.length; i++) for (let j = 0; j < 8; j++) bits[i * 8 + j] = ((bytes[i] as number) >> (7 - j)) & 1;
  return bits;
}

/** Bytes from bits (most significant first); a last partial byte is padded with zeros. */
export function bytesFromBits(bits: Bits): Uint8Array {
  const bytes = new Uint8Array(Math.ceil(bits.length / 8));
  for (let i = 0; i < bits.length; i++) if (bits[i] === 1) bytes[i >> 3] = (bytes[i >> 3] as number) | (1 << (7 - (i & 7)));
  return bytes;
}

/** `'0110'` from bits. */
export function bitString(bits: Bits): string {
  let s = '';
  for (const b of bits) s += b === 1 ? '1' : '0';
  return s;
}

/** Bits from a `'0110'` string; anything but 0 and 1 is an error. */
export function parseBitString(text: string): Bits {
  if (!/^[01]*$/.test(text)) throw new MasecError('CONFIG_INVALID', `not a bit string: '${text.slice(0, 40)}'`);
  const bits = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bits[i] = text.charCodeAt(i) - 48;
  return bits;
}

/** `count` bits as an unsigned integer (most significant first), reading `bits` from `offset`; missing bits are 0. */
export function bitsToInt(bits: Bits, offset: number, count: number): number {
  let v = 0;
  for (let i = 0; i < count; i++) v = v * 2 + (bits[offset + i] ?? 0);
  return v;
}

/** The `count` low bits of `value`, most significant first. */
export function intToBits(value: number, count: number): Bits {
  const bits = new Uint8Array(count);
  for (let i = 0; i < count; i++) bits[i] = Math.floor(value / 2 ** (count - 1 - i)) % 2;
  return bits;
}

/** Length of the common prefix of two bit strings. */
export function commonPrefix(a: Bits, b: Bits): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}
