/**
 * The colluders' shared keystream: ChaCha20 (RFC 8439, from the audited `@noble/ciphers`) under their 32-byte
 * key, with a public per-message nonce (the round the message was sent in). The codecs hide the payload XOR
 * this stream, so what they hide is uniformly distributed to anyone without the key, which is what the
 * language-model codecs need for their output to follow the cover model.
 */
import { chacha20 } from '@noble/ciphers/chacha';
import { MasecError } from '@masec/spec';

const CHUNK = 256;

export class KeyStream {
  readonly #key: Uint8Array;
  readonly #nonce: Uint8Array;
  #bytes = new Uint8Array(0);

  constructor(key: Uint8Array, nonce: number) {
    if (key.length !== 32) throw new MasecError('CONFIG_INVALID', `a stego key has 32 bytes, got ${key.length}`);
    if (!Number.isSafeInteger(nonce) || nonce < 0) throw new MasecError('CONFIG_INVALID', `a stego nonce is a non-negative integer, got ${nonce}`);
    this.#key = key;
    this.#nonce = new Uint8Array(12);
    let n = nonce;
    for (let i = 0; i < 8; i++) {
      this.#nonce[i] = n % 256;
      n = Math.floor(n / 256);
    }
  }

  /** Keystream bit `i` (most significant bit of each byte first). */
  bit(i: number): number {
    const byte = i >> 3;
    while (byte >= this.#bytes.length) this.#extend();
    return ((this.#bytes[byte] as number) >> (7 - (i & 7))) & 1;
  }

  #extend(): void {
    const next = new Uint8Array(this.#bytes.length + CHUNK);
    next.set(this.#bytes);
    // Blocks of 64 bytes: the counter picks up where the stream so far ended.
    next.set(chacha20(this.#key, this.#nonce, new Uint8Array(CHUNK), undefined, this.#bytes.length / 64), this.#bytes.length);
    this.#bytes = next;
  }
}

/**
 * The bits the codecs hide for one message: payload bit `offset + i` XOR keystream bit `i`; past the end of
 * the payload, the keystream alone (so the hidden stream stays uniform when the payload runs out mid-message).
 */
export class Ciphertext {
  readonly #payload: Uint8Array;
  readonly #offset: number;
  readonly #stream: KeyStream;

  constructor(payload: Uint8Array, offset: number, stream: KeyStream) {
    this.#payload = payload;
    this.#offset = offset;
    this.#stream = stream;
  }

  bit(i: number): number {
    return (this.#payload[this.#offset + i] ?? 0) ^ this.#stream.bit(i);
  }
}
