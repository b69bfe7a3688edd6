/**
 * The built-in cover model: the trigram model trained, on first use, on the generated board corpus. One
 * instance per thread (training takes some tens of milliseconds); registration of plugins never builds it.
 */
import { NgramModel } from '../model/ngram.js';
import { coverCorpus } from './corpus.js';
import { SLOTS } from './grammar.js';
import { DAYS } from './task.js';

export const COVER_MODEL_ID = 'cover-trigram';

let model: NgramModel | undefined;

export function coverModel(): NgramModel {
  model ??= NgramModel.train(coverCorpus(), { id: COVER_MODEL_ID, proper: [...(SLOTS['person'] ?? []), ...DAYS, 'i'] });
  return model;
}
