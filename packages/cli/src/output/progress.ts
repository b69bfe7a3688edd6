/**
 * Progress of a sweep on stderr: a live bar on a terminal, a line every ~10% otherwise (CI logs),
 * nothing with --quiet. Never writes to stdout, so `--json` output stays clean.
 */
import cliProgress from 'cli-progress';
import type { ExperimentProgress } from '@masec/runner';
import type { CliIo } from '../io.js';

export interface ProgressReporter {
  update(progress: ExperimentProgress): void;
  stop(): void;
}

export interface InterruptOptions {
  io: CliIo;
  /** What an interruption keeps, given the last progress (e.g. which runs are stored). */
  kept: (progress: ExperimentProgress | undefined) => string;
}

/**
 * Progress reporting that, until `stop`, also answers SIGINT (Ctrl-C) and SIGTERM: it ends the bar and says
 * on stderr what the interruption keeps (`masec: interrupted by SIGINT: …`) before the process ends.
 */
export function createProgress(label: string, options: { quiet: boolean; stream?: NodeJS.WriteStream; interrupt?: InterruptOptions }): ProgressReporter {
  const reporter = createReporter(label, options);
  const interrupt = options.interrupt;
  if (interrupt?.io.onSignal === undefined) return reporter;
  let last: ExperimentProgress | undefined;
  const remove = interrupt.io.onSignal((signal) => {
    reporter.stop();
    interrupt.io.stderr(`\nmasec: interrupted by ${signal}: ${interrupt.kept(last)}\n`);
  });
  return {
    update(progress) {
      last = progress;
      reporter.update(progress);
    },
    stop() {
      remove();
      reporter.stop();
    },
  };
}

/**
 * What an interrupted `run`, `demo`, `sweep` or `blast-radius` keeps: the runs stored, in `what` (this
 * experiment, this sweep), and how to finish.
 */
export function storedRunsKept(store: string, what: string): (progress: ExperimentProgress | undefined) => string {
  return (progress) => {
    if (progress === undefined) return `no run was stored in ${store} yet`;
    const mine = progress.done - progress.skipped;
    const parts = [`${mine} by this command`];
    if (progress.skipped > 0) parts.push(`${progress.skipped} stored before or by another masec`);
    if (progress.failed > 0) parts.push(`${progress.failed} failed`);
    const rest = progress.total - progress.done;
    return `${progress.done} of ${progress.total} runs of ${what} are stored in ${store} (${parts.join(', ')}); the same command again runs the other ${rest}`;
  };
}

function createReporter(label: string, options: { quiet: boolean; stream?: NodeJS.WriteStream }): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  if (options.quiet) return { update: () => undefined, stop: () => undefined };
  if (stream.isTTY === true) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${label} [{bar}] {value}/{total} runs | {percentage}% | eta {eta_formatted} | {last}`,
        stream,
        hideCursor: true,
        clearOnComplete: false,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(p) {
        const last =
          p.running !== undefined
            ? `${p.running.arm} seed ${p.running.seed}: round ${p.running.round}/${p.running.rounds}`
            : p.last === undefined
              ? p.skipped > 0
                ? `${p.skipped} already stored`
                : ''
              : `${p.last.arm} seed ${p.last.seed}${p.last.status === 'error' ? ' FAILED' : ''}`;
        if (!started) {
          bar.start(p.total, p.done, { last });
          started = true;
        } else if (p.running !== undefined) bar.update({ last });
        else bar.update(p.done, { last });
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let nextMark = 0;
  return {
    update(p) {
      // Without a terminal, rounds of a run under way are not logged (a line per round would flood CI logs).
      if (p.running !== undefined) return;
      if (p.last?.status === 'error') stream.write(`${label}: run ${p.last.arm} seed ${p.last.seed} failed: ${p.last.error ?? ''}\n`);
      if (p.done >= nextMark || p.done === p.total) {
        stream.write(`${label}: ${p.done}/${p.total} runs${p.skipped > 0 ? ` (${p.skipped} already stored)` : ''}\n`);
        nextMark = p.done + Math.max(1, Math.ceil(p.total / 10));
      }
    },
    stop: () => undefined,
  };
}
