import { describe, expect, it } from 'vitest';
import { VERDICT_CODES, VERDICT_CODE_PATTERN, block, isVerdictCode, wireErrorOf } from './verdict.js';

describe('verdict codes and wire errors', () => {
  it('every built-in code is upper snake case with a 4xx/5xx status and a description', () => {
    for (const [code, info] of Object.entries(VERDICT_CODES)) {
      expect(code).toMatch(VERDICT_CODE_PATTERN);
      expect(info.status).toBeGreaterThanOrEqual(400);
      expect(info.status).toBeLessThan(600);
      expect(info.description.length).toBeGreaterThan(10);
    }
  });

  it.each([
    ['RATE_LIMITED', true],
    ['MY_PLUGIN_DENIED', true],
    ['X1', true],
    ['rate_limited', false],
    ['RATE-LIMITED', false],
    ['_RATE', false],
    ['RATE_', false],
    ['RATE__LIMITED', false],
    ['', false],
  ])('%j is a verdict code: %s', (code, ok) => {
    expect(isVerdictCode(code)).toBe(ok);
  });

  it('a block becomes a wire error with the status of its code', () => {
    expect(wireErrorOf(block('rate-limit', 'RATE_LIMITED', 'over 10/s'))).toEqual({ code: 'RATE_LIMITED', status: 429, message: 'over 10/s', guard: 'rate-limit' });
    expect(wireErrorOf(block('sig', 'SIGNATURE_INVALID', 'bad'))).toMatchObject({ status: 401 });
    expect(wireErrorOf(block('breaker', 'CIRCUIT_OPEN', 'open'))).toMatchObject({ status: 503 });
    // A plugin's own code: forbidden by default.
    expect(wireErrorOf(block('mine', 'MY_PLUGIN_DENIED', 'no'))).toEqual({ code: 'MY_PLUGIN_DENIED', status: 403, message: 'no', guard: 'mine' });
  });
});
