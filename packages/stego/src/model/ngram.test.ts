import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coverModel } from '../cover/cover-model.js';
import { NGRAM_SCALE, NgramModel } from './ngram.js';
import { MAX_DISTRIBUTION_TOTAL } from './token-model.js';

const model = coverModel();

describe('n-gram cover model', () => {
  it('gives every word and the end token a positive integer weight in every context, within the scale', () => {
    const contexts = [[], [model.tokenId('the') as number], model.tokenize('the budget plan is due on friday.') as number[], [model.tokenId('nadia') as number, model.tokenId('zzz') ?? 2]];
    for (const ctx of contexts) {
      const d = model.distribution(ctx);
      let sum = 0;
      d.weights.forEach((w, t) => {
        if (t === 1) expect(w).toBe(0);
        else expect(w).toBeGreaterThanOrEqual(1);
        sum += w;
      });
      expect(sum).toBe(d.total);
      expect(d.total).toBeLessThanOrEqual(NGRAM_SCALE);
      expect(d.total).toBeLessThanOrEqual(MAX_DISTRIBUTION_TOTAL);
    }
  });

  it('learns its corpus: after "is due on" a weekday is by far the likeliest', () => {
    const d = model.distribution(model.tokenize('the harbor audit is due on') as number[]);
    const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'].map((w) => d.weights[model.tokenId(w) as number] as number);
    expect(days.reduce((a, b) => a + b, 0) / d.total).toBeGreaterThan(0.95);
  });

  it('tokenize inverts render for any token sequence', () => {
    const words = model.vocabulary.map((_, i) => i).filter((t) => t !== model.eos && t !== 1);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 40 }), fc.boolean(), (tokens, start) => {
        expect(model.tokenize(model.render(tokens, { sentenceStart: start }))).toEqual(tokens);
      }),
      { seed: 3, numRuns: 300 },
    );
  });

  it('treats words it does not know, and its reserved tokens, as unknown', () => {
    expect(model.tokenize('The zebra is due. </s> <s>')).toEqual([model.tokenId('the'), undefined, model.tokenId('is'), model.tokenId('due'), model.tokenId('.'), undefined, undefined]);
  });

  it('is the same model on every build: a fixed vocabulary size and distribution digest', () => {
    const again = NgramModel.train(['a b c.', 'a b d.'], { id: 'tiny' });
    expect(again.vocabulary).toEqual(['</s>', '<s>', '.', 'a', 'b', 'c', 'd']);
    const d = again.distribution(again.tokenize('a b') as number[]);
    // c and d each follow "a b" once: Witten-Bell gives each (1 + 2·P2)/(2 + 2) of the mass.
    expect(d.weights[5]).toBe(d.weights[6]);
    expect((d.weights[5] as number) / d.total).toBeGreaterThan(0.3);
  });
});
