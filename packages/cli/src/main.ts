#!/usr/bin/env node
import { runCli } from './cli.js';
import { processIo } from './io.js';

const status = await runCli(process.argv.slice(2), processIo());
process.exitCode = status;
