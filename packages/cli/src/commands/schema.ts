import type { Command } from 'commander';
import { scenarioJsonSchema } from '@masec/spec';
import type { CliIo } from '../io.js';
import { checkOutputFile, writeOutputFile } from '../output/files.js';
import { PLUGIN_FLAGS, collect, commandPlugins } from '../options.js';

export function registerSchema(program: Command, io: CliIo): void {
  program
    .command('schema')
    .description('print the JSON Schema of scenario files (for editor completion and validation)')
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .option(PLUGIN_FLAGS, "load a plugin module (a path relative to the working directory, or a package name) and include its ids and config schemas (repeatable)", collect)
    .action(async (options: { out?: string; plugin?: string[] }) => {
      const { registries } = await commandPlugins(io, options.plugin);
      const text = `${JSON.stringify(scenarioJsonSchema(registries), null, 2)}\n`;
      if (options.out === undefined) io.stdout(text);
      else {
        const path = checkOutputFile(io, '--out', options.out);
        writeOutputFile('--out', path, text);
        io.stderr(`wrote ${path}\n`);
      }
    });
}
