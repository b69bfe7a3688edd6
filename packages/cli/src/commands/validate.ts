import type { Command } from 'commander';
import { formatIssue, isMasecError } from '@masec/spec';
import { loadScenario } from '@masec/runner';
import { formatBytes } from '@masec/sim';
import type { CliIo } from '../io.js';
import { PLUGIN_FLAGS, PLUGIN_HELP, collect } from '../options.js';
import { CliExit, EXIT_USAGE } from '../output/exit.js';

export function registerValidate(program: Command, io: CliIo): void {
  program
    .command('validate')
    .description('check scenario files without running them; problems are reported with file, line and field')
    .argument('<files...>', 'scenario files (or built-in names)')
    .option('--set <path=value>', 'apply an override before validating (repeatable)', collect)
    .option(PLUGIN_FLAGS, PLUGIN_HELP, collect)
    .action(async (files: string[], options: { set?: string[]; plugin?: string[] }) => {
      let bad = 0;
      for (const file of files) {
        try {
          const { scenario, memory } = await loadScenario(file, options.set ?? [], { cwd: io.cwd, env: io.env, extra: options.plugin ?? [] });
          const arms = scenario.arms?.map((a) => a.name).join(', ') ?? 'default';
          const needs = `one run needs at least ${formatBytes(memory.bytes)}`;
          io.stdout(`ok   ${file}: ${scenario.id} — ${scenario.agents.count} agents, ${scenario.rounds} rounds, arms: ${arms}; ${needs}\n`);
        } catch (error) {
          if (!isMasecError(error)) throw error;
          bad++;
          io.stderr(`fail ${file}: ${error.code}\n`);
          const issues = error.issues.length > 0 ? error.issues : [{ path: '', message: error.message }];
          for (const issue of issues) io.stderr(`  ${formatIssue(issue)}\n`);
        }
      }
      if (bad > 0) throw new CliExit(EXIT_USAGE, `${bad} of ${files.length} file(s) invalid`);
    });
}
