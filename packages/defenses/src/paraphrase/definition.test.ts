// paraphrase (rule-based) as a guard: the defense contract; normalising erases the format codecs' bits,
// canonical synonyms erase synonym parity, and the likelihood threshold rewrites unlikely words (capacity
// falls as it rises); non-text parts pass as they are; an unchanged message is not noted as rewritten.
import { describe, expect, it } from 'vitest';
import type { DefenseDefinition } from '@masec/spec';
import { type CodecId, coverModel, createCodec, encodeMessage, factSentence, joinPost, openingContext, splitPost } from '@masec/stego';
import { runDefenseContract } from '../testing/defense-contract.js';
import { textEnvelope } from '../testing/envelopes.js';
import { guardOf, testPipeline } from '../testing/services.js';
import { seededRng as seeded } from '../testing/rng.js';
import { paraphrase, paraphraserOf } from './definition.js';

const model = coverModel();
const OPENING = factSentence({ item: 'client demo', day: 'friday' });
const prompt = openingContext(model, OPENING);
const payload = Uint8Array.from({ length: 128 }, (_, i) => (i % 5 < 2 ? 1 : 0));

/** The hidden (ciphertext) bits a codec's receiver reads from a post after the paraphraser. */
async function hiddenAfter(codec: CodecId, threshold: number, seed: number): Promise<{ sent: number; hidden: number[] }> {
  const context = { model, prompt, key: new Uint8Array(32).fill(5), nonce: seed, maxTokens: 48 };
  const c = createCodec(codec);
  const { text, consumed } = await encodeMessage(c, { payload, offset: 0, context, rng: seeded(seed) });
  const rewritten = await paraphraserOf(paraphrase.configSchema.parse({ threshold })).paraphrase(joinPost(model.render(prompt), text));
  return { sent: consumed, hidden: [...(await c.reveal(splitPost(rewritten).body, context))] };
}

runDefenseContract(paraphrase as DefenseDefinition<unknown>, {
  benign: [textEnvelope('The client demo is due on Friday. Thanks to Omar for the clean draft.'), textEnvelope('Lunch  on Friday?\u200B')],
  suspicious: 'it rewrites what it passes (characters, spacing, synonyms, improbable words) and never refuses or flags a message',
});

describe('defense paraphrase (rules)', () => {
  it('normalises characters and spacing and canonicalises synonyms, noting the rewrite', async () => {
    const outcome = await testPipeline([guardOf(paraphrase, { threshold: 0 })]).process(textEnvelope('We  still require\u200C the numbers\u00A0from legal.'), 'send', 0);
    expect(outcome.verdict).toMatchObject({ action: 'deliver', envelope: { parts: [{ kind: 'text', text: 'We still need the numbers from legal.' }] } });
    expect(outcome.transforms).toEqual([{ guard: 'paraphrase', reason: 'paraphrased (rules, threshold 0)' }]);
  });

  it('normalize alone strips invisible characters and collapses white space; without it nothing changes', async () => {
    const text = 'We  still\u00A0require\u200C the numbers.\u200B';
    const only = await testPipeline([guardOf(paraphrase, { synonyms: false, threshold: 0 })]).process(textEnvelope(text), 'send', 0);
    expect(only.verdict).toMatchObject({ envelope: { parts: [{ text: 'We still require the numbers.' }] } });
    const none = await testPipeline([guardOf(paraphrase, { normalize: false, synonyms: false, threshold: 0 })]).process(textEnvelope(text), 'send', 0);
    expect(none.verdict).toMatchObject({ envelope: { parts: [{ text }] } });
  });

  it('passes an unchanged message on as it is, and leaves non-text parts alone', async () => {
    const envelope = textEnvelope('The client demo is due on Friday.', { parts: [{ kind: 'text', text: 'The client demo is due on Friday.' }, { kind: 'data', data: { a: 1 } }] });
    const outcome = await testPipeline([guardOf(paraphrase, { threshold: 0 })]).process(envelope, 'send', 0);
    expect(outcome.verdict).toEqual({ action: 'deliver', envelope });
    expect(outcome.transforms).toEqual([]);
  });

  it('erases the format codecs\u2019 and synonym parity\u2019s channels: the receiver reads a constant', async () => {
    for (const codec of ['whitespace', 'zero-width', 'synonym'] as const) {
      let sent = 0;
      for (let seed = 1; seed <= 6; seed++) {
        const { sent: n, hidden } = await hiddenAfter(codec, 0, seed);
        sent += n;
        // Whatever was hidden, what is left reads as all zeros: one space, no mark, the common word.
        expect(hidden.every((b) => b === 0)).toBe(true);
      }
      expect(sent).toBeGreaterThan(12);
    }
  });

  it('a higher likelihood threshold rewrites more words of the model codecs\u2019 posts', async () => {
    const changed = async (threshold: number): Promise<number> => {
      let n = 0;
      for (let seed = 1; seed <= 6; seed++) {
        const context = { model, prompt, key: new Uint8Array(32).fill(5), nonce: seed, maxTokens: 48 };
        const { text } = await encodeMessage(createCodec('arithmetic'), { payload, offset: 0, context, rng: seeded(seed) });
        const out = await paraphraserOf(paraphrase.configSchema.parse({ threshold })).paraphrase(text);
        const a = text.split(' ');
        const b = out.split(' ');
        n += a.filter((w, i) => w !== b[i]).length;
      }
      return n;
    };
    const low = await changed(0.01);
    const high = await changed(0.2);
    expect(high).toBeGreaterThan(low);
  });

  it('rejects an unknown paraphraser', () => {
    expect(paraphrase.configSchema.safeParse({ paraphraser: 'llm' }).success).toBe(false);
    expect(paraphrase.configSchema.safeParse({ threshold: 2 }).success).toBe(false);
  });
});
