/**
 * Operating points of a scoring monitor: the threshold that keeps its false-positive rate on honest traffic
 * at or below a target, the true-positive rate there, and the area under the ROC curve. A monitor detects an
 * envelope when its score is strictly above the threshold, so the threshold is always a score that was seen
 * (or 0: any positive score), and unscored envelopes (score 0) are never detections.
 */

export interface OperatingThreshold {
  /** Detect when score > threshold. */
  threshold: number;
  /** The false-positive rate it gives on the honest scores it was chosen from. */
  fpr: number;
}

/**
 * The lowest threshold whose false-positive rate on `negatives` is at most `targetFpr`: with scores sorted
 * from high to low and `allowed = ⌊targetFpr · N⌋`, it is the (allowed + 1)-th highest score (or 0 when
 * fewer than that score above 0). Ties make the achieved rate lower than the target.
 */
export function thresholdAtFpr(negatives: readonly number[], targetFpr: number): OperatingThreshold {
  if (negatives.length === 0) throw new RangeError('no honest scores to calibrate on');
  if (!(targetFpr >= 0 && targetFpr <= 1)) throw new RangeError(`target false-positive rate ${targetFpr} is not in [0, 1]`);
  const sorted = [...negatives].sort((a, b) => b - a);
  const allowed = Math.floor(targetFpr * sorted.length);
  const threshold = allowed >= sorted.length ? 0 : Math.max(0, sorted[allowed] as number);
  return { threshold, fpr: rateAbove(sorted, threshold) };
}

/** Share of scores strictly above the threshold (NaN for no scores). */
export function rateAbove(scores: readonly number[], threshold: number): number {
  if (scores.length === 0) return Number.NaN;
  let n = 0;
  for (const s of scores) if (s > threshold) n++;
  return n / scores.length;
}

/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative, ties
 * counting one half (the Mann–Whitney statistic). Null when either class is empty.
 */
export function auroc(positives: readonly number[], negatives: readonly number[]): number | null {
  if (positives.length === 0 || negatives.length === 0) return null;
  const neg = [...negatives].sort((a, b) => a - b);
  let sum = 0;
  for (const p of positives) {
    const below = lowerBound(neg, p);
    const upTo = upperBound(neg, p);
    sum += below + (upTo - below) / 2;
  }
  return sum / (positives.length * neg.length);
}

/** Index of the first element >= x in an ascending array. */
function lowerBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element > x in an ascending array. */
function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
