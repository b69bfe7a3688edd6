/**
 * What a threat may do to a message-engine world while setting up a run. Threats add adversaries,
 * plant content, schedule injected messages and register the oracle that recognises their payloads.
 */
import type { AdversarialInstruction, AgentId, AgentView, InstructionOracle, Rng, SecretRecord } from '@masec/spec';

export interface PlantedItem {
  from: AgentId;
  text: string;
}

export interface InjectedMessage {
  round: number;
  from: AgentId;
  to: AgentId;
  text: string;
  subject?: string;
}

export interface MessageWorld {
  readonly agents: readonly AgentView[];
  /** Benign agents only (the population attacks are measured on). */
  readonly benign: readonly AgentView[];
  /** This threat's own random stream. */
  readonly rng: Rng;
  addAdversary(id: AgentId): AgentView;
  /** Put content straight into an agent's retrieval memory (zero-click entry; bypasses the shield). */
  plantMemory(agent: AgentId, item: PlantedItem): void;
  /** Send a message at a given round; it goes through the shield like any other. */
  inject(message: InjectedMessage): void;
  /** Register how to recognise this threat's payloads in text (ground truth and surrogate reading). */
  addOracle(oracle: InstructionOracle): void;
  records(agent: AgentId): readonly SecretRecord[];
}

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
