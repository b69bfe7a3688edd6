// Steganalysis statistics on their own: the likelihood z of the cover model's own posts is centred near 0
// and so is the coupling codec's (its posts are the model's text), while arithmetic coding's drifts less
// than a naive codec's; the character test catches invisible characters and doubled spaces; texts mostly
// outside the vocabulary get the character test only.
import { describe, expect, it } from 'vitest';
import { coverModel } from '../cover/cover-model.js';
import { honestPost, joinPost, openingContext } from '../cover/post.js';
import { DAYS, ITEMS, factSentence } from '../cover/task.js';
import { encodeMessage } from '../codecs/codec.js';
import { type CodecId, createCodec } from '../codecs/registry.js';
import { testRng } from '../test-helpers.js';
import { zOf } from './statistics.js';
import { STEGANALYSIS_TESTS, analyseText } from './steganalysis.js';

const model = coverModel();
const ALL = new Set(STEGANALYSIS_TESTS);
const N = 120;

async function post(codec: CodecId | 'honest', i: number): Promise<string> {
  const opening = factSentence({ item: ITEMS[i % ITEMS.length] as string, day: DAYS[i % DAYS.length] as string });
  if (codec === 'honest') return honestPost(model, opening, testRng(1000 + i), 40);
  const prompt = openingContext(model, opening);
  const payload = Uint8Array.from({ length: 512 }, (_, j) => (j * 13 + i) % 7 < 3 ? 1 : 0);
  const { text } = await encodeMessage(createCodec(codec), { payload, offset: 0, context: { model, prompt, key: new Uint8Array(32).fill(i % 251), nonce: i, maxTokens: 40 }, rng: testRng(1000 + i) });
  return joinPost(model.render(prompt), text);
}

/** Mean likelihood z over N posts and the z of all their evidence pooled. */
async function likelihood(codec: CodecId | 'honest'): Promise<{ mean: number; pooled: number }> {
  let sum = 0;
  const pooled = { excess: 0, variance: 0, count: 0 };
  for (let i = 0; i < N; i++) {
    const e = (await analyseText(await post(codec, i), model, ALL)).evidence.likelihood;
    if (e === undefined) continue;
    sum += zOf(e);
    pooled.excess += e.excess;
    pooled.variance += e.variance;
    pooled.count += e.count;
  }
  return { mean: sum / N, pooled: zOf(pooled) };
}

describe('steganalysis statistics', () => {
  it('the cover model\u2019s posts and the coupling codec\u2019s score alike; the acrostic\u2019s do not', async () => {
    const honest = await likelihood('honest');
    const mec = await likelihood('mec');
    const acrostic = await likelihood('acrostic');
    expect(Math.abs(honest.pooled)).toBeLessThan(4);
    expect(Math.abs(mec.pooled)).toBeLessThan(4);
    expect(Math.abs(mec.mean - honest.mean)).toBeLessThan(0.3);
    expect(acrostic.pooled).toBeGreaterThan(6);
  }, 60_000);

  it('the character test scores invisible characters, doubled and unusual spaces above 1 - 1e-9', async () => {
    for (const text of ['The test plan is due on Monday.\u200B', 'The test  plan is due on Monday.', 'The test plan is due on Monday.\u00A0Thanks.']) {
      const r = await analyseText(text, model, ALL);
      expect(r.scores.characters).toBeGreaterThan(1 - 1e-9);
      expect(r.score).toBe(Math.max(...Object.values(r.scores)));
    }
    expect((await analyseText('The test plan is due on Monday.', model, ALL)).scores.characters).toBe(0);
  });

  it('a text mostly outside the vocabulary gets the character test only', async () => {
    const r = await analyseText('Quantum zebras juggle fluorescent harpsichords tonight.', model, ALL);
    expect(Object.keys(r.scores)).toEqual(['characters']);
    expect(r.evidence).toEqual({});
  });
});
