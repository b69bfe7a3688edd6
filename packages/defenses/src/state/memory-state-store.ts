/**
 * The default guard-state store: bounded maps in memory. Each map keeps at most `maxEntries` entries,
 * dropping the least recently used one past that, and with a `ttl` forgets an entry that long (in the
 * clock's unit) after it was last written. Reads refresh recency but not age. Everything a guard keeps per
 * agent, edge or payload goes into such maps, so that a gateway's memory stays flat however long it runs.
 *
 * Recency is a linked list beside a Map, not the Map's own insertion order: moving a key to the end of a
 * Map (delete, then set) leaves a deleted entry in its hash chain until the table is rebuilt, so a hot key
 * refreshed on every envelope makes each of its lookups walk all its past copies (quadratic time in a
 * growing map: measured 14 µs an operation at 2·10^5 entries, against 0.3 µs with the list).
 */
import type { Clock, StateMap, StateMapOptions, StateStore } from '@masec/spec';

interface Node<V> {
  readonly key: string;
  value: V;
  /** Clock reading when it was last written. */
  at: number;
  /** Position in recency order: larger is more recent (renewed when the entry moves to the end). */
  seq: number;
  prev: Node<V> | undefined;
  next: Node<V> | undefined;
  /** Whether it is still in the list. */
  linked: boolean;
}

export class BoundedMap<V> implements StateMap<V> {
  readonly #index = new Map<string, Node<V>>();
  /** Least recently used. */
  #head: Node<V> | undefined;
  /** Most recently used. */
  #tail: Node<V> | undefined;
  #seq = 0;
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

  #expired(node: Node<V>, now: number): boolean {
    return this.#ttl !== undefined && now - node.at >= this.#ttl;
  }

  #live(key: string): Node<V> | undefined {
    const node = this.#index.get(key);
    if (node === undefined) return undefined;
    if (this.#ttl !== undefined && this.#expired(node, this.#clock.now())) {
      this.#remove(node);
      return undefined;
    }
    return node;
  }

  #unlink(node: Node<V>): void {
    if (node.prev === undefined) this.#head = node.next;
    else node.prev.next = node.next;
    if (node.next === undefined) this.#tail = node.prev;
    else node.next.prev = node.prev;
    node.linked = false;
  }

  #append(node: Node<V>): void {
    node.seq = ++this.#seq;
    node.prev = this.#tail;
    node.next = undefined;
    if (this.#tail === undefined) this.#head = node;
    else this.#tail.next = node;
    this.#tail = node;
    node.linked = true;
  }

  #remove(node: Node<V>): void {
    this.#unlink(node);
    this.#index.delete(node.key);
  }

  get size(): number {
    this.#sweep();
    return this.#index.size;
  }

  get(key: string): V | undefined {
    const node = this.#live(key);
    if (node === undefined) return undefined;
    if (node !== this.#tail) {
      this.#unlink(node);
      this.#append(node);
    }
    return node.value;
  }

  has(key: string): boolean {
    return this.#live(key) !== undefined;
  }

  set(key: string, value: V): void {
    const now = this.#clock.now();
    const node = this.#index.get(key);
    if (node !== undefined) {
      node.value = value;
      node.at = now;
      if (node !== this.#tail) {
        this.#unlink(node);
        this.#append(node);
      }
      return;
    }
    const fresh: Node<V> = { key, value, at: now, seq: 0, prev: undefined, next: undefined, linked: false };
    this.#index.set(key, fresh);
    this.#append(fresh);
    // Past the bound, the least recently used entry goes (expired ones are dropped when next read or listed).
    if (this.#index.size > this.#max && this.#head !== undefined) this.#remove(this.#head);
  }

  delete(key: string): boolean {
    const node = this.#index.get(key);
    if (node === undefined) return false;
    this.#remove(node);
    return true;
  }

  *keys(): IterableIterator<string> {
    for (const [key] of this.entries()) yield key;
  }

  /**
   * Entries from least to most recently used, read lazily (a loop that stops early pays only for what it
   * read: circuit-breaker's timeouts stop at the first call still in time). Expired entries are dropped as
   * they are met. Entries the loop writes or reads move to the end and are not visited (again); entries it
   * deletes are not visited.
   */
  *entries(): IterableIterator<[string, V]> {
    const now = this.#clock.now();
    // Only entries already there when the loop began, in order: those with a position up to `last`.
    const last = this.#seq;
    let done = 0;
    let node = this.#head;
    while (node !== undefined && node.seq <= last) {
      if (this.#expired(node, now)) {
        const after = node.next;
        this.#remove(node);
        node = after;
        continue;
      }
      done = node.seq;
      const [current, after, afterSeq] = [node, node.next, node.next?.seq];
      yield [node.key, node.value];
      // Go on from where the loop stood, unless what it did moved or removed the entries there.
      if (current.linked && current.seq === done) node = current.next;
      else if (after !== undefined && after.linked && after.seq === afterSeq) node = after;
      else node = this.#firstAfter(done);
    }
  }

  /** The least recently used entry placed after position `seq` (the list is in position order). */
  #firstAfter(seq: number): Node<V> | undefined {
    let node = this.#head;
    while (node !== undefined && node.seq <= seq) node = node.next;
    return node;
  }

  clear(): void {
    for (let node = this.#head; node !== undefined; node = node.next) node.linked = false;
    this.#index.clear();
    this.#head = undefined;
    this.#tail = undefined;
  }

  /** Drops expired entries (all of them: the oldest-written are not necessarily first in recency order). */
  #sweep(): void {
    if (this.#ttl === undefined) return;
    const now = this.#clock.now();
    for (let node = this.#head; node !== undefined; ) {
      const after = node.next;
      if (this.#expired(node, now)) this.#remove(node);
      node = after;
    }
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
