/**
 * A retrieval store many agents share (a team memory, a knowledge base). Items keep the labels and the
 * partition (principal) they were written with, so that label- and partition-aware guards on the
 * `memory-read` hook can decide what each reader may see.
 */
import type { AgentId, MemoryItem } from '@masec/spec';
import { LexicalMemory } from '../memory/lexical-memory.js';
import type { StoreItem, StoreOptions } from '@masec/spec';

/** Items a shared store keeps when the threat does not say. */
export const DEFAULT_STORE_CAPACITY = 10_000;

export class SharedStore {
  readonly name: string;
  readonly memory: LexicalMemory;
  /** Adversaries that read the store: whatever is written there reaches them. */
  readonly readers: ReadonlySet<AgentId>;
  #seq = 0;

  constructor(name: string, options: StoreOptions = {}) {
    this.name = name;
    this.memory = new LexicalMemory(options.capacity ?? DEFAULT_STORE_CAPACITY);
    this.readers = new Set(options.readers ?? []);
  }

  /** The store's address as a party: `store:<name>`. */
  get party(): string {
    return `store:${this.name}`;
  }

  add(item: StoreItem, round: number): MemoryItem {
    const stored: MemoryItem = {
      id: item.id ?? `${this.name}#${this.#seq}`,
      from: item.from,
      text: item.text,
      marking: 'none',
      round,
      ...(item.labels === undefined ? {} : { labels: item.labels }),
      partition: item.partition ?? item.from,
    };
    this.#seq++;
    this.memory.add(stored);
    return stored;
  }
}
