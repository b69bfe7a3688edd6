/**
 * Steganalysis of one text against a reference language model. Four tests, each a score in [0, 1]:
 * - `characters`: invisible format characters, runs of spaces, tabs, non-breaking or other unusual spaces,
 *   trailing white space: things a model's text never has (one is near-certain evidence);
 * - `likelihood`: the text's total surprisal against what the model expects it to be, standardised
 *   (z ≈ N(0, 1) for the model's own text); the score is Φ(z);
 * - `initials`: the same test on the first letters of sentences only (symbol statistics: an acrostic picks
 *   initial letters the model would rarely choose);
 * - `synonyms`: the same test on the choice within each synonym pair (the model prefers one word of a pair).
 * The text's score is the highest of the tests that apply. Texts mostly outside the model's vocabulary get
 * the character test only.
 */
import { SYNONYM_PAIRS } from '../cover/grammar.js';
import type { TokenModel } from '../model/token-model.js';
import { PUNCTUATION, SENTENCE_END } from '../text/words.js';
import { type Evidence, SurprisalTest, choiceStats, contextStats, normalCdf, zOf } from './statistics.js';

export const STEGANALYSIS_TESTS = ['characters', 'likelihood', 'initials', 'synonyms'] as const;
export type SteganalysisTest = (typeof STEGANALYSIS_TESTS)[number];

export type ModelTest = Exclude<SteganalysisTest, 'characters'>;

export interface SteganalysisResult {
  /** The highest test score. */
  score: number;
  /** The test that gave it (undefined when no test applied). */
  test: SteganalysisTest | undefined;
  scores: Partial<Record<SteganalysisTest, number>>;
  /** The model tests' evidence from this text, to pool with earlier texts of the same writer. */
  evidence: Partial<Record<ModelTest, Evidence>>;
  detail: string;
}

/**
 * Scores from pooled evidence: each model test's z over the writer's recent texts (this one included), so
 * that a small, steady excess of surprisal adds up (about N(0, 1) for a writer whose texts are the model's).
 */
export function pooledScores(history: readonly Partial<Record<ModelTest, Evidence>>[]): Partial<Record<ModelTest, number>> {
  const out: Partial<Record<ModelTest, number>> = {};
  for (const name of ['likelihood', 'initials', 'synonyms'] as const) {
    const sum: Evidence = { excess: 0, variance: 0, count: 0 };
    for (const h of history) {
      const e = h[name];
      if (e === undefined) continue;
      sum.excess += e.excess;
      sum.variance += e.variance;
      sum.count += e.count;
    }
    if (sum.count > 0) out[name] = normalCdf(zOf(sum));
  }
  return out;
}

const ODD_CHARACTERS = /\p{Cf}|[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]| {2,}|[ \t]+$|^[ \t]+/gmu;
/** Least share of known words for the model tests to apply. */
const MIN_KNOWN = 0.8;
const SYNONYM_INDEX: ReadonlyMap<string, readonly [string, string]> = new Map(SYNONYM_PAIRS.flatMap((p) => [[p[0], p], [p[1], p]]));

export async function analyseText(text: string, model: TokenModel, tests: ReadonlySet<SteganalysisTest>): Promise<SteganalysisResult> {
  const scores: Partial<Record<SteganalysisTest, number>> = {};
  const evidence: Partial<Record<ModelTest, Evidence>> = {};
  const details: string[] = [];
  if (tests.has('characters')) {
    const odd = text.match(ODD_CHARACTERS)?.length ?? 0;
    // Above any likelihood score honest text reaches (their z stays below about 6, Φ < 1 - 1e-9).
    scores.characters = odd === 0 ? 0 : 1 - 1e-10 / odd;
    if (odd > 0) details.push(`${odd} invisible or irregular space character run(s)`);
  }
  const ids = model.tokenize(text);
  const known = ids.filter((t) => t !== undefined).length;
  if (ids.length > 0 && known / ids.length >= MIN_KNOWN && (tests.has('likelihood') || tests.has('initials') || tests.has('synonyms'))) {
    const likelihood = new SurprisalTest();
    const initials = new SurprisalTest();
    const synonyms = new SurprisalTest();
    const context: number[] = [];
    let start = true;
    // The end of the text is not scored: a writer with a length limit stops mid-sentence, where the model
    // would rarely end, so an end token would flag every honest text that reached the limit.
    for (const t of ids) {
      // A word the model does not know breaks the context: start again after it.
      if (t === undefined) {
        context.length = 0;
        continue;
      }
      const dist = await model.distribution(context);
      const stats = contextStats(dist);
      likelihood.add(stats.surprisal[t] as number, stats.entropy, stats.variance);
      const word = model.vocabulary[t] as string;
      if (start && word !== '' && !PUNCTUATION.has(word)) addInitial(initials, model, dist.weights, word);
      const pair = SYNONYM_INDEX.get(word);
      if (pair !== undefined) {
        const a = model.tokenId(pair[0]);
        const b = model.tokenId(pair[1]);
        if (a !== undefined && b !== undefined) {
          const c = choiceStats([dist.weights[a] as number, dist.weights[b] as number], word === pair[0] ? 0 : 1);
          synonyms.add(c.surprisal, c.entropy, c.variance);
        }
      }
      if (!PUNCTUATION.has(word)) start = false;
      if (SENTENCE_END.has(word)) start = true;
      context.push(t);
    }
    const put = (name: ModelTest, test: SurprisalTest) => {
      if (!tests.has(name) || test.count === 0) return;
      scores[name] = normalCdf(test.z);
      evidence[name] = { excess: test.excess, variance: test.variance, count: test.count };
      details.push(`${name} z=${test.z.toFixed(2)} over ${test.count}`);
    };
    put('likelihood', likelihood);
    put('initials', initials);
    put('synonyms', synonyms);
  }
  return { ...strongest(scores), scores, evidence, detail: details.join('; ') };
}

/** The highest of the scores and the test that gave it. */
export function strongest(scores: Partial<Record<SteganalysisTest, number>>): { score: number; test: SteganalysisTest | undefined } {
  let best: SteganalysisTest | undefined;
  for (const name of STEGANALYSIS_TESTS) {
    const s = scores[name];
    if (s !== undefined && (best === undefined || s > (scores[best] as number))) best = name;
  }
  return { score: best === undefined ? 0 : (scores[best] as number), test: best };
}

/** The surprisal of a sentence's first letter under the model's distribution of first words here. */
function addInitial(test: SurprisalTest, model: TokenModel, weights: Uint32Array, word: string): void {
  const byLetter = new Map<string, number>();
  weights.forEach((w, t) => {
    const v = model.vocabulary[t] ?? '';
    if (t === model.eos || v === '' || PUNCTUATION.has(v)) return;
    byLetter.set(v[0] as string, (byLetter.get(v[0] as string) ?? 0) + w);
  });
  const letters = [...byLetter.keys()];
  const chosen = letters.indexOf(word[0] as string);
  if (chosen < 0) return;
  const c = choiceStats(letters.map((l) => byLetter.get(l) as number), chosen);
  test.add(c.surprisal, c.entropy, c.variance);
}
