/**
 * The coupling codec's security claim, tested two ways: exactly (the greedy coupling's marginals are the two
 * distributions, to the last integer) and statistically (over many messages with random keys and payloads,
 * the first token after a fact sentence follows the cover model: a chi-square test with a fixed seed, which
 * the acrostic codec fails on the same sample size — so the test has the power to see a naive codec).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Rng } from '@masec/spec';
import { coverModel } from '../cover/cover-model.js';
import { openingContext } from '../cover/post.js';
import { testRng } from '../test-helpers.js';
import { type StegoCodec, encodeMessage } from './codec.js';
import { greedyCoupling } from './coupling.js';
import { createCodec } from './registry.js';
import { drawToken } from './sample.js';

describe('greedy coupling', () => {
  it('has exactly the given marginals and at most n + m - 1 cells', () => {
    const masses = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(masses, masses, (a, b) => {
        fc.pre(a.some((x) => x > 0) && b.some((x) => x > 0));
        const sa = a.reduce((s, x) => s + x, 0);
        const sb = b.reduce((s, x) => s + x, 0);
        // Scale to equal sums, as the codec does (rows × total of columns, columns × total of rows).
        const rows = a.map((x) => BigInt(x * sb));
        const cols = b.map((x) => BigInt(x * sa));
        const cells = greedyCoupling(rows, cols);
        const rowSum = rows.map(() => 0n);
        const colSum = cols.map(() => 0n);
        for (const c of cells) {
          expect(c.mass > 0n).toBe(true);
          rowSum[c.row] = (rowSum[c.row] as bigint) + c.mass;
          colSum[c.col] = (colSum[c.col] as bigint) + c.mass;
        }
        expect(rowSum).toEqual(rows);
        expect(colSum).toEqual(cols);
        expect(cells.length).toBeLessThanOrEqual(a.filter((x) => x > 0).length + b.filter((x) => x > 0).length - 1);
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('refuses marginals of different sums', () => {
    expect(() => greedyCoupling([1n, 2n], [4n])).toThrow(/marginals sum to 3 and 4/);
  });
});

const model = coverModel();
const opening = openingContext(model, 'the harbor audit is due on thursday.');
const SAMPLES = 1500;

/** Tally of the first token of `SAMPLES` texts, each from a fresh key and payload. */
async function firstTokens(write: (rng: Rng, i: number) => Promise<number>): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  const rng = testRng(2023);
  for (let i = 0; i < SAMPLES; i++) {
    const t = await write(rng, i);
    counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return counts;
}

async function viaCodec(codec: StegoCodec): Promise<Map<number, number>> {
  return firstTokens(async (rng, i) => {
    const key = Uint8Array.from({ length: 32 }, () => rng.int(256));
    const payload = Uint8Array.from({ length: 24 }, () => rng.int(2));
    const { text } = await encodeMessage(codec, { payload, offset: 0, context: { model, prompt: opening, key, nonce: i, maxTokens: 1 }, rng });
    return text === '' ? model.eos : (model.tokenize(text)[0] as number);
  });
}

/** Pearson's chi-square of counts against the model's distribution, cells with expectation < 5 pooled; and its df. */
function chiSquare(counts: Map<number, number>): { stat: number; df: number } {
  const dist = model.distribution(opening);
  let stat = 0;
  let cells = 0;
  let poolObserved = 0;
  let poolExpected = 0;
  dist.weights.forEach((w, t) => {
    const expected = (SAMPLES * w) / dist.total;
    const observed = counts.get(t) ?? 0;
    if (expected < 5) {
      poolObserved += observed;
      poolExpected += expected;
      return;
    }
    stat += (observed - expected) ** 2 / expected;
    cells++;
  });
  if (poolExpected > 0) {
    stat += (poolObserved - poolExpected) ** 2 / poolExpected;
    cells++;
  }
  return { stat, df: cells - 1 };
}

/** Upper critical value of chi-square at alpha = 0.001 (Wilson-Hilferty; z = 3.09). */
function critical(df: number): number {
  const z = 3.0902;
  return df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
}

describe('mec output distribution', () => {
  it('follows the cover model: chi-square of the first token passes at alpha 0.001, where acrostic fails', async () => {
    const honest = chiSquare(await firstTokens(async (rng) => drawToken(model.distribution(opening), rng)));
    const mec = chiSquare(await viaCodec(createCodec('mec')));
    const acrostic = chiSquare(await viaCodec(createCodec('acrostic')));
    expect(honest.df).toBeGreaterThan(10);
    expect(honest.stat).toBeLessThan(critical(honest.df));
    expect(mec.stat).toBeLessThan(critical(mec.df));
    expect(acrostic.stat).toBeGreaterThan(critical(acrostic.df));
  }, 120_000);
});
