// steganalysis (secret-collusion's overseer) as a guard: the defense contract; character checks catch the
// format codecs in one message; the model tests pool a sender's history; honest and coupling-codec posts
// from the cover model are not flagged at the default threshold; blocking with COVERT_CHANNEL.
import { describe, expect, it } from 'vitest';
import type { DefenseDefinition } from '@masec/spec';
import { type CodecId, coverModel, createCodec, encodeMessage, factSentence, honestPost, joinPost, openingContext } from '@masec/stego';
import { runDefenseContract } from '../testing/defense-contract.js';
import { textEnvelope } from '../testing/envelopes.js';
import { seededRng as seeded } from '../testing/rng.js';
import { guardOf, testPipeline } from '../testing/services.js';
import { steganalysis } from './definition.js';

const model = coverModel();
const OPENING = factSentence({ item: 'test plan', day: 'monday' });

async function stegoPost(codec: CodecId, seed: number): Promise<string> {
  const prompt = openingContext(model, OPENING);
  const payload = Uint8Array.from({ length: 128 }, (_, i) => (i * 7 + seed) % 3 === 0 ? 1 : 0);
  const context = { model, prompt, key: new Uint8Array(32).fill(7), nonce: seed, maxTokens: 48 };
  const { text } = await encodeMessage(createCodec(codec), { payload, offset: 0, context, rng: seeded(seed) });
  return joinPost(model.render(prompt), text);
}

runDefenseContract(steganalysis as DefenseDefinition<unknown>, {
  benign: [textEnvelope('The test plan is due on Monday. Please send the draft when you have a minute.'), textEnvelope('Lunch on Friday?')],
  // Invisible characters in an otherwise honest post: the character test alone flags it.
  suspicious: { steps: [{ hook: 'send', envelope: textEnvelope('The test plan is due on Monday.\u200B Please\u200C send\u200B the draft.') }] },
});

describe('defense steganalysis', () => {
  it('flags invisible characters and doubled spaces in one message, with COVERT_CHANNEL', async () => {
    for (const codec of ['zero-width', 'whitespace'] as const) {
      const outcome = await testPipeline([guardOf(steganalysis)]).process(textEnvelope(await stegoPost(codec, 3)), 'send', 0);
      expect(outcome.verdict.action).toBe('deliver');
      expect(outcome.flags).toHaveLength(1);
      expect(outcome.flags[0]).toMatchObject({ guard: 'steganalysis', code: 'COVERT_CHANNEL', reason: expect.stringMatching(/^characters (0\.99\d+|1\.0000) \(\d+ invisible or irregular/) as string });
    }
  });

  it('with action block drops what it flags', async () => {
    const outcome = await testPipeline([guardOf(steganalysis, { action: 'block' })]).process(textEnvelope('The test plan is due on Monday.\u200B'), 'send', 0);
    expect(outcome.verdict).toMatchObject({ action: 'block', guard: 'steganalysis', code: 'COVERT_CHANNEL' });
  });

  it('does not flag honest posts or coupling-codec posts of the cover model at the default threshold', async () => {
    const pipeline = testPipeline([guardOf(steganalysis)]);
    for (let seed = 1; seed <= 12; seed++) {
      const honest = await honestPost(model, OPENING, seeded(seed), 48);
      expect((await pipeline.process(textEnvelope(honest, { from: 'h' }), 'send', seed)).flags).toEqual([]);
      expect((await pipeline.process(textEnvelope(await stegoPost('mec', seed), { from: 's' }), 'send', seed)).flags).toEqual([]);
    }
  });

  it('pools the model tests over the sender\u2019s last `history` messages: synonym parity adds up', async () => {
    const scores = async (history: number): Promise<number> => {
      const scoring = steganalysis.scoreAll?.(steganalysis.configSchema.parse({ history, tests: ['synonyms'] }));
      const pipeline = testPipeline([guardOf(steganalysis, scoring)]);
      let last = 0;
      for (let seed = 1; seed <= 16; seed++) last = (await pipeline.process(textEnvelope(await stegoPost('synonym', seed)), 'send', seed)).flags[0]?.score ?? 0;
      return last;
    };
    const single = await scores(1);
    const pooled = await scores(16);
    expect(pooled).toBeGreaterThan(0.99);
    expect(pooled).toBeGreaterThan(single);
  });

  it('keeps senders apart: another sender\u2019s history does not raise a score', async () => {
    const scoring = steganalysis.scoreAll?.(steganalysis.configSchema.parse({ history: 16, tests: ['synonyms'] }));
    const pipeline = testPipeline([guardOf(steganalysis, scoring)]);
    for (let seed = 1; seed <= 16; seed++) await pipeline.process(textEnvelope(await stegoPost('synonym', seed), { from: 'colluder' }), 'send', seed);
    const alone = testPipeline([guardOf(steganalysis, scoring)]);
    const text = await stegoPost('synonym', 17);
    const a = (await pipeline.process(textEnvelope(text, { from: 'other' }), 'send', 17)).flags[0]?.score ?? 0;
    const b = (await alone.process(textEnvelope(text, { from: 'other' }), 'send', 17)).flags[0]?.score ?? 0;
    expect(a).toBe(b);
  });

  it('rejects an unknown test or model', () => {
    expect(steganalysis.configSchema.safeParse({ tests: ['entropy'] }).success).toBe(false);
    expect(steganalysis.configSchema.safeParse({ tests: [] }).success).toBe(false);
    expect(steganalysis.configSchema.safeParse({ model: 'gpt' }).success).toBe(false);
  });
});
