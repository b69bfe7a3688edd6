/**
 * Scenario loading: YAML/JSON text + `--set` overrides -> a validated `Scenario` with every plugin id
 * resolved and every plugin config parsed (defaults applied). Every problem is reported at once, each
 * with file, line, column and field path. Runtime-neutral: reading the file is the caller's job.
 */
import { type Document, LineCounter, type Node, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import {
  type DefenseDefinition,
  type IssueLocation,
  MasecError,
  type MetricDefinition,
  type PluginRef,
  type PolicyDefinition,
  type Registry,
  type RegistryEntry,
  type Scenario,
  ScenarioSchema,
  type ServiceName,
  type ThreatDefinition,
  declaredServices,
  formatIssue,
  resolveEngine,
  unknownPluginError,
} from '@masec/spec';
import { crossFieldIssues } from './checks.js';
import { capProblems, dataLimitIssues, positionAt, scanYaml, sizeProblem } from './limits.js';
import { type SetOverride, applySetOverride, parseSetExpression, shorten } from './set-override.js';
import { type KeyIndex, type PathSegment, deref, formatPath, isPathPrefix, keyText, locate, positionOf } from './yaml-locate.js';
import { type RawIssue, fromZodIssues } from './zod-issues.js';

/** The part of a `Registry` that loading needs; any `Registry<T>` satisfies it. */
export type PluginLookup<T extends RegistryEntry> = Pick<Registry<T>, 'kind' | 'has' | 'get' | 'ids'>;

/** Where plugin ids are resolved. Each registry's `kind` names it in error messages. */
export interface ScenarioRegistries {
  threats: PluginLookup<ThreatDefinition<unknown, unknown>>;
  defenses: PluginLookup<DefenseDefinition<unknown>>;
  policies: PluginLookup<PolicyDefinition<unknown>>;
  metrics: PluginLookup<MetricDefinition>;
}

export interface ParseScenarioOptions {
  /** Name of the file the text came from, used in every reported location. */
  file: string;
  /** `path=value` overrides applied before validation, in order. */
  sets?: readonly string[];
  registries: ScenarioRegistries;
  /**
   * The optional services the runner will give this scenario's plugins (`models`, `cache`, `budget`,
   * `keys`); a plugin that requires another is reported here. Default: those the scenario declares
   * (`models` when it has a `models` block: the runner serves the models a scenario declares).
   */
  services?: readonly ServiceName[];
}

interface Context {
  file: string;
  doc: Document;
  lineCounter: LineCounter;
  sets: readonly SetOverride[];
  /** Key lookups of the final document (after `--set`), shared by every issue placed in it. */
  keys: KeyIndex;
}

/** The last override sharing the longest leading part of `path` (the one that created its parent). */
function closestSet(sets: readonly SetOverride[], path: readonly PathSegment[]): SetOverride | undefined {
  let best: SetOverride | undefined;
  let bestLength = 0;
  for (const set of sets) {
    let shared = 0;
    while (shared < set.path.length && shared < path.length && String(set.path[shared]) === String(path[shared])) shared++;
    if (shared > 0 && shared >= bestLength) {
      best = set;
      bestLength = shared;
    }
  }
  return best;
}

/** Places a raw issue in the file, or attributes it to `--set` when an override produced it. */
function placeIssue(ctx: Context, issue: RawIssue): IssueLocation {
  const path = formatPath(issue.path);
  const fromSet = (set: SetOverride | undefined): IssueLocation => ({
    file: '--set',
    path,
    message: set === undefined ? issue.message : `${issue.message} (from --set ${shorten(set.text)})`,
  });
  const setBy = [...ctx.sets].reverse().find((set) => isPathPrefix(set.path, issue.path));
  if (setBy !== undefined) return fromSet(setBy);
  const position = positionOf(locate(ctx.doc, issue.path, ctx.keys), ctx.lineCounter, issue.atKey === true);
  if (position === undefined) return fromSet(closestSet(ctx.sets, issue.path));
  return { file: ctx.file, line: position.line, column: position.column, path, message: issue.message };
}

/** By line and column; issues without a line (from `--set`) last. Stable otherwise. */
function sortIssues(issues: IssueLocation[]): IssueLocation[] {
  return issues
    .map((issue, order) => ({ issue, order }))
    .sort(
      (a, b) =>
        (a.issue.line ?? Infinity) - (b.issue.line ?? Infinity) ||
        (a.issue.column ?? 0) - (b.issue.column ?? 0) ||
        a.order - b.order,
    )
    .map(({ issue }) => issue);
}

/** The error for `issues` (in reading order): the first `MAX_PROBLEMS` of them, then a count of the rest. */
function invalid(file: string, issues: IssueLocation[], headline: string, code: 'SCENARIO_INVALID' | 'UNKNOWN_PLUGIN' = 'SCENARIO_INVALID'): MasecError {
  const count = issues.length === 1 ? '1 problem' : `${issues.length.toLocaleString('en-US')} problems`;
  const listed = capProblems(issues, file);
  const lines = listed.map((issue) => `  ${formatIssue(issue)}`);
  return new MasecError(code, [`${file}: ${headline} (${count})`, ...lines].join('\n'), { issues: listed });
}

/** A problem with the whole text, at a position in it when there is one. */
function textProblem(file: string, text: string, problem: { offset?: number; message: string }, headline: string): MasecError {
  const at = problem.offset === undefined ? {} : positionAt(text, problem.offset);
  return invalid(file, [{ file, ...at, path: '', message: problem.message }], headline);
}

const A_SCENARIO = 'a scenario is a YAML mapping with at least id, rounds, agents and topology';

/** The document must be a mapping: say what the file holds instead (nothing, comments, a list, a string…). */
function checkRoot(doc: Document, lineCounter: LineCounter, text: string, file: string): void {
  const root = deref(doc, doc.contents);
  if (isMap(root)) return;
  if (root === null || root === undefined || (isScalar(root) && root.value === null && root.range?.[0] === root.range?.[1])) {
    const message = text.trim() === '' ? `the file is empty: ${A_SCENARIO}` : `the file holds only comments and blank lines: ${A_SCENARIO}`;
    throw invalid(file, [{ file, path: '', message }], 'no scenario');
  }
  const what = isSeq(root) ? 'a list' : isScalar(root) ? (root.value === null ? 'null' : `a ${typeof root.value}`) : 'a value of another kind';
  const position = positionOf({ found: true, node: root, key: undefined }, lineCounter);
  const message = `a scenario is a YAML mapping of fields (id, rounds, agents, topology, …), not ${what}`;
  throw invalid(file, [{ file, ...(position === undefined ? {} : { line: position.line, column: position.column }), path: '', message }], 'not a scenario');
}

/**
 * Keys that repeat in a mapping, each at its position. The YAML library's own check compares every key
 * with every earlier one (quadratic: 10 s for 40,000 keys), so it is off and this one, with a set per
 * mapping, runs instead.
 */
function duplicateKeys(doc: Document, lineCounter: LineCounter, file: string): IssueLocation[] {
  const issues: IssueLocation[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isSeq(node)) {
      stack.push(...node.items);
    } else if (isMap(node)) {
      const first = new Map<string, unknown>();
      for (const pair of node.items) {
        const key = keyText(pair.key);
        const earlier = first.get(key);
        if (earlier === undefined) first.set(key, pair.key);
        else {
          const at = positionOf({ found: true, node: pair.key, key: undefined }, lineCounter);
          const was = positionOf({ found: true, node: earlier, key: undefined }, lineCounter);
          const message = `Map keys must be unique: '${key}' is already a key${was === undefined ? '' : ` at line ${was.line}`}`;
          issues.push(at === undefined ? { file, path: '', message } : { file, line: at.line, column: at.column, path: '', message });
        }
        stack.push(pair.value);
      }
    }
  }
  return issues;
}

function parseYaml(text: string, file: string): { doc: Document; lineCounter: LineCounter } {
  const lineCounter = new LineCounter();
  const doc = parseDocument<Node>(text, { lineCounter, prettyErrors: true, uniqueKeys: false });
  const issues = doc.errors.map((error): IssueLocation => {
    const start = error.linePos?.[0];
    // prettyErrors appends " at line L, column C:" and a code frame; the location is reported separately.
    const message = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
    return start === undefined ? { file, path: '', message } : { file, line: start.line, column: start.col, path: '', message };
  });
  if (issues.length === 0) issues.push(...duplicateKeys(doc, lineCounter, file));
  if (issues.length > 0) throw invalid(file, sortIssues(issues), 'YAML syntax error');
  return { doc, lineCounter };
}

/** The document with `--set` applied, as data, and what locating its problems needs. */
function readDocument(text: string, options: Pick<ParseScenarioOptions, 'file' | 'sets'>): { ctx: Context; data: unknown } {
  const { file } = options;
  const tooLong = sizeProblem(text.length, 'the scenario');
  if (tooLong !== undefined) throw textProblem(file, text, { message: tooLong }, 'too large');
  const sets = (options.sets ?? []).map(parseSetExpression);
  // Before the parser: a document too large or too deeply nested to parse in bounded time and stack.
  const scan = scanYaml(text);
  if (scan.problem !== undefined) throw textProblem(file, text, scan.problem, 'too large');
  const { doc, lineCounter } = parseYaml(text, file);
  checkRoot(doc, lineCounter, text, file);
  for (const set of sets) applySetOverride(doc, set);
  const ctx: Context = { file, doc, lineCounter, sets, keys: new WeakMap() };
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw invalid(file, [{ file, path: '', message }], 'cannot read scenario');
  }
  const limits = dataLimitIssues(data, scan.aliases);
  if (limits.length > 0) throw invalid(file, sortIssues(limits.map((issue) => placeIssue(ctx, issue))), 'too large');
  return { ctx, data };
}

/** SCENARIO_INVALID with each schema problem placed in the file (or `--set`), sorted. */
function located(ctx: Context, issues: RawIssue[]): MasecError {
  return invalid(ctx.file, sortIssues(issues.map((issue) => placeIssue(ctx, issue))), 'invalid scenario');
}

/** A plugin's config schema (a zod schema; typed through the spec to keep zod out of this package's API). */
type ConfigSchema = ThreatDefinition<unknown, unknown>['configSchema'];

interface PluginSlot {
  ref: PluginRef;
  path: PathSegment[];
  registry: PluginLookup<RegistryEntry & { readonly configSchema: ConfigSchema }>;
}

function pluginSlots(scenario: Scenario, registries: ScenarioRegistries): PluginSlot[] {
  const slots: PluginSlot[] = [];
  scenario.threats.forEach((ref, i) => slots.push({ ref, path: ['threats', i], registry: registries.threats }));
  scenario.defenses.forEach((ref, i) => slots.push({ ref, path: ['defenses', i], registry: registries.defenses }));
  (scenario.arms ?? []).forEach((arm, j) =>
    arm.defenses.forEach((ref, i) => slots.push({ ref, path: ['arms', j, 'defenses', i], registry: registries.defenses })),
  );
  if (scenario.agents.policy !== undefined) slots.push({ ref: scenario.agents.policy, path: ['agents', 'policy'], registry: registries.policies });
  (scenario.agents.groups ?? []).forEach((group, j) => slots.push({ ref: group.policy, path: ['agents', 'groups', j, 'policy'], registry: registries.policies }));
  return slots;
}

/**
 * Plugin-specific checks against the whole scenario: a threat's own, and that it runs on the scenario's
 * engine; that the services the plugin requires will be there; on the population and market engines, that a
 * defense has a form for that engine (`population`, `market`; the message engine calls every hook).
 */
function pluginScenarioIssues(
  definition: RegistryEntry,
  config: Record<string, unknown>,
  scenario: Scenario,
  path: PathSegment[],
  services: readonly ServiceName[],
): RawIssue[] {
  const issues: RawIssue[] = [];
  const requires = (definition as { requires?: readonly ServiceName[] }).requires ?? [];
  const missing = requires.filter((name) => !services.includes(name));
  if (missing.length > 0) {
    const list = missing.map((m) => `'${m}'`).join(', ');
    issues.push({ path: [...path, 'id'], message: `'${definition.id}' needs the service${missing.length > 1 ? 's' : ''} ${list}, which this run does not provide${missing.includes('models') ? ' (declare the models the scenario uses)' : ''}` });
  }
  const engines = (definition as { engines?: readonly string[] }).engines;
  const engine = resolveEngine(scenario);
  if (engines !== undefined && !engines.includes(engine)) {
    issues.push({ path: [...path, 'id'], message: `threat '${definition.id}' does not run on the ${engine} engine (it runs on: ${engines.join(', ')})` });
  }
  const check = (definition as { checkScenario?: (c: unknown, s: Scenario) => { path: PathSegment[]; message: string }[] }).checkScenario;
  if (typeof check === 'function') {
    for (const issue of check.call(definition, config, scenario)) issues.push({ path: [...path, 'config', ...issue.path], message: issue.message });
  }
  const hooks = (definition as { hooks?: readonly string[] }).hooks;
  if (hooks !== undefined && (engine === 'population' || engine === 'market') && (definition as unknown as Record<string, unknown>)[engine] === undefined) {
    issues.push({ path: [...path, 'id'], message: `defense '${definition.id}' has no ${engine}-level form, so the ${engine} engine cannot run it` });
  }
  const facets = definition as unknown as Record<string, unknown>;
  if (hooks !== undefined && hooks.length === 0 && facets.fleet === undefined && facets.market !== undefined && engine !== 'market') {
    issues.push({ path: [...path, 'id'], message: `defense '${definition.id}' acts on the market engine only (it watches prices), not on the ${engine} engine` });
  }
  return issues;
}

/** Checks plugin ids and replaces each plugin config with its parsed form (in place). */
function resolvePlugins(scenario: Scenario, registries: ScenarioRegistries, services: readonly ServiceName[]): RawIssue[] {
  const issues: RawIssue[] = [];
  for (const { ref, path, registry } of pluginSlots(scenario, registries)) {
    if (!registry.has(ref.id)) {
      const message = unknownPluginError(registry.kind, ref.id, registry.ids()).message;
      issues.push({ path: [...path, 'id'], message, unknownPlugin: true });
      continue;
    }
    const definition = registry.get(ref.id);
    const schema = definition.configSchema;
    const parsed = schema.safeParse(ref.config);
    if (parsed.success) {
      // Plugin config schemas are object schemas, so the parsed config is a record.
      ref.config = parsed.data as Record<string, unknown>;
      issues.push(...pluginScenarioIssues(definition, ref.config, scenario, path, services));
    } else {
      issues.push(...fromZodIssues(parsed.error.issues, { schema, data: ref.config, prefix: [...path, 'config'] }));
    }
  }
  (scenario.metrics ?? []).forEach((id, i) => {
    if (!registries.metrics.has(id)) {
      const message = unknownPluginError(registries.metrics.kind, id, registries.metrics.ids()).message;
      issues.push({ path: ['metrics', i], message, unknownPlugin: true });
    }
  });
  return issues;
}

/** A plugin module a scenario names in `plugins`, and where: the specifier as written and its location. */
export interface ScenarioPluginRef {
  specifier: string;
  /** Where it is written (file, line, column, `plugins[i]`), for errors about the module. */
  where: Omit<IssueLocation, 'message'>;
}

/**
 * The first phase of loading a scenario that may name plugins: the `plugins` list of the raw document (after
 * `--set` overrides), each with its location, before anything else is checked, so the caller can import the
 * modules and then validate the whole scenario against registries that hold their ids. A scenario that is
 * not an object, or has no `plugins`, names none (the second phase reports what else is wrong). Throws
 * SCENARIO_INVALID for YAML syntax or a `plugins` that is not a list of non-empty strings.
 */
export function readScenarioPlugins(text: string, options: Pick<ParseScenarioOptions, 'file' | 'sets'>): ScenarioPluginRef[] {
  const { ctx, data } = readDocument(text, options);
  if (typeof data !== 'object' || data === null || !('plugins' in data)) return [];
  const raw = (data as { plugins: unknown }).plugins;
  const schema = ScenarioSchema.shape.plugins;
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw located(ctx, fromZodIssues(parsed.error.issues, { schema, data: raw, prefix: ['plugins'] }));
  return parsed.data.map((specifier, i) => {
    const { message: _message, ...where } = placeIssue(ctx, { path: ['plugins', i], message: '' });
    return { specifier, where };
  });
}

/**
 * Parses, overrides, validates and resolves a scenario.
 * Throws `MasecError`: USAGE for a malformed `--set`; SCENARIO_INVALID for YAML syntax, schema,
 * plugin-config and cross-field problems (all of them at once, sorted by line); UNKNOWN_PLUGIN when
 * every problem is an unknown plugin id. Schema problems stop before plugin and cross-field checks.
 */
export function parseScenario(text: string, options: ParseScenarioOptions): Scenario {
  const { file, registries } = options;
  const { ctx, data } = readDocument(text, options);
  const result = ScenarioSchema.safeParse(data);
  if (!result.success) throw located(ctx, fromZodIssues(result.error.issues, { schema: ScenarioSchema, data }));

  const scenario = result.data;
  const raw = [...resolvePlugins(scenario, registries, options.services ?? declaredServices(scenario)), ...crossFieldIssues(scenario)];
  if (raw.length > 0) {
    const onlyUnknown = raw.every((issue) => issue.unknownPlugin === true);
    const issues = sortIssues(raw.map((issue) => placeIssue(ctx, issue)));
    throw invalid(file, issues, onlyUnknown ? 'unknown plugin' : 'invalid scenario', onlyUnknown ? 'UNKNOWN_PLUGIN' : 'SCENARIO_INVALID');
  }
  return scenario;
}
