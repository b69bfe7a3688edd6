/**
 * The two joins of `cross-agent-aggregation`, each over bounded guard state and in the clock's unit:
 *
 * - `NearDuplicateWindows`: per key (a recipient, a sender, a topic...), who sent near-identical content
 *   within the window. Content is fingerprinted by MinHash over word shingles and cut into LSH bands; each
 *   band's values name a bucket, so two texts share a bucket with probability 1 − (1 − J^rows)^bands for
 *   Jaccard similarity J (about J ≥ (1/bands)^(1/rows) in practice). A bucket keeps its most recent
 *   distinct senders (or envelopes) with their times; an envelope's count is the largest among its buckets.
 * - `PartWindows`: per key, when each part of a catalogue (benign-looking alone, harmful together) was last
 *   seen; an envelope's count is the number of distinct parts seen within the window.
 */
import type { StateMap, StateStore } from '@masec/spec';
import { signature, wordsOf } from '../propagation-monitor/minhash.js';

export interface NearDuplicateOptions {
  /** Count distinct senders (many agents saying the same thing) or envelopes (one agent repeating itself). */
  count: 'senders' | 'envelopes';
  /** Entries a bucket keeps: counts are exact up to this. */
  keep: number;
  window: number;
  shingle: number;
  bands: number;
  rows: number;
  minWords: number;
  maxKeys: number;
}

/** A bucket's recent entries, oldest first: who (a sender, or '' when envelopes are counted) and when. */
interface Recent {
  who: string[];
  at: number[];
}

export class NearDuplicateWindows {
  readonly #options: NearDuplicateOptions;
  readonly #buckets: StateMap<Recent>;

  constructor(state: StateStore, name: string, options: NearDuplicateOptions) {
    this.#options = options;
    this.#buckets = state.map<Recent>(name, { maxEntries: options.maxKeys, ttl: options.window });
  }

  /**
   * Notes that `sender` sent `text` under `key` at `now`; returns how many near-duplicates (distinct senders,
   * or envelopes) the key saw within the window, this one included, or 0 for a text too short to fingerprint.
   */
  observe(key: string, sender: string, text: string, now: number): number {
    const o = this.#options;
    const words = wordsOf(text);
    if (words.length < o.minWords) return 0;
    const sig = signature(words, o.shingle, o.bands * o.rows);
    const who = o.count === 'senders' ? sender : '';
    let most = 0;
    for (let b = 0; b < o.bands; b++) {
      const name = `${key}\u0000${b}:${Array.prototype.join.call(sig.subarray(b * o.rows, (b + 1) * o.rows), '.')}`;
      const recent = this.#buckets.get(name) ?? { who: [], at: [] };
      const next: Recent = { who: [], at: [] };
      for (let i = 0; i < recent.who.length; i++) {
        const at = recent.at[i] as number;
        if (at <= now - o.window || (who !== '' && recent.who[i] === who)) continue;
        next.who.push(recent.who[i] as string);
        next.at.push(at);
      }
      next.who.push(who);
      next.at.push(now);
      if (next.who.length > o.keep) {
        next.who.splice(0, next.who.length - o.keep);
        next.at.splice(0, next.at.length - o.keep);
      }
      this.#buckets.set(name, next);
      most = Math.max(most, next.who.length);
    }
    return most;
  }
}

/** A catalogue part: its name and the phrases that reveal it (matched as whole words, any case). */
export interface Part {
  name: string;
  terms: readonly string[];
}

/** Normalised for matching: lower-case words separated by single spaces, padded with a space each side. */
const normalise = (text: string): string => ` ${wordsOf(text).join(' ')} `;

export class PartWindows {
  readonly #parts: { name: string; terms: string[] }[];
  readonly #window: number;
  /** Per key: when each part was last seen (null: not within memory). */
  readonly #seen: StateMap<(number | null)[]>;

  constructor(state: StateStore, name: string, options: { parts: readonly Part[]; window: number; maxKeys: number }) {
    this.#parts = options.parts.map((p) => ({ name: p.name, terms: p.terms.map(normalise).filter((t) => t.trim() !== '') }));
    this.#window = options.window;
    this.#seen = state.map<(number | null)[]>(name, { maxEntries: options.maxKeys, ttl: options.window });
  }

  /** The parts a text reveals, by index. */
  match(text: string): number[] {
    const words = normalise(text);
    const found: number[] = [];
    this.#parts.forEach((part, i) => {
      if (part.terms.some((t) => words.includes(t))) found.push(i);
    });
    return found;
  }

  /**
   * Notes the parts `text` reveals under `key` at `now`; returns the distinct parts the key revealed within the
   * window (these included) by name, or none when the text reveals no part (nothing is noted then).
   */
  observe(key: string, text: string, now: number): string[] {
    const found = this.match(text);
    if (found.length === 0) return [];
    const seen = [...(this.#seen.get(key) ?? this.#parts.map(() => null))];
    for (const i of found) seen[i] = now;
    this.#seen.set(key, seen);
    const live: string[] = [];
    seen.forEach((at, i) => {
      if (at !== null && at > now - this.#window) live.push((this.#parts[i] as { name: string }).name);
    });
    return live;
  }
}
