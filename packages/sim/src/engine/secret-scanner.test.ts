import { describe, expect, it } from 'vitest';
import { SecretScanner } from './secret-scanner.js';

const rec = (id: string, value: string) => ({ id, owner: 'a0', label: 'x', value });

describe('SecretScanner', () => {
  it('finds exactly the values that occur as substrings, once each, in order of first occurrence', () => {
    const records = [rec('r1', 'jane.doe@example.com'), rec('r2', '+1-555-0142'), rec('r3', 'jane.dough@example.com'), rec('r4', 'ab')];
    const scanner = new SecretScanner(records);
    const text = 'call +1-555-0142 or write xjane.doe@example.com; again +1-555-0142 ab';
    expect(scanner.scan(text).map((r) => r.id)).toEqual(['r2', 'r1', 'r4']);
    expect(scanner.scan('nothing here')).toEqual([]);
  });

  it('agrees with a naive includes() scan on random texts', () => {
    const alphabet = 'abc.@-1';
    let state = 7;
    const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const word = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    const records = Array.from({ length: 60 }, (_, i) => rec(`r${i}`, word(2 + Math.floor(next() * 6))));
    const scanner = new SecretScanner(records);
    for (let t = 0; t < 200; t++) {
      const text = word(60);
      const naive = records.filter((r) => text.includes(r.value)).map((r) => r.id).sort();
      expect(scanner.scan(text).map((r) => r.id).sort()).toEqual(naive);
    }
  });
});
