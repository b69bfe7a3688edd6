/**
 * Money and tokens: what a call costs from the declaration's price, and spending limits (a run's, an
 * experiment's). A limit is checked before each request and charged after it, so a run stops at the first
 * request it starts past its limit; requests already in flight finish and are charged (and cached), which
 * can take spending somewhat past the limit.
 */
import { type Budget, MasecError, type ModelDeclaration, type ModelUsage } from '@masec/spec';

export function callCost(model: ModelDeclaration, usage: ModelUsage): number {
  if (model.price === undefined) return 0;
  return (usage.inputTokens * model.price.inputPerMillion + usage.outputTokens * model.price.outputPerMillion) / 1_000_000;
}

export interface Spent {
  tokens: number;
  costUsd: number;
  requests: number;
}

export class SpendLimit implements Budget {
  readonly spent: Spent = { tokens: 0, costUsd: 0, requests: 0 };

  constructor(
    /** What the limit is of, for messages: `run`, `experiment`. */
    readonly what: string,
    readonly limit: { tokens?: number | undefined; costUsd?: number | undefined } = {},
  ) {}

  /** Throws BUDGET_EXCEEDED when the limit is already reached. */
  check(): void {
    const { tokens, costUsd } = this.limit;
    if (tokens !== undefined && this.spent.tokens >= tokens) {
      throw new MasecError('BUDGET_EXCEEDED', `the ${this.what} budget of ${tokens.toLocaleString('en-US')} tokens is spent (${this.spent.tokens.toLocaleString('en-US')} tokens in ${this.spent.requests} requests)`);
    }
    if (costUsd !== undefined && this.spent.costUsd >= costUsd) {
      throw new MasecError('BUDGET_EXCEEDED', `the ${this.what} budget of $${costUsd} is spent ($${this.spent.costUsd.toFixed(4)} in ${this.spent.requests} requests)`);
    }
  }

  charge(usage: ModelUsage & { costUsd?: number }): void {
    this.spent.tokens += usage.inputTokens + usage.outputTokens;
    this.spent.costUsd += usage.costUsd ?? 0;
    this.spent.requests++;
  }

  remaining(): { tokens?: number; costUsd?: number } {
    const out: { tokens?: number; costUsd?: number } = {};
    if (this.limit.tokens !== undefined) out.tokens = Math.max(0, this.limit.tokens - this.spent.tokens);
    if (this.limit.costUsd !== undefined) out.costUsd = Math.max(0, this.limit.costUsd - this.spent.costUsd);
    return out;
  }
}
