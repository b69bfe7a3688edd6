export { runCli, VERSION } from './cli.js';
export type { CliIo } from './io.js';
export { processIo } from './io.js';
export { EXIT_OK, EXIT_RUN_FAILED, EXIT_USAGE } from './output/exit.js';
