/**
 * Loading `shield.yaml`: size-limited YAML, then the zod schema, then the checks zod cannot make (guard ids
 * and their configs against the defense registry, unique agent ids and mount paths). Every problem is
 * reported at once with file, line, column and field path, as scenarios are (ADR 0007). The simulator's
 * loader is not reused: the shield may not import the simulator, and a gateway config is small and flat
 * enough that a short walk over the YAML nodes locates every field (ADR 0040).
 */
import { type Document, LineCounter, isMap, isNode, isSeq, parseDocument } from 'yaml';
import { type DefenseDefinition, type IssueLocation, MasecError, type Registry, formatIssue } from '@masec/spec';
import { createDefenseRegistry } from '@masec/defenses';
import { type GuardSpec, type ShieldConfig, ShieldConfigSchema } from './schema.js';

/** Largest config file: 1 MiB, as a scenario. */
export const MAX_CONFIG_BYTES = 1024 * 1024;
const MAX_PROBLEMS = 100;

type Segment = string | number;

function formatPath(path: readonly Segment[]): string {
  let out = '';
  for (const s of path) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}

/** Line and column of the deepest node along `path` (the key of a missing field's parent when absent). */
function position(doc: Document, counter: LineCounter, path: readonly Segment[]): { line: number; column: number } | undefined {
  let node: unknown = doc.contents;
  let offset = isNode(node) ? node.range?.[0] : undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isNode(p.key) && String((p.key as { value?: unknown }).value) === String(segment));
      if (pair === undefined) break;
      offset = isNode(pair.key) ? pair.key.range?.[0] : offset;
      node = pair.value;
      if (isNode(node) && !isMap(node) && !isSeq(node)) offset = node.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      node = node.items[segment];
      offset = isNode(node) ? (node.range?.[0] ?? offset) : offset;
    } else break;
  }
  if (offset === undefined) return undefined;
  const { line, col } = counter.linePos(offset);
  return { line, column: col };
}

export interface LoadConfigOptions {
  /** The file name used in every reported location. */
  file: string;
  /** Where guard ids are resolved (default: the built-in defenses). */
  defenses?: Registry<DefenseDefinition<unknown>>;
}

/** What loading gives: the config with every default applied, and each guard's config parsed by its defense. */
export interface LoadedShieldConfig {
  config: ShieldConfig;
  file: string;
}

function invalid(file: string, issues: IssueLocation[]): MasecError {
  const listed = issues.slice(0, MAX_PROBLEMS);
  if (issues.length > MAX_PROBLEMS) listed.push({ file, path: '', message: `… and ${issues.length - MAX_PROBLEMS} more problems` });
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  return new MasecError('CONFIG_INVALID', [`${file}: invalid shield config (${count})`, ...listed.map((i) => `  ${formatIssue(i)}`)].join('\n'), { issues: listed });
}

/** Guard lists of the config, with where each sits. */
function guardLists(config: ShieldConfig): { path: Segment[]; guards: GuardSpec[] }[] {
  return [
    { path: ['guards'], guards: config.guards },
    { path: ['quarantine', 'strictGuards'], guards: config.quarantine.strictGuards },
    ...config.agents.map((a, i) => ({ path: ['agents', i, 'guards'] as Segment[], guards: a.guards })),
  ];
}

/** Parses and checks a shield config; throws CONFIG_INVALID listing every located problem. */
export function parseShieldConfig(text: string, options: LoadConfigOptions): LoadedShieldConfig {
  const { file } = options;
  if (text.length > MAX_CONFIG_BYTES) throw invalid(file, [{ file, path: '', message: `the config is ${text.length} characters; at most ${MAX_CONFIG_BYTES} (1 MiB)` }]);
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw invalid(
      file,
      doc.errors.map((e) => {
        const at = e.linePos?.[0];
        return { file, ...(at === undefined ? {} : { line: at.line, column: at.col }), path: '', message: e.message.split('\n')[0] ?? e.message };
      }),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw invalid(file, [{ file, path: '', message: error instanceof Error ? error.message : String(error) }]);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw invalid(file, [{ file, path: '', message: 'a shield config is a YAML mapping with at least `agents`' }]);
  }
  const at = (path: readonly Segment[], message: string): IssueLocation => ({ file, ...position(doc, counter, path), path: formatPath(path), message });
  const parsed = ShieldConfigSchema.safeParse(data);
  if (!parsed.success) {
    throw invalid(
      file,
      parsed.error.issues.flatMap((issue) => {
        const path = issue.path.map((s) => (typeof s === 'number' ? s : String(s)));
        if (issue.code === 'unrecognized_keys') return issue.keys.map((k) => at([...path, k], `unknown field '${k}'`));
        return [at(path, issue.message)];
      }),
    );
  }
  const config = parsed.data;
  const issues: IssueLocation[] = [];
  const registry = options.defenses ?? createDefenseRegistry();
  for (const { path, guards } of guardLists(config)) {
    guards.forEach((spec, i) => {
      if (!registry.has(spec.id)) {
        issues.push(at([...path, i, 'id'], `unknown defense '${spec.id}'; valid defense ids: ${registry.ids().join(', ')}`));
        return;
      }
      const definition = registry.get(spec.id);
      if (definition.hooks.length === 0) issues.push(at([...path, i, 'id'], `defense '${spec.id}' acts at simulation setup only; it has no hook the gateway could run`));
      if (definition.requires !== undefined && definition.requires.length > 0) {
        issues.push(at([...path, i, 'id'], `defense '${spec.id}' needs the service(s) ${definition.requires.join(', ')}, which the gateway does not provide`));
      }
      const result = definition.configSchema.safeParse(spec.config);
      if (!result.success) {
        for (const issue of result.error.issues) {
          const sub = issue.path.map((s) => (typeof s === 'number' ? s : String(s)));
          if (issue.code === 'unrecognized_keys') for (const k of issue.keys) issues.push(at([...path, i, 'config', ...sub, k], `unknown field '${k}' of ${spec.id}`));
          else issues.push(at([...path, i, 'config', ...sub], issue.message));
        }
      } else spec.config = result.data as Record<string, unknown>;
    });
    const seen = new Set<string>();
    guards.forEach((spec, i) => {
      if (seen.has(spec.id)) issues.push(at([...path, i, 'id'], `defense '${spec.id}' appears twice in this list`));
      seen.add(spec.id);
    });
  }
  const ids = new Map<string, number>();
  const paths = new Map<string, number>();
  config.agents.forEach((agent, i) => {
    const id = ids.get(agent.id);
    if (id !== undefined) issues.push(at(['agents', i, 'id'], `agent '${agent.id}' is already agents[${id}]`));
    else ids.set(agent.id, i);
    const mount = paths.get(agent.path);
    if (mount !== undefined) issues.push(at(['agents', i, 'path'], `path '${agent.path}' is already agents[${mount}]'s`));
    else paths.set(agent.path, i);
    if (agent.path.startsWith('/_masec')) issues.push(at(['agents', i, 'path'], 'paths under /_masec are the gateway\u2019s admin endpoints'));
  });
  if (issues.length > 0) throw invalid(file, issues.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity)));
  return { config, file };
}
