import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base58btcDecode, base58btcEncode, didKeyFromPublicKey, didKeyId, publicKeyFromDidKey } from './did-key.js';
import { isShieldRejection } from './rejection.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isShieldRejection(error) ? error.code : `not a rejection: ${String(error)}`;
  }
  return undefined;
}

describe('base58btc', () => {
  it('encodes the Bitcoin alphabet test vectors, leading zeros as 1s', () => {
    expect(base58btcEncode(new TextEncoder().encode('Hello World!'))).toBe('2NEpo7TZRRrLZSi2U');
    expect(base58btcEncode(Uint8Array.from([0, 0, 0, 1]))).toBe('1112');
    expect(base58btcEncode(new Uint8Array())).toBe('');
  });
  it('round-trips any bytes (property)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        expect(base58btcDecode(base58btcEncode(bytes))).toEqual(bytes);
      }));
  });
  it('refuses characters outside the alphabet (0, O, I, l)', () => {
    for (const bad of ['0', 'O', 'I', 'l', '+', '\u00e9']) expect(base58btcDecode(`2NEp${bad}`)).toBeUndefined();
  });
});

describe('did:key for Ed25519', () => {
  it('names a 32-byte key as did:key:z6Mk… and gives the key back, from the did or its key id', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (key) => {
        const did = didKeyFromPublicKey(key);
        expect(did).toMatch(/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{44}$/);
        expect(publicKeyFromDidKey(did)).toEqual(key);
        expect(publicKeyFromDidKey(didKeyId(did))).toEqual(key);
      }),
    );
  });
  it('refuses other methods, other key types, bad encodings and foreign fragments with IDENTITY_UNKNOWN', () => {
    const did = didKeyFromPublicKey(new Uint8Array(32).fill(7));
    const other = didKeyFromPublicKey(new Uint8Array(32).fill(8));
    const secp = `did:key:z${base58btcEncode(Uint8Array.from([0xe7, 0x01, ...new Uint8Array(33)]))}`;
    for (const bad of ['did:web:example.com', 'did:key:zzzz', 'did:key:z0OIl', secp, `${did}#${other.slice(8)}`, `${did}#a#b`, `did:key:z${'1'.repeat(500)}`, '']) {
      expect(codeOf(() => publicKeyFromDidKey(bad)), bad).toBe('IDENTITY_UNKNOWN');
    }
  });
  it('refuses a public key that is not 32 bytes', () => {
    expect(() => didKeyFromPublicKey(new Uint8Array(31))).toThrow(RangeError);
  });
});
