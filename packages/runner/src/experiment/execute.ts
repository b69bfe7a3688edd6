/**
 * One run: one arm of a scenario with one seed. Pure with respect to the store — it returns everything
 * and the caller writes it — so the same function runs in-process or inside a worker thread.
 */
import { closeSync, readFileSync, readSync } from 'node:fs';
import { openRegularFile } from '../files/regular-file.js';
import { isAbsolute, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { type EngineKind, type JudgeResult, MasecError, type ModelJudgeReport, type ModelProvider, type RunEndStatus, type Scenario, errorCodeOf, errorMessageOf, resolveEngine } from '@masec/spec';
import { runScenario } from '@masec/sim';
import { pluginRegistries } from '../plugins/load-plugins.js';
import { StreamingLogEncoder } from '../store/log-encoder.js';
import { type HelperMode, installGraphHelpers, nodeHelperThreads } from './helper-threads.js';
import type { RunCosts, RunStatus } from '../store/types.js';

export interface RunTask {
  scenario: Scenario;
  arm: string;
  seed: number;
  /** Directory relative paths in the scenario (edge lists) resolve against. */
  baseDir: string;
  /** Whether a large population run may use a helper thread (default 'auto'; see helper-threads.ts). */
  helperThread?: HelperMode;
  /**
   * `file:` URLs of the plugin modules the scenario's ids come from (`PluginSet.urls`): a worker thread
   * imports them itself, since registries cannot cross threads. Default: none (built-ins only).
   */
  plugins?: readonly string[];
}

export interface RunTaskResult {
  arm: string;
  seed: number;
  status: RunStatus;
  /** How the run ended (its `run-end` status). */
  end: RunEndStatus;
  /** Digest of the log as recorded: the whole run's, or a failed run's up to the failure (null without a log). */
  digest: string | null;
  metrics: Record<string, number | null>;
  series: Record<string, number[]>;
  judges: Record<string, JudgeResult>;
  /** The model judge's verdicts against the rule judges', when the scenario asks for one (ADR 0094). */
  modelJudge?: ModelJudgeReport;
  /** The event log, canonical NDJSON gzipped (a failed run's partial log; empty only when none was kept). */
  eventLog: Uint8Array;
  eventCount: number;
  costs: RunCosts;
  error: string | null;
  errorCode: string | null;
  errorRound: number | null;
  /** The engine that ran it and the models it used (for the manifest). */
  engine: EngineKind;
  models: string[];
}

export function fileReader(baseDir: string): (path: string) => string {
  return (path) => {
    const full = isAbsolute(path) ? path : resolve(baseDir, path);
    try {
      return readFileSync(full, 'utf8');
    } catch (cause) {
      throw new MasecError('FILE_NOT_FOUND', `cannot read '${full}': ${(cause as Error).message}`, { cause });
    }
  };
}

/** Largest file `fileBytesReader` reads: the largest Uint8Array Node 20 allocates (4 GiB). */
const MAX_FILE_BYTES = 2 ** 32;
/** Bytes per read call (a single `readSync` is capped below 2 GiB). */
const READ_CHUNK = 1 << 30;

/**
 * Like {@link fileReader}, returning the file's bytes. Reads into one array sized from `fstat` in 1 GiB
 * steps, so files past `readFileSync`'s 2 GiB limit (up to 4 GiB) load too, and a 10^8-edge list never
 * becomes a string.
 */
export function fileBytesReader(baseDir: string): (path: string) => Uint8Array {
  return (path) => {
    const full = isAbsolute(path) ? path : resolve(baseDir, path);
    const opened = openRegularFile(full);
    if (!opened.ok) {
      const unreadable = opened.problem.replace(/^cannot be read: /, '');
      throw new MasecError('FILE_NOT_FOUND', unreadable !== opened.problem ? `cannot read '${full}': ${unreadable}` : `cannot read '${full}': it ${opened.problem}, not a file`);
    }
    const fd = opened.fd;
    try {
      const size = opened.stat.size;
      if (size > MAX_FILE_BYTES) {
        throw new MasecError('FILE_NOT_FOUND', `cannot read '${full}': ${size} bytes exceed the ${MAX_FILE_BYTES} one array can hold`);
      }
      const bytes = new Uint8Array(size);
      let at = 0;
      while (at < size) {
        const got = readSync(fd, bytes, at, Math.min(READ_CHUNK, size - at), at);
        if (got === 0) break;
        at += got;
      }
      return at === size ? bytes : bytes.subarray(0, at);
    } finally {
      closeSync(fd);
    }
  };
}

/** Progress inside one run: rounds done of all (population runs report it; others only finish). */
export type RoundProgress = (done: number, rounds: number) => void;

/**
 * Runs of at most this many rounds also keep their log in memory while they run; longer ones only stream it
 * to the encoder, and their metrics and judges read it back from there (bounded memory for long runs).
 */
export const MAX_KEPT_ROUNDS = 100_000;

/**
 * Runs one task. `models` is the run's model provider (the experiment's model host, or a port to it from a
 * worker thread); without it a scenario's model-backed plugins fail SERVICE_MISSING.
 */
export async function executeRun(task: RunTask, onRound?: RoundProgress, models?: ModelProvider): Promise<RunTaskResult> {
  const started = performance.now();
  const engine = resolveEngine(task.scenario);
  const encoder = new StreamingLogEncoder();
  if (task.helperThread !== false) installGraphHelpers();
  try {
    const output = await runScenario(task.scenario, {
      seed: task.seed,
      arm: task.arm,
      registries: await pluginRegistries(task.plugins ?? []),
      readText: fileReader(task.baseDir),
      readBytes: fileBytesReader(task.baseDir),
      helperThreads: nodeHelperThreads(task.helperThread ?? 'auto'),
      sink: encoder,
      keepLog: task.scenario.rounds <= MAX_KEPT_ROUNDS,
      ...(models === undefined ? {} : { services: { models } }),
      ...(onRound === undefined ? {} : { onRound }),
    });
    const encoded = encoder.finish();
    const ok = output.status === 'ok';
    return {
      arm: task.arm,
      seed: task.seed,
      status: ok ? 'done' : 'error',
      end: output.status,
      digest: encoded.digest,
      metrics: output.metrics,
      series: output.series,
      judges: output.judges,
      ...(output.modelJudge === undefined ? {} : { modelJudge: output.modelJudge }),
      eventLog: encoded.gz,
      eventCount: encoded.count,
      costs: {
        durationMs: performance.now() - started,
        envelopes: output.costs.envelopes,
        guardMicros: output.costs.guardMicros,
        charsAdded: output.costs.charsAdded,
      },
      error: output.error?.message ?? null,
      errorCode: output.error?.code ?? null,
      errorRound: output.error?.round ?? null,
      engine,
      models: output.models,
    };
  } catch (cause) {
    // Outside any engine (reading the calibration, encoding the log): no log to keep.
    return {
      arm: task.arm,
      seed: task.seed,
      status: 'error',
      end: errorCodeOf(cause) === 'RUN_CANCELLED' ? 'cancelled' : 'error',
      digest: null,
      metrics: {},
      series: {},
      judges: {},
      eventLog: new Uint8Array(0),
      eventCount: 0,
      costs: { durationMs: performance.now() - started, envelopes: 0, guardMicros: {}, charsAdded: 0 },
      error: errorMessageOf(cause),
      errorCode: errorCodeOf(cause),
      errorRound: null,
      engine,
      models: [],
    };
  }
}
