/**
 * The training corpus of the built-in cover model: board posts generated from the cover task and the chatter
 * grammar with a fixed seed. Every post opens with a fact sentence and goes on with one to three sentences of
 * chatter. Deterministic: the same posts on every machine, so the model, and every run that uses it, is too.
 */
import { DAYS, ITEMS, factSentence } from './task.js';
import { SLOTS, TEMPLATES } from './grammar.js';

/** How many posts the built-in model is trained on. */
export const CORPUS_POSTS = 6000;
const SEED = 0x5eed;

/** A small deterministic generator for the corpus only (xorshift32); runs draw from their own seeded streams. */
class CorpusDraw {
  #state: number;
  constructor(seed: number) {
    this.#state = seed >>> 0 || 1;
  }
  below(n: number): number {
    let x = this.#state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#state = x >>> 0;
    return this.#state % n;
  }
  of<T>(items: readonly T[]): T {
    return items[this.below(items.length)] as T;
  }
}

function expand(template: string, draw: CorpusDraw): string {
  return template.replace(/\{(~?)([a-z/]+)\}/g, (_, synonym: string, name: string) => {
    if (synonym === '~') {
      const [common, rare] = name.split('/') as [string, string];
      return draw.below(4) === 0 ? rare : common;
    }
    const slot = SLOTS[name];
    if (slot === undefined) throw new Error(`corpus grammar: unknown slot {${name}}`);
    return expand(draw.of(slot), draw);
  });
}

/** One chatter sentence. */
function chatter(draw: CorpusDraw): string {
  return expand(draw.of(TEMPLATES), draw);
}

/** The corpus: `posts` board posts, each a fact sentence and chatter. */
export function coverCorpus(posts = CORPUS_POSTS): string[] {
  const draw = new CorpusDraw(SEED);
  const out: string[] = [];
  for (let i = 0; i < posts; i++) {
    const sentences = [factSentence({ item: draw.of(ITEMS), day: draw.of(DAYS) })];
    const n = 1 + draw.below(3);
    for (let j = 0; j < n; j++) sentences.push(chatter(draw));
    out.push(sentences.join(' '));
  }
  return out;
}
