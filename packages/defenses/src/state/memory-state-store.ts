/**
 * The default guard-state store: bounded maps in memory. Each map keeps at most `maxEntries` entries,
 * dropping the least recently used one past that, and with a `ttl` forgets an entry that long (in the
 * clock's unit) after it was last written. Reads refresh recency but not age. Everything a guard keeps per
 * agent, edge or payload goes into such maps, so that a gateway's memory stays flat however long it runs.
 */
import type { Clock, StateMap, StateMapOptions, StateStore } from '@masec/spec';

interface Slot<V> {
  value: V;
  /** Clock reading when it was last written. */
  at: number;
}

export class BoundedMap<V> implements StateMap<V> {
  readonly #slots = new Map<string, Slot<V>>();
  readonly #max: number;
  readonly #ttl: number | undefined;
  readonly #clock: Clock;

  constructor(options: StateMapOptions, clock: Clock) {
    if (!(Number.isInteger(options.maxEntries) && options.maxEntries >= 1)) throw new RangeError(`maxEntries must be a positive integer, not ${options.maxEntries}`);
    if (options.ttl !== undefined && !(options.ttl > 0)) throw new RangeError(`ttl must be positive, not ${options.ttl}`);
    this.#max = options.maxEntries;
    this.#ttl = options.ttl;
    this.#clock = clock;
  }

  #live(key: string): Slot<V> | undefined {
    const slot = this.#slots.get(key);
    if (slot === undefined) return undefined;
    if (this.#ttl !== undefined && this.#clock.now() - slot.at >= this.#ttl) {
      this.#slots.delete(key);
      return undefined;
    }
    return slot;
  }

  get size(): number {
    this.#sweep();
    return this.#slots.size;
  }

  get(key: string): V | undefined {
    const slot = this.#live(key);
    if (slot === undefined) return undefined;
    // Most recently used last: re-insert.
    this.#slots.delete(key);
    this.#slots.set(key, slot);
    return slot.value;
  }

  has(key: string): boolean {
    return this.#live(key) !== undefined;
  }

  set(key: string, value: V): void {
    this.#slots.delete(key);
    this.#slots.set(key, { value, at: this.#clock.now() });
    // Past the bound, the least recently used entry goes (expired ones are dropped when next read or listed).
    if (this.#slots.size > this.#max) {
      const oldest = this.#slots.keys().next();
      if (oldest.done !== true) this.#slots.delete(oldest.value);
    }
  }

  delete(key: string): boolean {
    return this.#slots.delete(key);
  }

  *keys(): IterableIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  /**
   * Entries from least to most recently used, read lazily (a loop that stops early pays only for what it
   * read: circuit-breaker's timeouts stop at the first call still in time). Expired entries are dropped as
   * they are met. As with a Map, entries written during the loop are visited; one moved to the end by a
   * `get` or `set` during the loop is not visited twice.
   */
  *entries(): IterableIterator<[string, V]> {
    const now = this.#clock.now();
    const visited = new Set<string>();
    for (const [key, slot] of this.#slots) {
      if (visited.has(key)) continue;
      if (this.#ttl !== undefined && now - slot.at >= this.#ttl) {
        this.#slots.delete(key);
        continue;
      }
      visited.add(key);
      yield [key, slot.value];
    }
  }

  clear(): void {
    this.#slots.clear();
  }

  /** Drops expired entries (all of them: the oldest-written are not necessarily first in recency order). */
  #sweep(): void {
    if (this.#ttl === undefined) return;
    const now = this.#clock.now();
    for (const [key, slot] of this.#slots) if (now - slot.at >= this.#ttl) this.#slots.delete(key);
  }
}

/** Bounded in-memory maps by name; asking twice for a name gives the same map. */
export class MemoryStateStore implements StateStore {
  readonly #maps = new Map<string, BoundedMap<unknown>>();
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  map<V>(name: string, options: StateMapOptions): StateMap<V> {
    let map = this.#maps.get(name);
    if (map === undefined) {
      map = new BoundedMap<unknown>(options, this.#clock);
      this.#maps.set(name, map);
    }
    return map as StateMap<V>;
  }
}
