import { describe, expect, it } from 'vitest';
import { LexicalMemory } from './lexical-memory.js';
import { tokenize } from './tokenize.js';

const item = (id: string, text: string) => ({ id, from: 'a1', text, marking: 'none' as const, round: 0 });

describe('tokenize', () => {
  it('lower-cases, splits on non-letters (datamark carets too) and drops stop words and 1-letter tokens', () => {
    expect(tokenize('Meet^at^NOON, the a invoice #42')).toEqual(['meet', 'at', 'noon', 'invoice', '42']);
  });
});

describe('LexicalMemory', () => {
  it('ranks by BM25: the item sharing rare query terms first', () => {
    const m = new LexicalMemory(10);
    m.add(item('1', 'lunch on friday with the team'));
    m.add(item('2', 'invoice 4411 for the printer repair is overdue'));
    m.add(item('3', 'team meeting moved to monday'));
    expect(m.retrieve('question about invoice 4411', 2).map((i) => i.id)).toEqual(['2']);
    expect(m.retrieve('team lunch', 3).map((i) => i.id)).toEqual(['1', '3']);
  });

  it('evicts the oldest item when full and forgets its terms', () => {
    const m = new LexicalMemory(2);
    m.add(item('1', 'alpha'));
    m.add(item('2', 'beta'));
    expect(m.add(item('3', 'gamma'))?.id).toBe('1');
    expect(m.size).toBe(2);
    expect(m.retrieve('alpha', 5)).toEqual([]);
    expect(m.items().map((i) => i.id)).toEqual(['2', '3']);
  });

  it('breaks score ties in favour of newer items, and returns nothing for k=0 or no overlap', () => {
    const m = new LexicalMemory(5);
    m.add(item('old', 'report due'));
    m.add(item('new', 'report due'));
    expect(m.retrieve('report', 1).map((i) => i.id)).toEqual(['new']);
    expect(m.retrieve('report', 0)).toEqual([]);
    expect(m.retrieve('zebra', 3)).toEqual([]);
  });

  it('removes matching items (sanitisation) and keeps the index consistent', () => {
    const m = new LexicalMemory(5);
    m.add(item('1', 'payload here'));
    m.add(item('2', 'benign mail'));
    expect(m.remove((i) => i.text.includes('payload'))).toBe(1);
    expect(m.retrieve('payload', 3)).toEqual([]);
    expect(m.retrieve('mail', 3).map((i) => i.id)).toEqual(['2']);
  });
});
