import { describe, expect, it } from 'vitest';
import { type VerdictPair, agreementOf } from './agreement.js';

/** `n` copies of one (rule, model) pair. */
function pairs(n: number, rule: boolean, model: boolean | null): VerdictPair[] {
  return Array.from({ length: n }, () => ({ rule, model }));
}

describe('agreementOf', () => {
  it('matches kappa computed by hand on a 2x2 table', () => {
    // rule+/model+ 20, rule+/model- 5, rule-/model+ 10, rule-/model- 15 (n = 50).
    // po = 35/50 = 0.7; p(rule) = 0.5, p(model) = 0.6; pe = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = 0.2/0.5 = 0.4.
    const table = [...pairs(20, true, true), ...pairs(5, true, false), ...pairs(10, false, true), ...pairs(15, false, false)];
    const result = agreementOf(table);
    expect(result.agreement).toBeCloseTo(0.7, 12);
    expect(result.kappa).toBeCloseTo(0.4, 12);
    expect(result.unanswered).toBe(0);
  });

  it('matches a second hand-computed table with unequal rates', () => {
    // ++ 45, +- 15, -+ 25, -- 15 (n = 100): po = 0.6; p(rule) = 0.6, p(model) = 0.7; pe = 0.42 + 0.12 = 0.54;
    // kappa = 0.06 / 0.46 = 0.130434...
    const table = [...pairs(45, true, true), ...pairs(15, true, false), ...pairs(25, false, true), ...pairs(15, false, false)];
    expect(agreementOf(table).kappa).toBeCloseTo(0.06 / 0.46, 12);
  });

  it('is 1 for perfect agreement, negative for systematic disagreement', () => {
    expect(agreementOf([...pairs(3, true, true), ...pairs(7, false, false)])).toEqual({ agreement: 1, kappa: 1, unanswered: 0 });
    // Always opposite with balanced classes: po = 0, pe = 0.5, kappa = -1.
    expect(agreementOf([...pairs(5, true, false), ...pairs(5, false, true)])).toEqual({ agreement: 0, kappa: -1, unanswered: 0 });
  });

  it('counts unanswered items as disagreements in the rate but leaves them out of kappa', () => {
    const result = agreementOf([...pairs(2, true, true), ...pairs(2, false, false), ...pairs(1, true, null)]);
    expect(result).toEqual({ agreement: 0.8, kappa: 1, unanswered: 1 });
  });

  it('has no kappa when both judges say the same thing on every item, and nothing without items', () => {
    expect(agreementOf(pairs(4, false, false))).toEqual({ agreement: 1, kappa: null, unanswered: 0 });
    expect(agreementOf([])).toEqual({ agreement: null, kappa: null, unanswered: 0 });
    expect(agreementOf(pairs(2, true, null))).toEqual({ agreement: 0, kappa: null, unanswered: 2 });
  });
});
