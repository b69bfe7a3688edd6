import { spawnSync } from 'node:child_process';
import { constants } from 'node:os';
/** Where the CLI writes. Injected so that tests run commands in-process and read what they print. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (live progress bar) — false in tests and CI. */
  stderrIsTty: boolean;
  cwd: string;
  env: Record<string, string | undefined>;
  /**
   * Runs this same command again in a new process with `env` added, its output going where this one's goes,
   * and returns its exit status. Only the real process has it (see hugepages.ts); in-process tests do not.
   */
  relaunch?: (env: Record<string, string>) => number;
  /**
   * Runs `handler` when the process gets SIGINT (Ctrl-C) or SIGTERM, then ends it with status 128 + the
   * signal's number, instead of the default silent end; returns what removes the handler. Only the real
   * process has it; in-process tests do not.
   */
  onSignal?: (handler: (signal: 'SIGINT' | 'SIGTERM') => void) => () => void;
}

export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stderrIsTty: process.stderr.isTTY === true,
    cwd: process.cwd(),
    env: process.env,
    relaunch: (env) => {
      const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
        stdio: 'inherit',
        env: { ...process.env, ...env },
      });
      if (child.error !== undefined) throw child.error;
      if (child.status !== null) return child.status;
      return 128 + (child.signal === null ? 0 : (constants.signals[child.signal] ?? 0));
    },
    onSignal: (handler) => {
      const on = (signal: 'SIGINT' | 'SIGTERM'): void => {
        handler(signal);
        // Stored runs are committed: better-sqlite3 writes synchronously, so no transaction is open here.
        process.exit(128 + constants.signals[signal]);
      };
      process.on('SIGINT', on);
      process.on('SIGTERM', on);
      return () => {
        process.off('SIGINT', on);
        process.off('SIGTERM', on);
      };
    },
  };
}
