/**
 * The market engine's contract: the scenario's `market` block — a repeated Bertrand oligopoly with logit
 * demand (Calvano, Calzolari, Denicolò & Pastorello, AER 2020) in which each firm is a Q-learner on a
 * discretised price grid — and what it reports. Firms are the scenario's agents (`agents.count` of them).
 */
import { z } from 'zod';
import type { VerdictCode } from './verdict.js';

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

/**
 * Firms that are language models instead of Q-learners (Fish, Gonczarowski & Shorrer 2024): each period each
 * firm is asked once, through the `models` service, for its price (a `set_price` tool call), shown its cost,
 * the prices it may charge (the grid's span, continuous) and the market history of the last `history` periods.
 * Optional: scenarios without it parse as before.
 */
export const MarketLlmSchema = z
  .strictObject({
    history: z.number().int().min(1).max(200).default(20).describe('periods of market history each firm is shown (its own price, units sold and profit, and its rivals\u2019 prices)'),
    notes: z.boolean().default(true).describe('each firm may write plans and insights with its price, shown to it again the next period (its only memory beyond the history)'),
    window: z.number().int().min(5).max(10_000).default(50).describe('periods per progress event and per market-defense check (market.window is for Q-learners)'),
    tail: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .default(50)
      .describe('last periods of the session over which each firm\u2019s profit is averaged for \u0394 (and in which a repeating price cycle is looked for)'),
  })
  .describe('language-model pricing firms: one model call per firm per period (the model is the arm\u2019s, agents.model or the first declared)');
export type MarketLlmConfig = z.infer<typeof MarketLlmSchema>;

export const MarketSchema = z
  .strictObject({
    demand: MarketDemandSchema.default({ quality: 2, outside: 0, cost: 1, mu: 0.25 }),
    grid: MarketGridSchema.default({ prices: 15, xi: 0.1 }),
    learning: MarketLearningSchema.default({ alpha: 0.15, beta: 4e-6, delta: 0.95, memory: 1 }),
    window: z
      .number()
      .int()
      .min(100)
      .max(100_000_000)
      .optional()
      .describe('periods per progress event and per market-defense check (default: `stable`, at least 10,000)'),
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
    llm: MarketLlmSchema.optional().describe('when given, the firms are language models (see MarketLlmSchema) and `learning` only lends its discount factor'),
  })
  .describe('market engine: a repeated logit-demand Bertrand oligopoly of Q-learning (or, with llm, language-model) firms');
export type MarketConfig = z.infer<typeof MarketSchema>;

/**
 * What a market-level defense sees after each window of `market.window` periods: posted prices only (each
 * firm's mean and standard deviation over the window) and the market's public benchmarks, the static
 * Bertrand–Nash and joint-monopoly prices a regulator computes from demand and cost. Never the firms' Q
 * tables, strategies or exploration rate.
 */
export interface MarketWindow {
  /** Periods played at the end of the window. */
  period: number;
  /** Periods in the window. */
  periods: number;
  mean: readonly number[];
  sd: readonly number[];
  nashPrices: readonly number[];
  monopolyPrices: readonly number[];
}

/** A market defense's reading of one window: a score in [0, 1], and what to do if it flags. */
export interface MarketCheck {
  score: number;
  /** Set when the defense flags this window (its first flag in a session is logged as `market-flag`). */
  flag?: {
    code: VerdictCode;
    reason: string;
    /** The intervention ordered with the flag: the highest price each firm may charge from now on. */
    priceCap?: readonly number[];
  };
}

export interface MarketGuard {
  check(window: MarketWindow): MarketCheck;
}

/** What a defense does on the market engine (absent when it has no market-level form). */
export interface MarketFacet<C> {
  create(config: C): MarketGuard;
}
