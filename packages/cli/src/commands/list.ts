import type { Command } from 'commander';
import { listBuiltinScenarios, loadScenarioFile } from '@masec/runner';
import { type PluginRegistries, resolveEngine } from '@masec/spec';
import { createRegistries } from '@masec/sim';
import type { CliIo } from '../io.js';
import { CliExit, EXIT_USAGE } from '../output/exit.js';
import { PLUGIN_FLAGS, collect, commandPlugins } from '../options.js';

const KINDS = ['threats', 'defenses', 'policies', 'metrics', 'scenarios'] as const;
type Kind = (typeof KINDS)[number];

interface Row {
  id: string;
  description: string;
  [key: string]: unknown;
}

/** What `masec list` shows of one kind, from `r` (the built-ins, and plugins loaded with `--plugin`). */
export function catalogue(kind: Kind, r: PluginRegistries = createRegistries()): Row[] {
  switch (kind) {
    case 'threats':
      return r.threats.list().map((t) => ({ id: t.id, description: t.description, family: t.family, metrics: [...t.metrics] }));
    case 'defenses':
      return r.defenses.list().map((d) => ({
        id: d.id,
        description: d.description,
        kind: d.kind,
        targets: [...d.targets],
        hooks: [...d.hooks],
        ...(d.fleet === undefined ? {} : { setup: 'assigns agent variants' }),
        // Which engines can run it: the message engine calls every hook and applies fleet facets; the population and market engines need their own forms.
        engines: [...(d.hooks.length > 0 || d.fleet !== undefined ? ['message'] : []), ...(d.population === undefined ? [] : ['population']), ...(d.market === undefined ? [] : ['market'])],
      }));
    case 'policies':
      return r.policies.list().map((p) => ({ id: p.id, description: p.description }));
    case 'metrics':
      return r.metrics.list().map((m) => ({ id: m.id, description: m.description, unit: m.unit, better: m.better }));
    case 'scenarios':
      return listBuiltinScenarios().map((s) => {
        const { scenario } = loadScenarioFile(s.path);
        return {
          id: s.name,
          description: scenario.name ?? scenario.id,
          engine: resolveEngine(scenario),
          agents: scenario.agents.count,
          arms: (scenario.arms ?? []).map((a) => a.name),
          path: s.path,
        };
      });
  }
}

export function registerList(program: Command, io: CliIo): void {
  program
    .command('list')
    .description('list what masec knows: threats, defenses, policies, metrics, built-in scenarios')
    .argument('[kind]', `one of ${KINDS.join(', ')} (default: all)`)
    .option('--json', 'print JSON', false)
    .option(PLUGIN_FLAGS, 'load a plugin module (a path relative to the working directory, or a package name) and list its ids too (repeatable)', collect)
    .action(async (kind: string | undefined, options: { json: boolean; plugin?: string[] }) => {
      if (kind !== undefined && !(KINDS as readonly string[]).includes(kind)) {
        throw new CliExit(EXIT_USAGE, `unknown kind '${kind}'; valid kinds: ${KINDS.join(', ')}`);
      }
      const kinds = kind === undefined ? [...KINDS] : [kind as Kind];
      const { registries } = await commandPlugins(io, options.plugin);
      if (options.json) {
        const out: Record<string, Row[]> = {};
        for (const k of kinds) out[k] = catalogue(k, registries);
        io.stdout(`${JSON.stringify(kind === undefined ? out : out[kind], null, 2)}\n`);
        return;
      }
      for (const k of kinds) {
        const rows = catalogue(k, registries);
        io.stdout(`${k}:\n`);
        const width = Math.max(0, ...rows.map((row) => row.id.length));
        for (const row of rows) io.stdout(`  ${row.id.padEnd(width)}  ${row.description}\n`);
        if (kinds.length > 1) io.stdout('\n');
      }
    });
}
