/**
 * The market engine's contract: the scenario's `market` block — a repeated Bertrand oligopoly with logit
 * demand (Calvano, Calzolari, Denicolò & Pastorello, AER 2020) in which each firm is a Q-learner on a
 * discretised price grid — and what it reports. Firms are the scenario's agents (`agents.count` of them).
 */
import { z } from 'zod';

const positive = z.number().positive();

/** A value for every firm, or one for all. */
const perFirm = (schema: z.ZodNumber) => z.union([schema, z.array(schema).min(2)]);

export const MarketDemandSchema = z.strictObject({
  quality: perFirm(z.number()).default(2).describe('a_i: each firm\u2019s product quality (one number for all, or one per firm)'),
  outside: z.number().default(0).describe('a_0: quality of the outside good'),
  cost: perFirm(z.number().min(0)).default(1).describe('c_i: each firm\u2019s marginal cost'),
  mu: positive.default(0.25).describe('\u03bc: horizontal differentiation (0 would be perfect substitutes)'),
});

export const MarketGridSchema = z.strictObject({
  prices: z.number().int().min(2).max(100).default(15).describe('m: prices each firm can choose'),
  xi: z.number().min(0).max(10).default(0.1).describe('\u03be: the grid spans [p_N \u2212 \u03be(p_M \u2212 p_N), p_M + \u03be(p_M \u2212 p_N)]'),
});

export const MarketLearningSchema = z.strictObject({
  alpha: z.number().gt(0).max(1).default(0.15).describe('learning rate of the Q-update'),
  beta: z.number().min(0).max(1).default(4e-6).describe('exploration decay: \u03b5_t = exp(\u2212\u03b2t)'),
  delta: z.number().min(0).lt(1).default(0.95).describe('discount factor'),
  memory: z
    .union([z.literal(0), z.literal(1)])
    .default(1)
    .describe('periods of past prices a firm conditions on: 1, the last prices of all firms (the paper\u2019s baseline); 0, none (a firm cannot respond to its rivals, so cannot punish)'),
});

export const MarketSchema = z
  .strictObject({
    demand: MarketDemandSchema.default({ quality: 2, outside: 0, cost: 1, mu: 0.25 }),
    grid: MarketGridSchema.default({ prices: 15, xi: 0.1 }),
    learning: MarketLearningSchema.default({ alpha: 0.15, beta: 4e-6, delta: 0.95, memory: 1 }),
    stable: z
      .number()
      .int()
      .min(1)
      .max(100_000_000)
      .default(100_000)
      .describe('converged when every firm\u2019s greedy strategy has not changed for this many periods; a session that has not by `rounds` periods ends unconverged (reported, not an error)'),
    deviation: z
      .strictObject({
        firm: z.number().int().min(0).default(0).describe('the firm forced to deviate (0-based)'),
        periods: z.number().int().min(1).max(1000).default(15).describe('periods followed after the deviation'),
      })
      .default({ firm: 0, periods: 15 })
      .describe('after convergence, the firm plays its static best response to the others\u2019 prices for one period; the price path that follows shows punishment and return'),
  })
  .describe('market engine: a repeated logit-demand Bertrand oligopoly of Q-learning firms');
export type MarketConfig = z.infer<typeof MarketSchema>;
