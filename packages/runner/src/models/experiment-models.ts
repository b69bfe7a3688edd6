/**
 * The models of an experiment: one `ModelHost` over the scenario's `models`, whose response cache is the
 * results store (a `ResponseCache` over `getResponse`/`putResponse`), with the command's cache mode, budget
 * and environment. None when the scenario declares no models: then nothing here opens a socket.
 */
import type { ModelBudget, ResponseCache, Scenario } from '@masec/spec';
import { type CacheMode, DryTransport, type FetchFunction, ModelHost, type ModelTransport } from '@masec/models';
import type { ResultsStore } from '../store/types.js';

export interface ExperimentModelOptions {
  /** The response cache's mode (default `readwrite`; see `CACHE_MODES`). */
  cache?: CacheMode;
  /** Where keys are read (default: `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Replaces the scenario's `budget` (per run and per experiment). */
  budget?: ModelBudget;
  /** How calls are made (default: the AI SDK over HTTP); a dry run passes `DryTransport`. */
  transport?: ModelTransport;
  fetch?: FetchFunction;
}


/** The store as a response cache. */
export function storeCache(store: ResultsStore): ResponseCache {
  return { get: (key) => store.getResponse(key), put: (key, response) => store.putResponse(key, response) };
}

export function experimentModelHost(scenario: Scenario, store: ResultsStore | undefined, options: ExperimentModelOptions = {}): ModelHost | undefined {
  const models = scenario.models ?? [];
  if (models.length === 0) return undefined;
  const budget = options.budget ?? scenario.budget;
  return new ModelHost({
    models,
    ...(store === undefined ? {} : { cache: storeCache(store) }),
    mode: options.cache ?? 'readwrite',
    ...(options.env === undefined ? {} : { env: options.env }),
    ...(budget === undefined ? {} : { budget }),
    ...(options.transport === undefined ? {} : { transport: options.transport }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.transport instanceof DryTransport ? { requireKeys: false } : {}),
  });
}
