/**
 * The plugin registries a scenario's ids resolve against, and what a plugin module exports to add its own
 * threats, defenses, policies and metrics (loaded by the runner in every worker, named in a scenario's
 * `plugins` or on the command line).
 */
import type { DefenseDefinition } from './guard.js';
import type { MetricDefinition } from './metric.js';
import type { PolicyDefinition } from './policy.js';
import type { Registry } from './registry.js';
import type { ThreatDefinition } from './threat.js';

export interface PluginRegistries {
  threats: Registry<ThreatDefinition<unknown, unknown>>;
  defenses: Registry<DefenseDefinition<unknown>>;
  policies: Registry<PolicyDefinition<unknown>>;
  metrics: Registry<MetricDefinition>;
}

/**
 * What a plugin module exports (as its default export, or as a named export `plugin`): definitions to
 * register next to the built-in ones. Ids must not clash with registered ones.
 */
export interface MasecPlugin {
  readonly specVersion: 'v1';
  /** A name for error messages (the package or file name). */
  readonly name: string;
  readonly threats?: readonly ThreatDefinition<never, never, never>[];
  readonly defenses?: readonly DefenseDefinition<never, never>[];
  readonly policies?: readonly PolicyDefinition<never, never>[];
  readonly metrics?: readonly MetricDefinition[];
}
