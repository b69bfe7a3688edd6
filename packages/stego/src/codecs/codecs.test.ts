/**
 * Every codec round-trips: for random payloads, offsets, keys, nonces, openings and sender randomness, the
 * receiver reads back exactly the payload bits the sender says it hid, and the text is in the cover model's
 * word form. Property tests (fast-check) with a fixed seed, so a failure reproduces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coverModel } from '../cover/cover-model.js';
import { openingContext } from '../cover/post.js';
import { DAYS, ITEMS, factSentence } from '../cover/task.js';
import { testRng } from '../test-helpers.js';
import { decodeMessage, encodeMessage } from './codec.js';
import { CODEC_IDS, createCodec } from './registry.js';

const model = coverModel();
const payloadArb = fc.uint8Array({ minLength: 1, maxLength: 96, max: 1 });
const keyArb = fc.uint8Array({ minLength: 32, maxLength: 32 });

describe.each(CODEC_IDS)('codec %s', (id) => {
  const codec = createCodec(id);
  it('reads back exactly the bits it hid, whatever the payload, key, nonce and opening', async () => {
    await fc.assert(
      fc.asyncProperty(payloadArb, fc.nat(95), keyArb, fc.nat(1000), fc.constantFrom(...ITEMS), fc.constantFrom(...DAYS), fc.nat(), async (payload, at, key, nonce, item, day, seed) => {
        const offset = at % payload.length;
        const context = { model, prompt: openingContext(model, factSentence({ item, day })), key, nonce, maxTokens: 48 };
        const { text, consumed } = await encodeMessage(codec, { payload, offset, context, rng: testRng(seed) });
        expect(consumed).toBeGreaterThanOrEqual(0);
        expect(consumed).toBeLessThanOrEqual(payload.length - offset);
        const read = await decodeMessage(codec, text, context);
        expect(read.length).toBeGreaterThanOrEqual(consumed);
        expect([...read.slice(0, consumed)]).toEqual([...payload.slice(offset, offset + consumed)]);
      }),
      { seed: 13, numRuns: id === 'mec' ? 25 : 60 },
    );
  });

  it('is deterministic: same key, nonce and sender seed give the same text', async () => {
    const payload = Uint8Array.from({ length: 40 }, (_, i) => (i * 5) % 3 === 0 ? 1 : 0);
    const context = { model, prompt: openingContext(model, 'the test plan is due on monday.'), key: new Uint8Array(32).fill(9), nonce: 4, maxTokens: 48 };
    const a = await encodeMessage(codec, { payload, offset: 0, context, rng: testRng(5) });
    const b = await encodeMessage(codec, { payload, offset: 0, context, rng: testRng(5) });
    expect(b).toEqual(a);
    expect(a.consumed).toBeGreaterThan(0);
  });

  it('cannot be read with another key', async () => {
    const payload = Uint8Array.from({ length: 64 }, (_, i) => (i % 7 < 3 ? 1 : 0));
    const context = { model, prompt: [], key: new Uint8Array(32).fill(1), nonce: 2, maxTokens: 48 };
    const { text, consumed } = await encodeMessage(codec, { payload, offset: 0, context, rng: testRng(11) });
    const wrong = await decodeMessage(codec, text, { ...context, key: new Uint8Array(32).fill(2) });
    expect(consumed).toBeGreaterThan(0);
    expect([...wrong.slice(0, consumed)]).not.toEqual([...payload.slice(0, consumed)]);
  });
});

describe('codec registry', () => {
  it('refuses an unknown codec and bad options by name', () => {
    expect(() => createCodec('morse' as never)).toThrow(/unknown codec 'morse'; valid codecs: acrostic/);
    expect(() => createCodec('mec', { blockBits: 0 })).toThrow(/blockBits must be an integer in \[1, 16\], got 0/);
  });
});
