#!/usr/bin/env node
import { runCli } from './cli.js';
import { processIo } from './io.js';

// A reader that stops early (`masec schema | head`) closes the pipe: stop quietly, as Unix tools do.
// Anything a run stored is already committed by then.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const status = await runCli(process.argv.slice(2), processIo());
process.exitCode = status;
