/**
 * Who signs audit checkpoints. The gateway takes a signer through this interface (the identity layer's key
 * registry provides one for a registered gateway key); the default is an Ed25519 key in a PEM file, made on
 * first use beside the audit log with mode 0600. The private key is never printed or logged.
 */
import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { MasecError } from '@masec/spec';
import { sha256Hex } from './record.js';

export interface AuditSigner {
  /** Identifies the key (checkpoints name it; verification looks it up). */
  readonly keyId: string;
  /** The raw 32-byte Ed25519 public key, stored in the log so that `masec audit verify` can run without the registry. */
  readonly publicKey: Uint8Array;
  sign(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/** The key id of a raw Ed25519 public key: `ed25519:` and the first 32 hex digits of its sha256. */
export function keyIdOf(publicKey: Uint8Array): string {
  return `ed25519:${sha256Hex(publicKey).slice(0, 32)}`;
}

export function rawPublicKey(key: KeyObject): Uint8Array {
  const jwk = key.export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new MasecError('CONFIG_INVALID', 'the audit signing key is not an Ed25519 key');
  return new Uint8Array(Buffer.from(jwk.x, 'base64url'));
}

export function publicKeyFromRaw(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(raw).toString('base64url') }, format: 'jwk' });
}

/** A signer over an Ed25519 private key held in this process. */
export function ed25519Signer(privateKey: KeyObject): AuditSigner {
  const publicKey = rawPublicKey(createPublicKey(privateKey));
  return { keyId: keyIdOf(publicKey), publicKey, sign: (data) => new Uint8Array(sign(null, data, privateKey)) };
}

/** The signer of a PEM file (PKCS#8 Ed25519); with `create`, a new key is written there (0600) when the file is absent. */
export function fileSigner(path: string, options: { create: boolean }): AuditSigner {
  if (!existsSync(path)) {
    if (!options.create) throw new MasecError('FILE_NOT_FOUND', `audit signing key ${path} does not exist`);
    mkdirSync(dirname(path), { recursive: true });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(path, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600, flag: 'wx' });
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(readFileSync(path));
  } catch (error) {
    throw new MasecError('CONFIG_INVALID', `audit signing key ${path} is not a PEM private key`, { cause: error });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new MasecError('CONFIG_INVALID', `audit signing key ${path} is a ${key.asymmetricKeyType ?? 'non-asymmetric'} key, not Ed25519`);
  return ed25519Signer(key);
}

export function verifySignature(publicKey: Uint8Array, data: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify(null, data, publicKeyFromRaw(publicKey), signature);
  } catch {
    return false;
  }
}
