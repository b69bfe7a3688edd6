/**
 * Arithmetic-coding steganography (in the manner of Ziegler, Deng & Rush 2019): the hidden bits, read as a
 * binary fraction, are *decoded* into tokens with the cover model's distribution — each token is the one
 * whose slice of the current interval holds the fraction — and the receiver *encodes* the tokens back into
 * bits. Integer arithmetic coding (Witten, Neal & Cleary 1987) with 28-bit bounds and pending-bit (underflow)
 * handling: every product stays below 2^53, so encoder and decoder compute the same integers on any machine.
 * Because the hidden bits are ciphertext (uniform), the tokens follow the model up to the rounding of slice
 * bounds (a relative error below 2^-24 per token); the coupling codec (mec.ts) removes even that.
 */
import { MasecError } from '@masec/spec';
import { MAX_DISTRIBUTION_TOTAL, type TokenDistribution, type TokenModel } from '../model/token-model.js';
import { receivedSteps } from './sample.js';
import type { CoverContext, Hidden, HiddenBits, StegoCodec } from './codec.js';

const PRECISION = 28;
const WHOLE = 2 ** PRECISION;
const HALF = WHOLE / 2;
const QUARTER = WHOLE / 4;

/** The interval state both sides keep, and the bits it has settled so far. */
class Interval {
  low = 0;
  high = WHOLE - 1;
  pending = 0;
  readonly settled: number[] = [];

  /** Slice bounds of token `t` within the current interval: [lo, hi]. */
  slice(dist: TokenDistribution, cumLow: number, t: number): [number, number] {
    const range = this.high - this.low + 1;
    const w = dist.weights[t] as number;
    return [this.low + Math.floor((range * cumLow) / dist.total), this.low + Math.floor((range * (cumLow + w)) / dist.total) - 1];
  }

  /** Narrows to [lo, hi] and shifts out settled bits; `shift` is told of every doubling (the sender moves its window). */
  narrow(lo: number, hi: number, shift: (offset: number) => void): void {
    this.low = lo;
    this.high = hi;
    for (;;) {
      let offset: number;
      if (this.high < HALF) {
        this.#emit(0);
        offset = 0;
      } else if (this.low >= HALF) {
        this.#emit(1);
        offset = HALF;
      } else if (this.low >= QUARTER && this.high < 3 * QUARTER) {
        this.pending++;
        offset = QUARTER;
      } else return;
      this.low = 2 * (this.low - offset);
      this.high = 2 * (this.high - offset) + 1;
      shift(offset);
    }
  }

  #emit(bit: number): void {
    this.settled.push(bit);
    for (; this.pending > 0; this.pending--) this.settled.push(1 - bit);
  }
}

function checkTotal(dist: TokenDistribution, model: TokenModel): void {
  if (!(dist.total >= 1 && dist.total <= MAX_DISTRIBUTION_TOTAL)) {
    throw new MasecError('CONFIG_INVALID', `model '${model.id}': a distribution total of ${dist.total} is outside [1, 2^24]`);
  }
}

/** The token whose slice holds `value`, and its cumulative low weight. */
function tokenAt(dist: TokenDistribution, interval: Interval, value: number): { token: number; cumLow: number } {
  const range = interval.high - interval.low + 1;
  const target = Math.floor(((value - interval.low + 1) * dist.total - 1) / range);
  let cum = 0;
  for (let t = 0; t < dist.weights.length; t++) {
    const w = dist.weights[t] as number;
    if (target < cum + w) return { token: t, cumLow: cum };
    cum += w;
  }
  throw new RangeError('arithmetic decoder: value outside the interval');
}

function cumulativeBefore(dist: TokenDistribution, token: number): number {
  let cum = 0;
  for (let t = 0; t < token; t++) cum += dist.weights[t] as number;
  return cum;
}

export const arithmeticCodec: StegoCodec = {
  id: 'arithmetic',
  description: 'hidden bits as a binary fraction, arithmetic-decoded into tokens of the cover model',
  kind: 'model',
  async hide(bits: HiddenBits, context: CoverContext): Promise<Hidden> {
    const { model } = context;
    const interval = new Interval();
    let next = 0;
    let value = 0;
    for (; next < PRECISION; next++) value = value * 2 + bits.bit(next);
    const ctx = [...context.prompt];
    const out: number[] = [];
    while (out.length < context.maxTokens) {
      const dist = await model.distribution(ctx);
      checkTotal(dist, model);
      const { token, cumLow } = tokenAt(dist, interval, value);
      const [lo, hi] = interval.slice(dist, cumLow, token);
      interval.narrow(lo, hi, (offset) => {
        value = 2 * (value - offset) + bits.bit(next++);
      });
      if (token === model.eos) break;
      out.push(token);
      ctx.push(token);
    }
    return { text: model.render(out), carried: interval.settled.length };
  },
  async reveal(text: string, context: CoverContext) {
    const { model } = context;
    const interval = new Interval();
    const ctx = [...context.prompt];
    for (const token of receivedSteps(model, text, context.maxTokens)) {
      const dist = await model.distribution(ctx);
      checkTotal(dist, model);
      if ((dist.weights[token] ?? 0) === 0) break;
      const [lo, hi] = interval.slice(dist, cumulativeBefore(dist, token), token);
      interval.narrow(lo, hi, () => undefined);
      ctx.push(token);
    }
    return Uint8Array.from(interval.settled);
  },
};

