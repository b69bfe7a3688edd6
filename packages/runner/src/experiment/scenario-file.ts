/** Load a scenario from disk (or a built-in name) and validate it, with file/line-located errors. */
import { closeSync, existsSync, readdirSync } from 'node:fs';
import { totalmem } from 'node:os';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MasecError, type Scenario, resolveEngine } from '@masec/spec';
import {
  MAX_SCENARIO_BYTES,
  armsOf,
  decodeScenarioBytes,
  estimateRunMemory,
  fileSizeProblem,
  memoryProblem,
  parseCalibration,
  parseDegreeFile,
  parseEdgeListBytes,
  parseScenario,
  readScenarioPlugins,
  type MemoryEstimate,
} from '@masec/sim';
import { openRegularFile, readAtMost } from '../files/regular-file.js';
import { type PluginSet, builtinPluginSet, loadPlugins, resolvePluginUrl } from '../plugins/load-plugins.js';
import { fileBytesReader } from './execute.js';
import { type Env, applyModelEnv } from '../models/model-env.js';

export interface LoadedScenario {
  scenario: Scenario;
  /** Absolute path of the file. */
  source: string;
  baseDir: string;
  /** The memory one run needs at least (`estimateRunMemory`). */
  memory: MemoryEstimate;
  /** The plugins it was validated with (its own `plugins` and any others given), and their registries. */
  plugins: PluginSet;
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

/** A path (relative to `cwd`), or the name of a built-in scenario (e.g. `worm-email`). */
export function resolveScenarioPath(ref: string, cwd: string = process.cwd()): string {
  const path = resolve(cwd, ref);
  if (existsSync(path)) return path;
  const builtin = listBuiltinScenarios().find((s) => s.name === ref);
  if (builtin !== undefined) return builtin.path;
  const names = listBuiltinScenarios().map((s) => s.name);
  const message = `no such file (looked for ${path}), and no built-in scenario of that name (built-in: ${names.join(', ') || 'none'})`;
  throw new MasecError('FILE_NOT_FOUND', `${ref}: ${message}`, { issues: [{ file: ref, path: '', message }] });
}

export interface LoadScenarioOptions {
  /** Directory relative paths are resolved against (default: the process's working directory). */
  cwd?: string;
  /** Bytes of memory a run may use (default: the machine's, see `machineMemory`). */
  memoryBudget?: number;
  /**
   * The plugins to validate against (from `loadScenarioPlugins`); default: the built-ins only. Every plugin
   * the scenario names must be among them.
   */
  plugins?: PluginSet;
  /**
   * Where `MASEC_MODEL_<ID>_BASE_URL`, `_MODEL` and `_PROVIDER` are read (default: `process.env`); they point
   * a declared model elsewhere (models/model-env.ts), below `--set` of the same field.
   */
  env?: Env;
}

/** The memory this process may use: the machine's physical memory, or the cgroup's limit when lower. */
export function machineMemory(): number {
  const total = totalmem();
  const limit = process.constrainedMemory?.() ?? 0;
  return limit > 0 && limit < total ? limit : total;
}

/**
 * The first phase of loading a scenario: import the plugins its `plugins` list names (relative to the
 * scenario file) and `extra` ones (`--plugin`, relative to `cwd`), and register them next to the built-ins.
 * Pass the result to `loadScenarioFile` (or to `planSweep`, `planBlastRadius`), which validates the whole
 * scenario against it, so plugin ids and configs get located errors.
 */
export async function loadScenarioPlugins(ref: string, sets: readonly string[] = [], options: LoadScenarioOptions & { extra?: readonly string[] } = {}): Promise<PluginSet> {
  const source = resolveScenarioPath(ref, options.cwd);
  const named = readScenarioPlugins(readSmallTextFile(source, ref, 'a scenario file'), { file: ref, sets: [...sets] });
  const cwd = options.cwd ?? process.cwd();
  return loadPlugins([
    ...named.map(({ specifier, where }) => ({ specifier, where, baseDir: dirname(source) })),
    ...(options.extra ?? []).map((specifier) => ({ specifier, baseDir: cwd })),
  ]);
}

/** `loadScenarioPlugins`, then `loadScenarioFile` with them: a scenario with every plugin it needs. */
export async function loadScenario(ref: string, sets: readonly string[] = [], options: LoadScenarioOptions & { extra?: readonly string[] } = {}): Promise<LoadedScenario> {
  const plugins = await loadScenarioPlugins(ref, sets, options);
  const { extra: _extra, ...rest } = options;
  return loadScenarioFile(ref, sets, { ...rest, plugins });
}

/**
 * Read, parse and validate a scenario against the built-ins and `options.plugins`. Files it refers to (an
 * edge list, a calibration file) are checked too, and the memory one run needs is estimated, so that every
 * problem surfaces here, before anything runs or is stored. A plugin the scenario names that is not loaded is
 * PLUGIN_INVALID (load it with `loadScenarioPlugins` or `loadScenario`, which import modules and are therefore
 * async).
 */
export function loadScenarioFile(ref: string, sets: readonly string[] = [], options: LoadScenarioOptions = {}): LoadedScenario {
  const source = resolveScenarioPath(ref, options.cwd);
  const text = readSmallTextFile(source, ref, 'a scenario file');
  const baseDir = dirname(source);
  const plugins = options.plugins ?? builtinPluginSet();
  for (const { specifier, where } of readScenarioPlugins(text, { file: ref, sets: [...sets] })) {
    if (!plugins.urls.includes(resolvePluginUrl({ specifier, where, baseDir }))) {
      const message = `plugin '${specifier}' is not loaded: load the scenario with loadScenario(), or pass loadScenarioPlugins() as the plugins option`;
      throw new MasecError('PLUGIN_INVALID', `${ref}: ${message}`, { issues: [{ ...where, message }] });
    }
  }
  const parsed = parseScenario(text, { file: ref, sets: [...sets], registries: plugins.registries });
  const { scenario } = applyModelEnv(parsed, options.env ?? process.env, sets, ref);
  const fileArcs = checkReferencedFiles(scenario, ref, baseDir);
  checkCalibrationFile(scenario, ref, baseDir, options.cwd ?? process.cwd());
  const memory = estimateRunMemory(scenario, fileArcs === undefined ? {} : { fileArcs });
  const problem = memoryProblem(memory, options.memoryBudget ?? machineMemory());
  if (problem !== undefined) {
    throw new MasecError('SCENARIO_INVALID', `${ref}: ${problem.path}: ${problem.message}`, { issues: [{ file: ref, ...problem }] });
  }
  return { scenario, source, baseDir, memory, plugins };
}

/**
 * A small UTF-8 input file (a scenario, a calibration file), shown in messages as `shown`: refused by its
 * kind (a directory, FIFO or device) and by its size (over 1 MiB) before it is read, read with a bounded
 * read, and refused when it is not UTF-8 text. Problems are located at `shown`.
 */
function readSmallTextFile(path: string, shown: string, what: string): string {
  const fail = (code: 'FILE_NOT_FOUND' | 'SCENARIO_INVALID', message: string): never => {
    throw new MasecError(code, `${shown}: ${message}`, { issues: [{ file: shown, path: '', message }] });
  };
  const opened = openRegularFile(path);
  if (!opened.ok) return opened.problem.startsWith('cannot') ? fail('FILE_NOT_FOUND', opened.problem) : fail('SCENARIO_INVALID', `${opened.problem}, not ${what}`);
  const tooLarge = fileSizeProblem(opened.stat.size, what);
  if (tooLarge !== undefined) {
    closeSync(opened.fd);
    return fail('SCENARIO_INVALID', tooLarge);
  }
  return decodeScenarioBytes(readAtMost(opened.fd, opened.stat.size, MAX_SCENARIO_BYTES), shown, what);
}

/**
 * Files the topology names (an edge list, a degree file) must exist and parse against `agents.count`; their
 * problems are reported like the scenario's. Returns the graph's entries they give (for the memory estimate).
 */
function checkReferencedFiles(scenario: Scenario, ref: string, baseDir: string): number | undefined {
  const topology = scenario.topology;
  const file =
    topology.kind === 'edge-list'
      ? { name: topology.file, field: 'topology.file', what: 'edge-list file' }
      : topology.kind === 'configuration-model' && topology.degrees.kind === 'file'
        ? { name: topology.degrees.file, field: 'topology.degrees.file', what: 'degree file' }
        : undefined;
  if (file === undefined) return undefined;
  const path = isAbsolute(file.name) ? file.name : resolve(baseDir, file.name);
  if (!existsSync(path)) {
    const message = `${file.what} '${file.name}' not found (looked for ${path})`;
    throw new MasecError('SCENARIO_INVALID', `${ref}: ${message}`, { issues: [{ file: ref, path: file.field, message }] });
  }
  const bytes = fileBytesReader(baseDir)(file.name);
  const n = scenario.agents.count;
  if (topology.kind === 'edge-list') return parseEdgeListBytes(bytes, file.name, { directed: topology.directed, n, nSource: 'agents.count' }).graph.neighbors.length;
  return parseDegreeFile(bytes, file.name, { n, nSource: 'agents.count' }).reduce((sum, degree) => sum + degree, 0);
}

/**
 * The calibration file a population scenario names must exist, be a calibration file, and hold estimates for
 * every arm of the scenario. Problems inside the file are reported at the file and its field.
 */
function checkCalibrationFile(scenario: Scenario, ref: string, baseDir: string, cwd: string): void {
  const name = scenario.population?.calibration;
  if (name === undefined || resolveEngine(scenario) !== 'population') return;
  const path = isAbsolute(name) ? name : resolve(baseDir, name);
  const field = 'population.calibration';
  const fail = (message: string): never => {
    throw new MasecError('SCENARIO_INVALID', `${ref}: ${field}: ${message}`, { issues: [{ file: ref, path: field, message }] });
  };
  if (!existsSync(path)) fail(`calibration file '${name}' not found (looked for ${path}); \`masec calibrate\` writes one`);
  const relativePath = relative(cwd, path);
  const shown = relativePath === '' || relativePath.startsWith('..') || isAbsolute(relativePath) ? path : relativePath;
  let calibration: ReturnType<typeof parseCalibration>;
  try {
    calibration = parseCalibration(readSmallTextFile(path, shown, 'a calibration file'), shown);
  } catch (error) {
    if (!(error instanceof MasecError)) throw error;
    // Say which scenario field named the file, then where in the file each problem is.
    const message = `'${name}' is not a valid calibration file`;
    throw new MasecError('SCENARIO_INVALID', `${ref}: ${field}: ${message}\n${error.message}`, {
      issues: [{ file: ref, path: field, message }, ...error.issues],
      cause: error,
    });
  }
  const missing = armsOf(scenario)
    .map((arm) => arm.name)
    .filter((arm) => !Object.hasOwn(calibration.arms, arm));
  if (missing.length > 0) {
    const has = Object.keys(calibration.arms);
    const what = missing.length === 1 ? `arm '${missing[0] ?? ''}'` : `arms ${missing.map((a) => `'${a}'`).join(', ')}`;
    fail(`calibration file '${name}' has no ${what} (it has ${has.length === 0 ? 'none' : has.map((a) => `'${a}'`).join(', ')}); calibrate a scenario with the same arm names`);
  }
}
