import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { type PluginSet, loadPlugins } from '@masec/runner';
import { CliExit, EXIT_USAGE } from './output/exit.js';
import type { CliIo } from './io.js';

export const DEFAULT_STORE = '.masec/results.sqlite';

export function storePath(io: CliIo, option: string | undefined): string {
  return resolve(io.cwd, option ?? io.env.MASEC_STORE ?? DEFAULT_STORE);
}

export function parseInteger(name: string, min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new CliExit(EXIT_USAGE, `option ${name}: expected an integer from ${min} to ${max}, got '${value}'`);
    }
    return n;
  };
}

/** A parser for a number in [min, max] (a probability or fraction when [0, 1]). */
export function parseNumber(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const n = value.trim() === '' ? Number.NaN : Number(value);
    if (!Number.isFinite(n) || n < min || n > max) {
      throw new CliExit(EXIT_USAGE, `option ${name}: expected a number from ${min} to ${max}, got '${value}'`);
    }
    return n;
  };
}

/** `--plugin <module>` (repeatable), on every command that loads a scenario, and on list, schema and report. */
export const PLUGIN_FLAGS = '--plugin <module>';
export const PLUGIN_HELP = 'load a plugin module (a path relative to the working directory, or a package name) next to the built-ins, besides those the scenario names (repeatable)';

/** The plugins `--plugin` names (relative to the working directory), registered next to the built-ins. */
export function commandPlugins(io: CliIo, specifiers: readonly string[] | undefined): Promise<PluginSet> {
  return loadPlugins((specifiers ?? []).map((specifier) => ({ specifier, baseDir: io.cwd })));
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}
