/**
 * How far two binary judges agree on the same items (ADR 0094): the fraction of items where they agree, and
 * Cohen's kappa — agreement beyond what two judges saying "attack" at their own rates would reach by chance:
 * κ = (pₒ − pₑ) / (1 − pₑ), pₒ the observed agreement, pₑ = p(rule)·p(model) + (1 − p(rule))·(1 − p(model)).
 */

/** One item's pair of verdicts; `model` is null when the model gave no usable answer. */
export interface VerdictPair {
  rule: boolean;
  model: boolean | null;
}

export interface Agreement {
  /** Agreeing items over all items (an unanswered item disagrees); null without items. */
  agreement: number | null;
  /** Cohen's kappa over the answered items; null without any, or when pₑ = 1 (both judges constant and equal). */
  kappa: number | null;
  unanswered: number;
}

export function agreementOf(pairs: readonly VerdictPair[]): Agreement {
  const answered = pairs.filter((p): p is { rule: boolean; model: boolean } => p.model !== null);
  const agreed = answered.filter((p) => p.rule === p.model).length;
  const unanswered = pairs.length - answered.length;
  if (answered.length === 0) return { agreement: pairs.length === 0 ? null : 0, kappa: null, unanswered };
  const n = answered.length;
  const observed = agreed / n;
  const rule = answered.filter((p) => p.rule).length / n;
  const model = answered.filter((p) => p.model).length / n;
  const chance = rule * model + (1 - rule) * (1 - model);
  return { agreement: agreed / pairs.length, kappa: chance === 1 ? null : (observed - chance) / (1 - chance), unanswered };
}
