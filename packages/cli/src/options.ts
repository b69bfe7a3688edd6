import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { type PluginSet, loadPlugins, machineMemory } from '@masec/runner';
import { formatBytes } from '@masec/sim';
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

export interface WorkerLimits {
  /** Cores of this machine (default: `os.availableParallelism()`). */
  cores?: number;
  /** Bytes of memory runs may use (default: `machineMemory()`). */
  memory?: number;
  /** The memory one run needs at least, when known (`LoadedScenario.memory.bytes`). */
  memoryPerRun?: number;
  /** Where a note goes when the count is lowered (stderr). */
  note: (text: string) => void;
}

/**
 * Worker threads for a command: `requested` (`--workers`), else one per core; never more than the cores,
 * since more threads than cores only slow CPU-bound runs down, nor more runs at once than the memory holds
 * by the estimate of one run. Says why when it lowers a requested count, or the default for memory. 0 (in
 * process) stays 0.
 */
export function chooseWorkers(requested: number | undefined, limits: WorkerLimits): number {
  if (requested === 0) return 0;
  const cores = limits.cores ?? defaultWorkers();
  let workers = requested ?? cores;
  if (workers > cores) {
    limits.note(`masec: --workers ${workers} is more than the ${cores} cores of this machine; using ${cores} (more worker threads than cores only slow the runs down)\n`);
    workers = cores;
  }
  const perRun = limits.memoryPerRun;
  if (perRun !== undefined && perRun > 0) {
    const memory = limits.memory ?? machineMemory();
    const fits = Math.max(1, Math.floor(memory / perRun));
    if (workers > fits) {
      limits.note(`masec: one run needs at least ${formatBytes(perRun)} of memory and this machine has ${formatBytes(memory)}; running ${fits} at a time instead of ${workers}\n`);
      workers = fits;
    }
  }
  return workers;
}
