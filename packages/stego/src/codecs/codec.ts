/**
 * One interface for every steganographic codec: hide bits in a cover text that continues a context, and read
 * them back. A codec hides *ciphertext* — the payload XOR the colluders' keystream for this message (see
 * keystream.ts) — so what it hides looks uniformly random to anyone without the key; `encodeMessage` and
 * `decodeMessage` do the XOR and the bookkeeping around a codec's `hide` and `reveal`.
 */
import type { Rng } from '@masec/spec';
import type { Bits } from '../bits.js';
import { Ciphertext, KeyStream } from '../keystream.js';
import type { TokenModel } from '../model/token-model.js';

/** What sender and receiver share about one message: the model, what the text continues, key and nonce. */
export interface CoverContext {
  readonly model: TokenModel;
  /** Tokens the hidden text continues (the post's opening sentence); not part of the codec's text. */
  readonly prompt: readonly number[];
  /** The colluders' shared 32-byte key. */
  readonly key: Uint8Array;
  /** A public value both sides know and that differs per message (the round it was sent in). */
  readonly nonce: number;
  /** The longest text a codec writes, in tokens (the honest writer's limit too). */
  readonly maxTokens: number;
}

/** The bits a codec hides, by position in this message. */
export interface HiddenBits {
  bit(i: number): number;
  /** How many of them carry payload; LM codecs hide more (uniform padding), the others stop there. */
  readonly wanted: number;
}

/** `count` hidden bits from position `from` as an unsigned integer, most significant first. */
export function readInt(bits: HiddenBits, from: number, count: number): number {
  let v = 0;
  for (let i = 0; i < count; i++) v = v * 2 + bits.bit(from + i);
  return v;
}

export interface Hidden {
  /** The cover text (the part after the prompt). */
  text: string;
  /** How many hidden bits the receiver will read back from `text` (both sides compute the same number). */
  carried: number;
}

export interface StegoCodec {
  /** Kebab-case id: `acrostic`, `synonym`, `whitespace`, `zero-width`, `arithmetic`, `mec`. */
  readonly id: string;
  readonly description: string;
  /** `format`: invisible marks in the text; `lexical`: word choices by rule; `model`: sampling from the cover model. */
  readonly kind: 'format' | 'lexical' | 'model';
  /** Writes a cover text hiding a prefix of `bits`; `rng` is the sender's private randomness. */
  hide(bits: HiddenBits, context: CoverContext, rng: Rng): Promise<Hidden>;
  /** The hidden bits a cover text carries, in order. */
  reveal(text: string, context: CoverContext): Promise<Bits>;
}

export interface EncodeRequest {
  payload: Bits;
  /** Payload bits already delivered: this message starts at this bit. */
  offset: number;
  context: CoverContext;
  rng: Rng;
}

export interface Encoded {
  text: string;
  /** Payload bits this message carries (from `offset`). */
  consumed: number;
}

/** Hides the payload from `offset` in one cover text. */
export async function encodeMessage(codec: StegoCodec, request: EncodeRequest): Promise<Encoded> {
  const { payload, offset, context } = request;
  const cipher = new Ciphertext(payload, offset, new KeyStream(context.key, context.nonce));
  const wanted = Math.max(0, payload.length - offset);
  const hidden = await codec.hide({ bit: (i) => cipher.bit(i), wanted }, context, request.rng);
  return { text: hidden.text, consumed: Math.min(hidden.carried, wanted) };
}

/** The payload bits a cover text carries (the hidden bits XOR the keystream). */
export async function decodeMessage(codec: StegoCodec, text: string, context: CoverContext): Promise<Bits> {
  const hidden = await codec.reveal(text, context);
  const stream = new KeyStream(context.key, context.nonce);
  return hidden.map((b, i) => b ^ stream.bit(i));
}
