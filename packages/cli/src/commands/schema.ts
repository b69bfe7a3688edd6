import type { Command } from 'commander';
import { scenarioJsonSchema } from '@masec/spec';
import type { CliIo } from '../io.js';
import { checkOutputFile, writeOutputFile } from '../output/files.js';

export function registerSchema(program: Command, io: CliIo): void {
  program
    .command('schema')
    .description('print the JSON Schema of scenario files (for editor completion and validation)')
    .option('-o, --out <file>', 'write to a file instead of stdout')
    .action((options: { out?: string }) => {
      const text = `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
      if (options.out === undefined) io.stdout(text);
      else {
        const path = checkOutputFile(io, '--out', options.out);
        writeOutputFile('--out', path, text);
        io.stderr(`wrote ${path}\n`);
      }
    });
}
