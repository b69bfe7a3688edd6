import { type IssueLocation, unknownPluginError } from './errors.js';

/** Every plugin-facing interface carries a version so that it can evolve without silent breakage. */
export type SpecVersion = 'v1';

/** What every registry entry has: a stable kebab-case id and a one-line description. */
export interface RegistryEntry {
  readonly id: string;
  readonly specVersion: SpecVersion;
  readonly description: string;
}

/**
 * A registry is plain data: a map from id to entry. Registration does no I/O.
 * `get` of an unknown id throws UNKNOWN_PLUGIN with the list of valid ids.
 */
export class Registry<T extends RegistryEntry> {
  readonly kind: string;
  readonly #entries = new Map<string, T>();

  constructor(kind: string, entries: readonly T[] = []) {
    this.kind = kind;
    for (const entry of entries) this.register(entry);
  }

  register(entry: T): this {
    if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(entry.id)) {
      throw new Error(`${this.kind} id '${entry.id}' is not kebab-case`);
    }
    if (this.#entries.has(entry.id)) throw new Error(`${this.kind} '${entry.id}' is registered twice`);
    this.#entries.set(entry.id, entry);
    return this;
  }

  has(id: string): boolean {
    return this.#entries.has(id);
  }

  get(id: string, where?: Omit<IssueLocation, 'message'>): T {
    const entry = this.#entries.get(id);
    if (entry === undefined) throw unknownPluginError(this.kind, id, this.ids(), where);
    return entry;
  }

  ids(): string[] {
    return [...this.#entries.keys()].sort();
  }

  list(): T[] {
    return this.ids().map((id) => this.#entries.get(id) as T);
  }
}
