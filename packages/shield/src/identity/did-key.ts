/**
 * `did:key` identifiers for Ed25519 public keys (W3C CCG did:key method): `did:key:z` followed by the
 * base58btc encoding of the multicodec prefix `0xed 0x01` and the 32-byte public key. The identifier is the
 * key: anyone can check a signature against it without a registry lookup, and a registry only decides
 * whether the key is trusted.
 */
import { ShieldRejection } from './rejection.js';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));
const ED25519_PUB = [0xed, 0x01];
/** A did:key for Ed25519 is 56 characters of base58 after `did:key:z`; anything much longer is not one. */
const MAX_DID_KEY_LENGTH = 128;

export function base58btcEncode(bytes: Uint8Array): string {
  const digits: number[] = [];
  for (const byte of bytes) {
    let carry = byte;
    for (let i = 0; i < digits.length; i++) {
      carry += (digits[i] as number) << 8;
      digits[i] = carry % 58;
      carry = (carry / 58) | 0;
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = (carry / 58) | 0;
    }
  }
  let out = '';
  for (const byte of bytes) {
    if (byte !== 0) break;
    out += '1';
  }
  for (let i = digits.length - 1; i >= 0; i--) out += ALPHABET[digits[i] as number];
  return out;
}

/** Decodes base58btc; undefined when a character is outside the alphabet. */
export function base58btcDecode(text: string): Uint8Array | undefined {
  const bytes: number[] = [];
  for (const char of text) {
    const value = INDEX.get(char);
    if (value === undefined) return undefined;
    let carry = value;
    for (let i = 0; i < bytes.length; i++) {
      carry += (bytes[i] as number) * 58;
      bytes[i] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  for (const char of text) {
    if (char !== '1') break;
    bytes.push(0);
  }
  return Uint8Array.from(bytes.reverse());
}

/** The did:key of a raw 32-byte Ed25519 public key. */
export function didKeyFromPublicKey(publicKey: Uint8Array): string {
  if (publicKey.length !== 32) throw new RangeError(`an Ed25519 public key is 32 bytes, not ${publicKey.length}`);
  return `did:key:z${base58btcEncode(Uint8Array.from([...ED25519_PUB, ...publicKey]))}`;
}

/** The verification method id of a did:key (`did:key:z6Mk…#z6Mk…`), the `kid` masec signs with. */
export function didKeyId(did: string): string {
  return `${did}#${did.slice('did:key:'.length)}`;
}

/**
 * The raw Ed25519 public key a did:key (or its key id, with a `#fragment`) names. Refuses anything else
 * with IDENTITY_UNKNOWN: another DID method, another key type, a bad encoding, a fragment that names another
 * key.
 */
export function publicKeyFromDidKey(didOrKid: string): Uint8Array {
  const refuse = (why: string): never => {
    throw new ShieldRejection('identity', 'IDENTITY_UNKNOWN', `not an Ed25519 did:key (${why})`);
  };
  if (didOrKid.length > MAX_DID_KEY_LENGTH) refuse(`longer than ${MAX_DID_KEY_LENGTH} characters`);
  const [did, fragment, ...rest] = didOrKid.split('#');
  if (rest.length > 0 || did === undefined) refuse('more than one #');
  if (!(did as string).startsWith('did:key:z')) refuse('expected did:key:z…');
  const id = (did as string).slice('did:key:'.length);
  if (fragment !== undefined && fragment !== id) refuse('the fragment names another key');
  const bytes = base58btcDecode(id.slice(1));
  if (bytes === undefined) refuse('a character outside base58btc');
  const decoded = bytes as Uint8Array;
  if (decoded.length !== 34 || decoded[0] !== ED25519_PUB[0] || decoded[1] !== ED25519_PUB[1]) refuse('not the Ed25519 multicodec with a 32-byte key');
  return decoded.slice(2);
}
