/** The built-in codecs by id, each made from the options that concern it. */
import { MasecError } from '@masec/spec';
import { acrosticCodec } from './acrostic.js';
import { arithmeticCodec } from './arithmetic.js';
import type { StegoCodec } from './codec.js';
import { whitespaceCodec, zeroWidthCodec } from './format.js';
import { mecCodec } from './mec.js';
import { synonymCodec } from './synonym.js';

export const CODEC_IDS = ['acrostic', 'synonym', 'whitespace', 'zero-width', 'arithmetic', 'mec'] as const;
export type CodecId = (typeof CODEC_IDS)[number];

export interface CodecOptions {
  /** acrostic: bits per sentence (1..4). */
  bitsPerSentence?: number;
  /** acrostic: sentences per message at most. */
  maxSentences?: number;
  /** mec: bits per block (1..16). */
  blockBits?: number;
}

export function createCodec(id: CodecId, options: CodecOptions = {}): StegoCodec {
  switch (id) {
    case 'acrostic':
      return acrosticCodec({ bitsPerSentence: checkRange('bitsPerSentence', options.bitsPerSentence ?? 3, 1, 4), maxSentences: checkRange('maxSentences', options.maxSentences ?? 4, 1, 64) });
    case 'synonym':
      return synonymCodec;
    case 'whitespace':
      return whitespaceCodec;
    case 'zero-width':
      return zeroWidthCodec;
    case 'arithmetic':
      return arithmeticCodec;
    case 'mec':
      return mecCodec({ blockBits: checkRange('blockBits', options.blockBits ?? 8, 1, 16) });
    default:
      throw new MasecError('UNKNOWN_PLUGIN', `unknown codec '${String(id)}'; valid codecs: ${CODEC_IDS.join(', ')}`);
  }
}

function checkRange(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new MasecError('CONFIG_INVALID', `codec option ${name} must be an integer in [${min}, ${max}], got ${value}`);
  return value;
}
