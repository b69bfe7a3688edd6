/**
 * Parameter grids for `masec sweep`: `--grid path=v1,v2,...` options, each an axis whose path is a `--set`
 * path (`arms[2].defenses[0].config.threshold`) and whose values are YAML flow values, and their cartesian
 * product. Pure: nothing here reads files or runs anything.
 */
import { type IssueLocation, MasecError, isMasecError } from '@masec/spec';
import { parseSetExpression, parseSetPath } from '@masec/sim';
import { canonicalJson } from '../store/event-codec.js';

export interface GridAxis {
  /** The path as given (trimmed), e.g. `arms[2].defenses[0].config.threshold`. */
  path: string;
  /** The values as given (trimmed YAML flow texts), in order, e.g. `['0.3', '0.5']`. */
  values: string[];
}

export interface GridPoint {
  /** Position in the expansion, from 0; the first axis varies slowest. */
  index: number;
  /** Path → value text, in axis order. */
  assignment: Record<string, string>;
  /** The point as `--set` overrides (`path=value`), applied after any plain `--set`. */
  sets: string[];
}

/** Default ceiling on the number of grid points a sweep expands to (`--max-points`). */
export const DEFAULT_MAX_POINTS = 200;

function usage(text: string, problem: string, path = ''): MasecError {
  return new MasecError('USAGE', `invalid --grid '${text}': ${problem}`, { issues: [{ file: '--grid', path, message: problem }] });
}

/** Rewords a `--set` parse error as a `--grid` one. */
function asGridError(error: unknown, text: string, path: string): unknown {
  if (!isMasecError(error)) return error;
  const issue: IssueLocation | undefined = error.issues[0];
  const problem = issue?.message ?? error.message;
  return usage(text, problem, issue?.path ?? path);
}

/**
 * Splits at commas outside brackets, braces and quotes, so `a.b=[1,2],[3]` has two values and
 * `name="x, y",z` has two. Returns the trimmed pieces, empty ones included (the caller reports them).
 */
export function splitValues(list: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (quote !== null) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if ((c === ']' || c === '}') && depth > 0) depth--;
    else if (c === ',' && depth === 0) {
      out.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(list.slice(start).trim());
  return out;
}

/** Parses one `--grid path=v1,v2,...`; every problem is a USAGE error naming the option and the path. */
export function parseGridOption(text: string): GridAxis {
  const eq = text.indexOf('=');
  if (eq < 0) throw usage(text, "expected path=v1,v2,... (no '=' found), e.g. arms[1].defenses[0].config.threshold=0.3,0.5");
  const path = text.slice(0, eq).trim();
  try {
    parseSetPath(path, text);
  } catch (error) {
    throw asGridError(error, text, path);
  }
  const list = text.slice(eq + 1);
  if (list.trim() === '') throw usage(text, 'empty grid: give at least one value after =', path);
  const values = splitValues(list);
  const seen = new Map<string, string>();
  values.forEach((value, i) => {
    if (value === '') throw usage(text, `value ${i + 1} of ${values.length} is empty (two commas in a row, or a trailing comma?)`, path);
    let parsed: unknown;
    try {
      parsed = parseSetExpression(`${path}=${value}`).value;
    } catch (error) {
      throw asGridError(error, text, path);
    }
    const key = canonicalJson(parsed ?? null);
    const earlier = seen.get(key);
    if (earlier !== undefined) throw usage(text, `values '${earlier}' and '${value}' are the same value`, path);
    seen.set(key, value);
  });
  return { path, values };
}

/** Parses every `--grid` option; the same path twice, or one path inside another, is a USAGE error. */
export function parseGrid(options: readonly string[]): GridAxis[] {
  const axes = options.map(parseGridOption);
  for (let i = 0; i < axes.length; i++) {
    for (let j = 0; j < i; j++) {
      const [a, b] = [axes[j] as GridAxis, axes[i] as GridAxis];
      if (a.path === b.path) throw usage(options[i] ?? '', `path '${b.path}' is already swept by an earlier --grid; list all its values in one`, b.path);
      if (nested(a.path, b.path) || nested(b.path, a.path)) {
        throw usage(options[i] ?? '', `path '${b.path}' overlaps '${a.path}' of an earlier --grid; one would overwrite the other`, b.path);
      }
    }
  }
  return axes;
}

/** `outer` addresses a container that holds `inner` (`arms[1]` holds `arms[1].name`). */
function nested(outer: string, inner: string): boolean {
  return inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
}

/** Number of points of the product; 0 without axes. */
export function gridSize(axes: readonly GridAxis[]): number {
  return axes.length === 0 ? 0 : axes.reduce((n, a) => n * a.values.length, 1);
}

/**
 * The cartesian product of the axes, first axis slowest (as nested loops in axis order). Throws USAGE when
 * there is no axis or when the product exceeds `maxPoints`, before materialising it.
 */
export function expandGrid(axes: readonly GridAxis[], maxPoints: number = DEFAULT_MAX_POINTS): GridPoint[] {
  if (axes.length === 0) throw new MasecError('USAGE', 'no --grid given: a sweep needs at least one, e.g. --grid arms[1].defenses[0].config.threshold=0.3,0.5');
  const size = gridSize(axes);
  if (size > maxPoints) {
    const product = axes.map((a) => a.values.length).join(' × ');
    throw new MasecError('USAGE', `the grid has ${size} points (${product}), more than the limit of ${maxPoints}; narrow it or raise --max-points`);
  }
  const points: GridPoint[] = [];
  for (let index = 0; index < size; index++) {
    const assignment: Record<string, string> = {};
    let rest = index;
    // The last axis varies fastest.
    const picks = new Array<string>(axes.length);
    for (let k = axes.length - 1; k >= 0; k--) {
      const axis = axes[k] as GridAxis;
      picks[k] = axis.values[rest % axis.values.length] as string;
      rest = Math.floor(rest / axis.values.length);
    }
    axes.forEach((axis, k) => (assignment[axis.path] = picks[k] as string));
    points.push({ index, assignment, sets: axes.map((axis) => `${axis.path}=${assignment[axis.path] ?? ''}`) });
  }
  return points;
}
