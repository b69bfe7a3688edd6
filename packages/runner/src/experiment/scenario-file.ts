/** Load a scenario from disk (or a built-in name) and validate it, with file/line-located errors. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MasecError, type Scenario } from '@masec/spec';
import { createRegistries, parseScenario } from '@masec/sim';

export interface LoadedScenario {
  scenario: Scenario;
  /** Absolute path of the file. */
  source: string;
  baseDir: string;
}

/** The built-in scenario library shipped with masec (`scenarios/` at the repository root). */
export function builtinScenarioDir(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '../../../../scenarios');
}

export function listBuiltinScenarios(): { name: string; path: string }[] {
  const dir = builtinScenarioDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => (f.endsWith('.yaml') || f.endsWith('.yml')) && !f.startsWith('_'))
    .sort()
    .map((f) => ({ name: basename(f, extname(f)), path: join(dir, f) }));
}

/** A path, or the name of a built-in scenario (e.g. `worm-email`). */
export function resolveScenarioPath(ref: string): string {
  if (existsSync(ref)) return resolve(ref);
  const builtin = listBuiltinScenarios().find((s) => s.name === ref);
  if (builtin !== undefined) return builtin.path;
  const names = listBuiltinScenarios().map((s) => s.name);
  throw new MasecError('FILE_NOT_FOUND', `no scenario file '${ref}' (built-in scenarios: ${names.join(', ') || 'none'})`, {
    issues: [{ file: ref, path: '', message: 'file not found' }],
  });
}

export function loadScenarioFile(ref: string, sets: readonly string[] = []): LoadedScenario {
  const source = resolveScenarioPath(ref);
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch (cause) {
    throw new MasecError('FILE_NOT_FOUND', `cannot read scenario '${source}': ${(cause as Error).message}`, { cause });
  }
  const scenario = parseScenario(text, { file: ref, sets: [...sets], registries: createRegistries() });
  return { scenario, source, baseDir: dirname(source) };
}
