/** The oracle the engine builds from the threats' oracles (ground truth and surrogate reading). */
import type { AdversarialInstruction, InstructionOracle, QueryTrigger } from '@masec/spec';

/**
 * Several threats' oracles as one: the first that recognises the text wins. Answers are memoised per text
 * (oracles are pure functions of the text), because memory items are read again and again.
 */
export class CombinedOracle implements InstructionOracle {
  readonly #oracles: InstructionOracle[] = [];
  readonly #cache = new Map<string, AdversarialInstruction | null>();
  static readonly CACHE_LIMIT = 50_000;

  add(oracle: InstructionOracle): void {
    this.#oracles.push(oracle);
  }

  get empty(): boolean {
    return this.#oracles.length === 0;
  }

  /** Every threat's request triggers, in the order the threats were set up. */
  triggers(): readonly QueryTrigger[] {
    return this.#oracles.flatMap((oracle) => oracle.triggers?.() ?? []);
  }

  find(text: string): AdversarialInstruction | undefined {
    const cached = this.#cache.get(text);
    if (cached !== undefined) return cached ?? undefined;
    let result: AdversarialInstruction | null = null;
    for (const oracle of this.#oracles) {
      const found = oracle.find(text);
      if (found !== undefined) {
        result = found;
        break;
      }
    }
    if (this.#cache.size >= CombinedOracle.CACHE_LIMIT) this.#cache.clear();
    this.#cache.set(text, result);
    return result ?? undefined;
  }
}
