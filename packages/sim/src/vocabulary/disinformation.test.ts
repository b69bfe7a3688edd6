import { describe, expect, it } from 'vitest';
import { scanText } from '@masec/defenses';
import { attackerArgument, falseAnswerOracle, formatClaim, parseClaim } from './disinformation.js';

describe('disinformation claims', () => {
  it('formats and parses plain and argued claims', () => {
    expect(formatClaim({ answer: 'A' })).toBe('Answer: A');
    expect(parseClaim('Answer: A')).toEqual({ answer: 'A' });
    const argued = formatClaim({ answer: 'C', argument: 'Because the source says so.' });
    expect(argued).toBe('Answer: C\nBecause the source says so.');
    expect(parseClaim(argued)).toEqual({ answer: 'C', argument: 'Because the source says so.' });
    expect(parseClaim('Re: lunch\nAnswer:   paris  \n')).toEqual({ answer: 'paris' });
    expect(parseClaim('no answer here')).toBeUndefined();
    expect(parseClaim('Answer: two words')).toBeUndefined();
  });

  it('the oracle recognises the false answer in a message or as a reported belief, and nothing else', () => {
    const oracle = falseAnswerOracle('C', 'plain');
    expect(oracle.find('Answer: C\nsome argument')).toEqual({ threat: 'disinformation', variant: 'plain' });
    expect(oracle.find('C')).toEqual({ threat: 'disinformation', variant: 'plain' });
    expect(oracle.find('Answer: A')).toBeUndefined();
    expect(oracle.find('A')).toBeUndefined();
    expect(oracle.find('Answer: CC')).toBeUndefined();
    expect(oracle.find('the letter C appears in prose')).toBeUndefined();
  });

  it('the manipulative argument reads like an injection to content-detector; the plain one does not', () => {
    const options = { injection: true, invisible: true, pii: true };
    expect(scanText(formatClaim({ answer: 'C', argument: attackerArgument('manipulative', 'C') }), options).score).toBeGreaterThanOrEqual(0.5);
    expect(scanText(formatClaim({ answer: 'C', argument: attackerArgument('plain', 'C') }), options).score).toBe(0);
    expect(scanText('Answer: A', options).score).toBe(0);
  });
});
