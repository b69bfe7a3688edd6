/**
 * Shared helpers of the end-to-end tests: temp dirs, the built `masec` binary run as a child process,
 * JSON parsing of its output, and read-only looks into a results store.
 *
 * Every command runs with its cwd in a fresh temp dir and an explicit `--store`, so nothing lands in the
 * repository. The tests exercise the built CLI: run `npm run build` first.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll } from 'vitest';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(REPO_ROOT, 'packages/cli/dist/main.js');
export const FIXTURES = join(REPO_ROOT, 'test/fixtures/scenarios');
export const BUILTIN_SCENARIOS = join(REPO_ROOT, 'scenarios');

/** The arms of the worm scenarios (built-in and the small fixture), in declaration order. */
export const WORM_ARMS = ['none', 'tagging', 'detector-quarantine'] as const;
/** The metrics the worm threat reports, which both worm scenarios use by default. */
export const WORM_METRICS = [
  'infected-fraction',
  'time-to-50',
  'records-exfiltrated',
  'benign-task-completion',
  'benign-blocked',
  'detector-tpr',
  'detector-fpr',
  'quarantined-agents',
] as const;

/** Default time limit of one CLI invocation. */
export const CLI_TIMEOUT_MS = 45_000;

function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`the CLI is not built (${CLI} is missing): run \`npm run build\` first`);
}

const tempDirs: string[] = [];

// Registered when a test file imports this module (each test file gets its own instance of it).
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp dir, removed after the test file finishes. */
export function tempDir(label = 'e2e'): string {
  const dir = mkdtempSync(join(tmpdir(), `masec-e2e-${label}-`));
  tempDirs.push(dir);
  return dir;
}

/** Copies a fixture scenario into `dir` and returns its file name (relative to `dir`). */
export function copyFixture(name: string, dir: string): string {
  copyFileSync(join(FIXTURES, name), join(dir, name));
  return name;
}

export interface CliResult {
  /** Exit status; null when the process was ended by a signal. */
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd: string;
  /** Extra environment; MASEC_STORE is removed from the inherited one unless given here. */
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Run as this user (needs root): how a test sees file permissions when it runs as root. */
  user?: { uid: number; gid: number };
}

/** The environment of a child CLI: inherited, minus MASEC_STORE, plus `extra`. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  if (!('MASEC_STORE' in extra)) delete env.MASEC_STORE;
  return env;
}

/** Runs `node packages/cli/dist/main.js ...args` to completion (execFile) and returns its status and output. */
export function masec(args: readonly string[], options: CliOptions): Promise<CliResult> {
  assertBuilt();
  const timeout = options.timeoutMs ?? CLI_TIMEOUT_MS;
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: options.cwd, env: childEnv(options.env), timeout, killSignal: 'SIGKILL', maxBuffer: 64 * 1024 * 1024, encoding: 'utf8', ...options.user },
      (error, stdout, stderr) => {
        if (error !== null && (error as { killed?: boolean }).killed === true) {
          reject(new Error(`masec ${args.join(' ')} timed out after ${timeout} ms\nstderr: ${stderr}`));
          return;
        }
        const code = error === null ? 0 : (error as { code?: unknown }).code;
        const signal = error === null ? null : ((error as { signal?: NodeJS.Signals | null }).signal ?? null);
        if (error !== null && typeof code !== 'number' && signal === null) {
          reject(error);
          return;
        }
        resolvePromise({ status: typeof code === 'number' ? code : null, signal, stdout, stderr });
      },
    );
  });
}

/** Starts the CLI without waiting for it (for the kill-mid-sweep test). */
export function spawnMasec(args: readonly string[], options: CliOptions): ChildProcess {
  assertBuilt();
  return spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: childEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Parses the whole of `text` as one JSON document, failing with the text when it is not. */
export function parseJson<T>(text: string, what = 'output'): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new Error(`${what} is not one JSON document (${(error as Error).message}):\n${text.slice(0, 2000)}`);
  }
}

/** One metric's summary over the seeds of an arm, as `run --json` prints it. */
export interface MetricSummary {
  mean: number | null;
  lo: number | null;
  hi: number | null;
  sd?: number | null;
  n: number;
  total: number;
}

export interface RunJson {
  arm: string;
  seed: number;
  status: 'done' | 'error';
  digest: string | null;
  metrics: Record<string, number | null>;
  judges: Record<string, { success: boolean; score: number; summary: string }>;
  error?: string;
  errorCode?: string | null;
  errorRound?: number | null;
}

/** What `masec run --json` prints. */
export interface SweepJson {
  experiment: string;
  scenario: string;
  store: string;
  executed: number;
  skipped: number;
  failed: number;
  runs: RunJson[];
  summary: Record<string, Record<string, MetricSummary>>;
  html?: string;
}

/** Runs `masec run ... --json`, requires exit 0 and returns the parsed output. */
export async function runJson(args: readonly string[], options: CliOptions): Promise<SweepJson> {
  const result = await masec([...args, '--json'], options);
  if (result.status !== 0) {
    throw new Error(`masec ${args.join(' ')} --json exited ${String(result.status)} (signal ${String(result.signal)})\nstderr: ${result.stderr}`);
  }
  return parseJson<SweepJson>(result.stdout, `masec ${args.join(' ')} --json`);
}

/** `arm/seed` → digest of every run of a sweep. */
export function digestsOf(sweep: Pick<SweepJson, 'runs'>): Map<string, string | null> {
  return new Map(sweep.runs.map((r) => [`${r.arm}/${r.seed}`, r.digest]));
}

export interface StoredRunRow {
  experiment_id: string;
  arm: string;
  seed: number;
  status: string;
  digest: string | null;
}

export interface StoreContents {
  exists: boolean;
  experiments: string[];
  runs: StoredRunRow[];
}

/**
 * What a results store holds, read with a read-only connection (busy timeout, so it can look while a
 * writer is active). A missing file, or one whose tables do not exist yet, holds nothing.
 */
export function readStore(file: string): StoreContents {
  if (!existsSync(file)) return { exists: false, experiments: [], runs: [] };
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const tables = db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
    if (!tables.includes('experiments') || !tables.includes('runs')) return { exists: true, experiments: [], runs: [] };
    const experiments = db.prepare<[], string>('SELECT id FROM experiments ORDER BY created_at, rowid').pluck().all();
    const runs = db.prepare<[], StoredRunRow>('SELECT experiment_id, arm, seed, status, digest FROM runs ORDER BY rowid').all();
    return { exists: true, experiments, runs };
  } finally {
    db.close();
  }
}

/** Number of `done` runs in a store; 0 while the file or its tables do not exist yet. */
export function countDoneRuns(file: string): number {
  try {
    return readStore(file).runs.filter((r) => r.status === 'done').length;
  } catch {
    // The writer may be between creating the file and committing the schema.
    return 0;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Splits a line of the text table into its cells (cells are separated by two or more spaces). */
export function tableCells(line: string): string[] {
  return line.trim().split(/\s{2,}/);
}

/**
 * The cell for `arm` and `metric` (a metric label as printed, e.g. 'benign mail blocked ↓') in a text table
 * printed by the CLI. With a few arms the table has one row per metric and one column per arm.
 */
export function tableCell(text: string, arm: string, metric: string): string {
  const lines = text.split('\n');
  const headerIndex = lines.findIndex((l) => l.startsWith('metric ') && tableCells(l).includes(arm));
  if (headerIndex < 0) throw new Error(`no table header with a column for arm '${arm}' in:\n${text}`);
  const header = tableCells(lines[headerIndex]!);
  const row = lines.slice(headerIndex + 1).find((l) => l.startsWith(metric));
  if (row === undefined) throw new Error(`no row for metric '${metric}' in:\n${text}`);
  const cells = tableCells(row);
  if (cells.length !== header.length) throw new Error(`row of '${metric}' has ${cells.length} cells, header ${header.length}:\n${text}`);
  return cells[header.indexOf(arm)]!;
}

/** `mean [lo, hi]` of a count metric as the text table prints it (one decimal). */
export function countCell(s: MetricSummary): string {
  return `${s.mean!.toFixed(1)} [${s.lo!.toFixed(1)}, ${s.hi!.toFixed(1)}]`;
}

/** Runs the CLI in this process through `runCli(argv, io)`, capturing what it prints. */
export async function masecInProcess(argv: readonly string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const { runCli } = await import('../../packages/cli/src/cli.js');
  let stdout = '';
  let stderr = '';
  const status = await runCli(argv, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stderrIsTty: false,
    cwd,
    env,
  });
  return { status, signal: null, stdout, stderr };
}
