/**
 * Limits on scenario input, each with a clear error (docs/reference/scenario-format.md#limits). They keep the
 * time and memory of loading a scenario bounded whatever the file holds: the YAML parser takes about 7 µs and
 * a few hundred bytes per value, and recurses once per level of nesting.
 *
 * Two checks, both linear:
 * - `scanYaml` runs the YAML lexer (about 6× faster than the parser) over the text before it is parsed, and
 *   stops at the first value past `MAX_VALUES` or at nesting far past `MAX_DEPTH`, so the parser never sees
 *   a document that would take long, need much memory or overflow the stack;
 * - `dataLimitIssues` walks the parsed data (after `--set`) and checks the exact limits: nesting depth, items
 *   per list and entries per mapping, and values once aliases are expanded.
 */
import { CST, Lexer } from 'yaml';
import type { PathSegment } from './yaml-locate.js';
import type { RawIssue } from './zod-issues.js';

/** Largest scenario file in bytes (and, for text handed to `parseScenario`, in characters): 1 MiB. */
export const MAX_SCENARIO_BYTES = 1024 * 1024;
/** Lists and mappings nested in each other, the document's root mapping included. */
export const MAX_DEPTH = 32;
/** Items of one list, or entries of one mapping. */
export const MAX_ITEMS = 10_000;
/** Values in one document: scalars (mapping keys included), an alias counting its whole value at each use. */
export const MAX_VALUES = 100_000;
/** Problems listed in one error; the rest are counted. */
export const MAX_PROBLEMS = 100;

const fmt = (n: number): string => n.toLocaleString('en-US');

export const NESTING_MESSAGE = `nesting deeper than ${MAX_DEPTH} levels of lists and mappings`;
export const VALUES_MESSAGE = `more than ${fmt(MAX_VALUES)} values (scalars, keys included); a scenario holds at most ${fmt(MAX_VALUES)}`;
const ALIAS_VALUES_MESSAGE = `more than ${fmt(MAX_VALUES)} values once aliases are expanded (each use of an alias counts its whole value); a scenario holds at most ${fmt(MAX_VALUES)}`;

/** The text is too long to parse: a problem with the whole text. */
export function sizeProblem(length: number, what: string): string | undefined {
  if (length <= MAX_SCENARIO_BYTES) return undefined;
  return `${what} is ${fmt(length)} characters; a scenario holds at most ${fmt(MAX_SCENARIO_BYTES)} (1 MiB)`;
}

/** Tokens the lexer emits that stand for no source text. */
const ZERO_WIDTH = new Set(['doc-mode', 'scalar', 'flow-error-end']);
/** Tokens that are a value or start one (a scalar's text follows its zero-width `scalar` marker). */
const VALUE_TOKENS = new Set(['single-quoted-scalar', 'double-quoted-scalar', 'alias']);
const NODE_START = new Set(['flow-map-start', 'flow-seq-start', 'seq-item-ind', 'explicit-key-ind', 'single-quoted-scalar', 'double-quoted-scalar', 'alias']);

/**
 * A lexer pass over YAML text that finds, without parsing it, the first place where the text holds more
 * than `MAX_VALUES` values or nests far deeper than `MAX_DEPTH` (its estimate of block nesting, from
 * indentation, is within a level or two above and at most a factor 2 below the truth, so it stops at twice
 * the limit; the exact limit is checked on the parsed data). Returns the first problem (its offset and
 * message), if any, and whether the text uses aliases.
 */
export function scanYaml(text: string): { problem?: { offset: number; message: string }; aliases: boolean } {
  let aliases = false;
  let offset = 0;
  let column = 0;
  let values = 0;
  let flowDepth = 0;
  /** Columns of the block collections open at this point, innermost last. */
  const block: number[] = [];
  let scalarNext = false;
  let blockScalar = false;
  for (const token of new Lexer().lex(text)) {
    const type = CST.tokenType(token);
    const start = offset;
    const startColumn = column;
    if (!ZERO_WIDTH.has(type ?? '')) {
      offset += token.length;
      const newline = token.lastIndexOf('\n');
      column = newline < 0 ? column + token.length : token.length - newline - 1;
    }
    if (type === 'scalar') {
      scalarNext = true;
      continue;
    }
    const isScalarText = scalarNext;
    scalarNext = false;
    if (type === 'alias') aliases = true;
    if (isScalarText || VALUE_TOKENS.has(type ?? '')) {
      values++;
      if (values > MAX_VALUES) return { problem: { offset: start, message: VALUES_MESSAGE }, aliases };
    }
    if (isScalarText && blockScalar) {
      // The lines of a block scalar (`|`, `>`) are text, whatever their indentation.
      blockScalar = false;
      continue;
    }
    if (type === 'block-scalar-header') blockScalar = true;
    if (!isScalarText && !NODE_START.has(type ?? '')) {
      if (type === 'flow-map-end' || type === 'flow-seq-end') flowDepth = Math.max(0, flowDepth - 1);
      continue;
    }
    if (flowDepth === 0) {
      while (block.length > 0 && (block[block.length - 1] as number) > startColumn) block.pop();
      if (block.length === 0 || (block[block.length - 1] as number) < startColumn) block.push(startColumn);
    }
    if (type === 'flow-map-start' || type === 'flow-seq-start') flowDepth++;
    if (block.length + flowDepth > 2 * MAX_DEPTH) return { problem: { offset: start, message: NESTING_MESSAGE }, aliases };
  }
  return { aliases };
}

/** 1-based line and column of `offset` in `text`. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * The exact limits on parsed data: nesting depth, items per list and entries per mapping, and values with
 * aliases expanded (an alias is the same object at each use, so it is walked, and counted, again). Stops at
 * the first problem of each kind; the walk visits at most `MAX_VALUES` values. `hasAliases` chooses the
 * wording of the values problem.
 */
export function dataLimitIssues(data: unknown, hasAliases: boolean): RawIssue[] {
  const issues: RawIssue[] = [];
  let deep = false;
  let values = 0;
  const stack: { value: unknown; path: PathSegment[]; depth: number }[] = [{ value: data, path: [], depth: 1 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as (typeof stack)[number];
    if (typeof value !== 'object' || value === null) {
      values++;
    } else {
      if (depth > MAX_DEPTH) {
        if (!deep) issues.push({ path, message: NESTING_MESSAGE });
        deep = true;
        continue;
      }
      const entries: [PathSegment, unknown][] = Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value);
      if (entries.length > MAX_ITEMS) {
        const what = Array.isArray(value) ? `a list holds at most ${fmt(MAX_ITEMS)} items` : `a mapping holds at most ${fmt(MAX_ITEMS)} entries`;
        issues.push({ path, message: `${what}; this one has ${fmt(entries.length)}` });
        continue;
      }
      if (!Array.isArray(value)) values += entries.length;
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i] as [PathSegment, unknown];
        stack.push({ value: item, path: [...path, key], depth: depth + 1 });
      }
    }
    if (values > MAX_VALUES) {
      issues.push({ path: path.slice(0, 1), message: hasAliases ? ALIAS_VALUES_MESSAGE : VALUES_MESSAGE });
      break;
    }
  }
  return issues;
}

/** At most `MAX_PROBLEMS` of `issues` (already in reading order), then one that counts the rest. */
export function capProblems<T extends { path: string; message: string; file?: string }>(issues: readonly T[], file: string): (T | { file: string; path: string; message: string })[] {
  if (issues.length <= MAX_PROBLEMS) return [...issues];
  const rest = issues.length - MAX_PROBLEMS;
  return [...issues.slice(0, MAX_PROBLEMS), { file, path: '', message: `… and ${fmt(rest)} more problems (only the first ${MAX_PROBLEMS} are listed)` }];
}
