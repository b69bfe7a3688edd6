/**
 * Minimum-entropy-coupling steganography (after Schroeder de Witt et al., ICLR 2023, "Perfectly secure
 * steganography using minimum entropy coupling"). The hidden bits are cut into blocks of `blockBits`; both
 * sides keep a posterior over the current block's value, starting uniform. For each token they couple that
 * posterior with the model's next-token distribution (greedy minimum-entropy coupling); the sender draws the
 * token from the coupling's row of the block's true value, and both update the posterior to the coupling's
 * column of the token drawn. When one value is left, the block is read and the next one starts.
 *
 * Why no detector can tell: the block's value is uniform to anyone without the key, so its posterior given
 * the tokens so far is exactly the one the sides keep, and the coupling's column sums are the model's
 * weights: every token is distributed exactly as the model's next token. Everything is exact integer
 * arithmetic (bigint masses), so sender and receiver never disagree and there is no rounding to detect.
 */
import type { Rng } from '@masec/spec';
import { intToBits } from '../bits.js';
import type { TokenDistribution, TokenModel } from '../model/token-model.js';
import { uniformBigInt } from '../uniform.js';
import { type Cell, gcd, greedyCoupling } from './coupling.js';
import { receivedSteps } from './sample.js';
import { type CoverContext, type Hidden, type HiddenBits, type StegoCodec, readInt } from './codec.js';

export interface MecOptions {
  /** Bits per block (1..16): the posterior has 2^blockBits values. */
  blockBits: number;
}

/** The posterior over the current block: candidate values and their (unnormalised) integer weights. */
class BlockPosterior {
  values: number[] = [];
  weights: bigint[] = [];
  readonly decoded: number[] = [];

  constructor(readonly bits: number) {
    this.#reset();
  }

  #reset(): void {
    this.values = Array.from({ length: 2 ** this.bits }, (_, i) => i);
    this.weights = this.values.map(() => 1n);
  }

  /** The coupling of this posterior with `dist` (rows: candidates; columns: tokens). */
  couple(dist: TokenDistribution): Cell[] {
    let total = 0n;
    for (const w of this.weights) total += w;
    const T = BigInt(dist.total);
    const rows = this.weights.map((w) => w * T);
    const cols = Array.from(dist.weights, (w) => BigInt(w) * total);
    return greedyCoupling(rows, cols);
  }

  /** Keep the candidates the coupling pairs with `token`, weighted by those cells; read the block when one is left. */
  observe(cells: readonly Cell[], token: number): void {
    const values: number[] = [];
    const weights: bigint[] = [];
    let g = 0n;
    for (const cell of cells) {
      if (cell.col !== token) continue;
      values.push(this.values[cell.row] as number);
      weights.push(cell.mass);
      g = gcd(g, cell.mass);
    }
    if (values.length === 0) throw new RangeError('mec: a token outside the coupling');
    if (values.length === 1) {
      this.decoded.push(values[0] as number);
      this.#reset();
      return;
    }
    this.values = values;
    this.weights = weights.map((w) => w / g);
  }
}

/** A token from the coupling row of candidate `row` (exact draw over the row's mass). */
function drawFromRow(cells: readonly Cell[], row: number, rowMass: bigint, rng: Rng): number {
  let u = uniformBigInt(rng, rowMass);
  for (const cell of cells) {
    if (cell.row !== row) continue;
    if (u < cell.mass) return cell.col;
    u -= cell.mass;
  }
  throw new RangeError('mec: coupling row does not add up');
}

async function step(model: TokenModel, ctx: readonly number[], posterior: BlockPosterior): Promise<{ dist: TokenDistribution; cells: Cell[] }> {
  const dist = await model.distribution(ctx);
  return { dist, cells: posterior.couple(dist) };
}

export function mecCodec(options: MecOptions): StegoCodec {
  const k = options.blockBits;
  return {
    id: 'mec',
    description: `minimum-entropy coupling of ${k}-bit blocks with the cover model's next token`,
    kind: 'model',
    async hide(bits: HiddenBits, context: CoverContext, rng: Rng): Promise<Hidden> {
      const { model } = context;
      const posterior = new BlockPosterior(k);
      const ctx = [...context.prompt];
      const out: number[] = [];
      while (out.length < context.maxTokens) {
        const truth = readInt(bits, posterior.decoded.length * k, k);
        const row = posterior.values.indexOf(truth);
        const { dist, cells } = await step(model, ctx, posterior);
        const token = drawFromRow(cells, row, (posterior.weights[row] as bigint) * BigInt(dist.total), rng);
        posterior.observe(cells, token);
        if (token === model.eos) break;
        out.push(token);
        ctx.push(token);
      }
      return { text: model.render(out), carried: posterior.decoded.length * k };
    },
    async reveal(text: string, context: CoverContext) {
      const { model } = context;
      const posterior = new BlockPosterior(k);
      const ctx = [...context.prompt];
      for (const token of receivedSteps(model, text, context.maxTokens)) {
        const { cells } = await step(model, ctx, posterior);
        if (!cells.some((c) => c.col === token)) break;
        posterior.observe(cells, token);
        ctx.push(token);
      }
      const out = new Uint8Array(posterior.decoded.length * k);
      posterior.decoded.forEach((v, i) => out.set(intToBits(v, k), i * k));
      return out;
    },
  };
}
