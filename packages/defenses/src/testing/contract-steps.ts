/**
 * Steps of the defense contract: envelopes on hooks at clock readings, run through a fresh pipeline on a round
 * clock or on a millisecond clock (the shield's), and what the pipeline reported for each.
 */
import { type DefenseDefinition, type Envelope, type Guard, type GuardWorld, type Hook, NEVER_ABORTED, millisecondClock } from '@masec/spec';
import { type PipelineOutcome, ShieldPipeline } from '../pipeline/pipeline.js';
import { MemoryStateStore } from '../state/memory-state-store.js';
import { servicesFor } from './services.js';

/** One envelope on one hook, at a clock reading. */
export interface ContractStep {
  hook: Hook;
  envelope: Envelope;
  /** Clock reading for this step (default: the previous step's, 0 for the first); never decreasing. */
  at?: number;
}

/** Steps on which the defense flags or blocks, run in order through one pipeline. */
export interface SuspiciousCases {
  steps: ContractStep[];
  /** Config for these steps (default: the contract's). */
  config?: unknown;
  /** Guards placed before the defense, made fresh for each pass (e.g. a monitor whose flags it acts on). */
  before?: () => Guard[];
  /** What the guard knows of the world (default: everyone cleared for `internal`, all pairs adjacent). */
  world?: GuardWorld;
}

/** Everything the pipeline reported for one step, for comparing passes. */
export type Outcome = Pick<PipelineOutcome, 'verdict' | 'flags' | 'transforms' | 'quarantined'>;

/** Runs steps in order through `[...before, guard]` on a fresh round clock, or on a millisecond clock. */
export async function runSteps(definition: DefenseDefinition<unknown>, config: unknown, steps: readonly ContractStep[], options: { before?: () => Guard[]; world?: GuardWorld; clock?: 'round' | 'ms' } = {}): Promise<Outcome[]> {
  let reading = 0;
  const round = servicesFor(definition);
  const clock = options.clock === 'ms' ? millisecondClock(() => reading) : round.clock;
  const services = options.clock === 'ms' ? { ...round, clock, signal: NEVER_ABORTED, state: new MemoryStateStore(clock) } : round;
  const guard = definition.create(config, services);
  const pipeline = new ShieldPipeline([...(options.before?.() ?? []), guard], { clock, ...(options.world === undefined ? {} : { world: options.world }) });
  const outcomes: Outcome[] = [];
  for (const step of steps) {
    reading = step.at ?? reading;
    if (options.clock !== 'ms') round.clock.set(reading);
    const { verdict, flags, transforms, quarantined } = await pipeline.process(step.envelope, step.hook);
    outcomes.push({ verdict, flags, transforms, quarantined });
  }
  return outcomes;
}

/** Each step with the clock reading it runs at (its own, else the previous step's, 0 for the first). */
export function atTimes(steps: readonly ContractStep[]): { step: ContractStep; at: number }[] {
  let at = 0;
  return steps.map((step) => ({ step, at: (at = step.at ?? at) }));
}

/** The benign envelopes on every hook of the guard. */
export function benignSteps(hooks: readonly Hook[], benign: readonly Envelope[]): ContractStep[] {
  return hooks.filter((h) => h !== 'round-end').flatMap((hook) => benign.map((envelope) => ({ hook, envelope })));
}

