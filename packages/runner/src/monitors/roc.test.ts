// Monitor calibration maths: thresholds at a target false-positive rate, rates above them, AUROC.
import { describe, expect, it } from 'vitest';
import { auroc, rateAbove, thresholdAtFpr } from './roc.js';

describe('monitor calibration: operating thresholds and AUROC', () => {
  it('picks the lowest threshold whose honest false-positive rate is within the target (detect when score > threshold)', () => {
    // 1000 honest scores: 980 zeros, then 0.1 ×10, 0.3 ×5, 0.5 ×3, 0.9 ×2.
    const honest = [...Array(980).fill(0), ...Array(10).fill(0.1), ...Array(5).fill(0.3), ...Array(3).fill(0.5), 0.9, 0.9];
    // 1%: 10 allowed; the 11th highest score is 0.1, and 10 scores lie above it.
    expect(thresholdAtFpr(honest, 0.01)).toEqual({ threshold: 0.1, fpr: 0.01 });
    // 0.1%: 1 allowed; the 2nd highest is 0.9 and nothing lies above it (ties make the rate lower than the target).
    expect(thresholdAtFpr(honest, 0.001)).toEqual({ threshold: 0.9, fpr: 0 });
    // 5%: 50 allowed, only 20 scored above 0: any positive score is a detection.
    expect(thresholdAtFpr(honest, 0.05)).toEqual({ threshold: 0, fpr: 0.02 });
    expect(() => thresholdAtFpr([], 0.01)).toThrow(/no honest scores/);
  });

  it('counts only scores strictly above the threshold', () => {
    expect(rateAbove([0, 0.1, 0.1, 0.5], 0.1)).toBe(0.25);
    expect(rateAbove([0, 0.1, 0.1, 0.5], 0)).toBe(0.75);
    expect(rateAbove([], 0)).toBeNaN();
  });

  it('AUROC is the Mann–Whitney probability with ties counting one half', () => {
    expect(auroc([0.9, 0.8], [0.1, 0.2])).toBe(1);
    expect(auroc([0.1], [0.9])).toBe(0);
    expect(auroc([0, 0], [0, 0])).toBe(0.5);
    // Positives 0.5 and 0: against negatives 0, 0, 0.5, 0.9 → (2 + 0.5 + 0) + (0 + 0.5·2) = 3.5 of 8.
    expect(auroc([0.5, 0], [0, 0, 0.5, 0.9])).toBe(3.5 / 8);
    expect(auroc([], [0.1])).toBeNull();
  });
});
