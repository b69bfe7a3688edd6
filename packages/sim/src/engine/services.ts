/**
 * The services of one message-engine run: a round clock the engine advances, the run's abort signal, bounded
 * guard state, and the optional services (models, cache, budget, keys) the caller configured. Plugins get
 * them as the last argument of their factory; one that requires a service the run lacks fails here, before
 * anything runs (loading a scenario checks the same thing earlier, against what the runner offers).
 */
import { type AbortSignalLike, MasecError, type OptionalServices, type RegistryEntry, RoundClock, type RunServices, type ServiceName, missingServices } from '@masec/spec';
import { MemoryStateStore } from '@masec/defenses';

export type EngineServices = RunServices & {
  readonly clock: RoundClock;
  /** Ids of the models plugins asked for during the run (for the run's manifest), sorted. */
  usedModels(): string[];
};

export function engineServices(signal: AbortSignalLike, optional: Partial<OptionalServices> = {}): EngineServices {
  const clock = new RoundClock();
  const used = new Set<string>();
  const models = optional.models;
  const tracked: Partial<OptionalServices> =
    models === undefined
      ? optional
      : {
          ...optional,
          models: {
            ids: () => models.ids(),
            get: (id) => {
              const model = models.get(id);
              used.add(id);
              return model;
            },
          },
        };
  return { ...tracked, clock, signal, state: new MemoryStateStore(clock), usedModels: () => [...used].sort() };
}

/** Fails with SERVICE_MISSING when a plugin requires a service the run was not given (load-time checks catch it first). */
export function requireServices(kind: string, entry: RegistryEntry & { requires?: readonly ServiceName[] }, services: RunServices): void {
  const missing = missingServices(entry.requires, services);
  if (missing.length > 0) {
    throw new MasecError('SERVICE_MISSING', `${kind} '${entry.id}' needs ${missing.map((m) => `'${m}'`).join(', ')}, which this run was not given`);
  }
}
