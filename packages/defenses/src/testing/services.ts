/** Services for guards under test: a round clock the test moves, a signal that never aborts, in-memory state. */
import { type BaseServices, type DefenseDefinition, type Envelope, type Guard, type Hook, type ModelProvider, NEVER_ABORTED, RoundClock } from '@masec/spec';
import {
  type PipelineOptions,
  type PipelineOutcome,
  type ProcessOptions,
  type RoundEndHost,
  type RoundEndOutcome,
  ShieldPipeline,
} from '../pipeline/pipeline.js';
import { MemoryStateStore } from '../state/memory-state-store.js';

export interface TestServices extends BaseServices {
  readonly clock: RoundClock;
}

export function testServices(clock: RoundClock = new RoundClock()): TestServices {
  return { clock, signal: NEVER_ABORTED, state: new MemoryStateStore(clock) };
}

/** A model that answers every call with the same short text and no tool call (for contracts of plugins that require `models`). */
export const FIXED_ANSWER_MODELS: ModelProvider = {
  ids: () => ['fixed-answer'],
  get: () => ({
    id: 'fixed-answer',
    generate: async () => ({ text: 'Noted, thanks.', toolCalls: [], usage: { inputTokens: 1, outputTokens: 1 }, finishReason: 'stop', cached: false }),
  }),
};

/** Test services for a plugin: with `models` (FIXED_ANSWER_MODELS) when it requires them. */
export function servicesFor(entry: { requires?: readonly string[] | undefined }, clock?: RoundClock): TestServices & { models?: ModelProvider } {
  const base = testServices(clock);
  return entry.requires?.includes('models') === true ? { ...base, models: FIXED_ANSWER_MODELS } : base;
}

/** A defense's guard with `config` parsed by its schema (defaults applied), created with `services`. */
export function guardOf<C>(definition: DefenseDefinition<C>, config: unknown = {}, services: BaseServices = testServices()): ReturnType<DefenseDefinition<C>['create']> {
  return definition.create(definition.configSchema.parse(config), services);
}

/**
 * A pipeline under test with its own round clock: `process(envelope, hook, round)` and `endRound(round, host)`
 * move the clock to `round` first (forward only, as in a run).
 */
export class TestPipeline {
  readonly pipeline: ShieldPipeline;
  readonly services: TestServices;

  constructor(guards: readonly Guard[], options: Omit<PipelineOptions, 'clock'> & { services?: TestServices } = {}) {
    const { services, ...rest } = options;
    this.services = services ?? testServices();
    this.pipeline = new ShieldPipeline(guards, { ...rest, clock: this.services.clock });
  }

  get clock(): RoundClock {
    return this.services.clock;
  }

  process(envelope: Envelope, hook: Hook, round: number = this.clock.now(), options: ProcessOptions = {}): Promise<PipelineOutcome> {
    this.clock.set(round);
    return this.pipeline.process(envelope, hook, options);
  }

  endRound(round: number, host: RoundEndHost): Promise<RoundEndOutcome> {
    this.clock.set(round);
    return this.pipeline.endRound(host);
  }

  guardMicros(): Record<string, number> {
    return this.pipeline.guardMicros();
  }

  isQuarantined(agent: string): boolean {
    return this.pipeline.isQuarantined(agent);
  }

  handles(hook: Hook): boolean {
    return this.pipeline.handles(hook);
  }

  get hasRoundEnd(): boolean {
    return this.pipeline.hasRoundEnd;
  }
}

export function testPipeline(guards: readonly Guard[], options: Omit<PipelineOptions, 'clock'> & { services?: TestServices } = {}): TestPipeline {
  return new TestPipeline(guards, options);
}
