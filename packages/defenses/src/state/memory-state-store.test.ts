// The default guard-state store: least-recently-used bound, TTL in clock units (its exact edge), lazy listing.
import { describe, expect, it } from 'vitest';
import { RoundClock } from '@masec/spec';
import { BoundedMap, MemoryStateStore } from './memory-state-store.js';

function mapAt(options: { maxEntries: number; ttl?: number }) {
  const clock = new RoundClock();
  return { clock, map: new BoundedMap<number>(options, clock) };
}

describe('BoundedMap', () => {
  it('keeps maxEntries entries, dropping the least recently used; get refreshes recency, has does not', () => {
    const { map } = mapAt({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) map.set(key, 1);
    expect(map.get('a')).toBe(1);
    expect(map.has('b')).toBe(true);
    map.set('d', 1);
    expect([...map.keys()]).toEqual(['c', 'a', 'd']);
    expect(map.size).toBe(3);
    map.set('c', 2);
    map.set('e', 1);
    expect([...map.entries()]).toEqual([['d', 1], ['c', 2], ['e', 1]]);
  });

  it('forgets an entry exactly ttl clock units after it was last written, not after it was read', () => {
    const { clock, map } = mapAt({ maxEntries: 10, ttl: 3 });
    map.set('a', 1);
    map.set('b', 1);
    clock.set(2);
    expect(map.get('a')).toBe(1);
    map.set('b', 2);
    clock.set(3);
    expect(map.has('a')).toBe(false);
    expect(map.get('b')).toBe(2);
    expect(map.size).toBe(1);
    clock.set(4);
    expect(map.get('b')).toBe(2);
    clock.set(5);
    expect([...map.keys()]).toEqual([]);
  });

  it('lists lazily from least recently used: an early stop reads no further, a get in the loop does not repeat a key', () => {
    const { clock, map } = mapAt({ maxEntries: 10, ttl: 5 });
    for (const [i, key] of ['a', 'b', 'c', 'd'].entries()) {
      clock.set(i);
      map.set(key, i);
    }
    clock.set(5);
    const read: string[] = [];
    for (const [key] of map.entries()) {
      read.push(key);
      if (key === 'c') break;
    }
    // 'a' (written at 0) expired at 5 and is dropped as it is met; 'd' is never read.
    expect(read).toEqual(['b', 'c']);
    expect(map.has('a')).toBe(false);
    const visits: string[] = [];
    for (const key of map.keys()) {
      visits.push(key);
      map.get(key);
    }
    expect(visits).toEqual(['b', 'c', 'd']);
  });

  it('lists only the entries there when the loop began: deleting the current or the next entry, or reading or writing one, skips it', () => {
    const { map } = mapAt({ maxEntries: 10 });
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f']) map.set(key, 0);
    const visits: string[] = [];
    for (const [key] of map.entries()) {
      visits.push(key);
      if (key === 'a') map.delete('a');
      if (key === 'b') map.delete('c');
      if (key === 'd') map.get('e');
      if (key === 'f') map.set('g', 0);
    }
    expect(visits).toEqual(['a', 'b', 'd', 'f']);
    expect([...map.keys()]).toEqual(['b', 'd', 'f', 'e', 'g']);
  });

  it('keeps its order through many refreshes of one hot key among many others', () => {
    const { map } = mapAt({ maxEntries: 50_000 });
    for (let i = 0; i < 100_000; i++) {
      map.set(`k${i}`, i);
      map.get('k0');
    }
    // k0 was read after every write: it is the one entry that survived from the first half.
    expect(map.size).toBe(50_000);
    expect(map.get('k0')).toBe(0);
    expect(map.has('k1')).toBe(false);
    expect([...map.keys()].slice(0, 2)).toEqual(['k50001', 'k50002']);
  });

  it('refuses bounds that are not positive', () => {
    const clock = new RoundClock();
    expect(() => new BoundedMap({ maxEntries: 0 }, clock)).toThrow(/maxEntries/);
    expect(() => new BoundedMap({ maxEntries: 1.5 }, clock)).toThrow(/maxEntries/);
    expect(() => new BoundedMap({ maxEntries: 1, ttl: 0 }, clock)).toThrow(/ttl/);
  });

  it('deletes and clears', () => {
    const { map } = mapAt({ maxEntries: 2 });
    map.set('a', 1);
    map.set('b', 1);
    expect(map.delete('a')).toBe(true);
    expect(map.delete('a')).toBe(false);
    map.clear();
    expect(map.size).toBe(0);
  });
});

describe('MemoryStateStore', () => {
  it('gives the same map for the same name and separate maps for different names', () => {
    const store = new MemoryStateStore(new RoundClock());
    const a = store.map<number>('guard:a', { maxEntries: 2 });
    a.set('k', 1);
    expect(store.map<number>('guard:a', { maxEntries: 2 }).get('k')).toBe(1);
    expect(store.map<number>('guard:b', { maxEntries: 2 }).get('k')).toBeUndefined();
  });
});
