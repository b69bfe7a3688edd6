/** The `masec` command: builds the program and runs it with injected io, returning the exit status. */
import { Command, CommanderError } from 'commander';
import type { CliIo } from './io.js';
import { EXIT_OK, EXIT_USAGE, reportError } from './output/exit.js';
import { registerCalibrate } from './commands/calibrate.js';
import { registerBlastRadius } from './commands/blast-radius.js';
import { registerDemo } from './commands/demo.js';
import { registerEpidemic } from './commands/epidemic.js';
import { registerList } from './commands/list.js';
import { registerMonitors } from './commands/monitors.js';
import { registerReport } from './commands/report.js';
import { registerRun } from './commands/run.js';
import { registerSchema } from './commands/schema.js';
import { registerSweep } from './commands/sweep.js';
import { registerValidate } from './commands/validate.js';
import { registerShield } from './commands/shield.js';
import { registerAudit } from './commands/audit.js';

export const VERSION = '0.1.0';

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let status = EXIT_OK;
  const setStatus = (s: number): void => {
    status = Math.max(status, s);
  };
  const program = new Command('masec')
    .description('masec — multi-agent security lab: scenarios of interacting agents, threats, defenses, measured trade-offs')
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', '\nStart with:  masec demo   (runs the built-in worm scenario, prints the comparison, writes masec-report.html)');
  registerRun(program, io, setStatus);
  registerSweep(program, io, setStatus);
  registerDemo(program, io, setStatus);
  registerList(program, io);
  registerValidate(program, io);
  registerSchema(program, io);
  registerReport(program, io, setStatus);
  registerEpidemic(program, io);
  registerCalibrate(program, io);
  registerMonitors(program, io);
  registerBlastRadius(program, io, setStatus);
  registerShield(program, io);
  registerAudit(program, io, setStatus);
  const configure = (command: Command): void => {
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    for (const sub of command.commands) configure(sub);
  };
  for (const command of program.commands) configure(command);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return status;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version requested explicitly exit 0; help shown because a command was missing exits 2.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT_OK;
      if (error.code === 'commander.help') return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
      return EXIT_USAGE;
    }
    return reportError(error, io.stderr);
  }
}
