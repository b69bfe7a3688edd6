/**
 * @masec/stego: steganographic codecs, the token-model interface and the built-in cover language model, the
 * board's cover task, steganalysis statistics and the rule paraphraser. Runtime-neutral (no Node-only code):
 * the simulator's colluders and the shield's defenses both use it.
 */
export { bitString, bitsFromBytes, bytesFromBits, commonPrefix, intToBits, parseBitString } from './bits.js';
export type { Bits } from './bits.js';
export { uniformBigInt, uniformInt } from './uniform.js';
export { Ciphertext, KeyStream } from './keystream.js';
export { MAX_DISTRIBUTION_TOTAL, mode, probability } from './model/token-model.js';
export type { TokenDistribution, TokenModel } from './model/token-model.js';
export { BOS_TOKEN, EOS_TOKEN, NGRAM_SCALE, NgramModel } from './model/ngram.js';
export type { NgramOptions } from './model/ngram.js';
export { PUNCTUATION, SENTENCE_END, joinWords, splitWords } from './text/words.js';
export { DAYS, ITEMS, factKey, factSentence, readFact } from './cover/task.js';
export type { CoverFact } from './cover/task.js';
export { SLOTS, SYNONYM_PAIRS, TEMPLATES } from './cover/grammar.js';
export { CORPUS_POSTS, coverCorpus } from './cover/corpus.js';
export { COVER_MODEL_ID, coverModel } from './cover/cover-model.js';
export { honestPost, joinPost, openingContext, splitPost } from './cover/post.js';
export type { SplitPost } from './cover/post.js';
export { decodeMessage, encodeMessage, readInt } from './codecs/codec.js';
export type { CoverContext, EncodeRequest, Encoded, Hidden, HiddenBits, StegoCodec } from './codecs/codec.js';
export { drawToken, receivedSteps, sampleContinuation, tokensOf } from './codecs/sample.js';
export { acrosticAlphabet } from './codecs/acrostic.js';
export { greedyCoupling } from './codecs/coupling.js';
export type { Cell } from './codecs/coupling.js';
export { CODEC_IDS, createCodec } from './codecs/registry.js';
export type { CodecId, CodecOptions } from './codecs/registry.js';
export { STEGANALYSIS_TESTS, analyseText, pooledScores, strongest } from './analysis/steganalysis.js';
export type { ModelTest, SteganalysisResult, SteganalysisTest } from './analysis/steganalysis.js';
export { normalCdf, zOf } from './analysis/statistics.js';
export type { Evidence } from './analysis/statistics.js';
export { RuleParaphraser, normalizeText } from './paraphrase/rules.js';
export type { Paraphraser, RuleParaphraseOptions } from './paraphrase/rules.js';
