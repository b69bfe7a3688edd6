/** Where the CLI writes. Injected so that tests run commands in-process and read what they print. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (live progress bar) — false in tests and CI. */
  stderrIsTty: boolean;
  cwd: string;
  env: Record<string, string | undefined>;
}

export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stderrIsTty: process.stderr.isTTY === true,
    cwd: process.cwd(),
    env: process.env,
  };
}
