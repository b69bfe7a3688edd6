/**
 * `masec blast-radius <scenario>`: compromise each agent (or a sample) as the sole patient zero, rank the
 * agents by what they reach and the edges by the reach that passes through them.
 */
import type { Command } from 'commander';
import { DEFAULT_MAX_PATIENT_ZEROS, SqliteResultsStore, formatSummary, loadScenarioPlugins, planBlastRadius, runBlastRadius } from '@masec/runner';
import type { BlastRadiusResult } from '@masec/runner';
import type { CliIo } from '../io.js';
import { EXIT_RUN_FAILED } from '../output/exit.js';
import { createProgress, storedRunsKept } from '../output/progress.js';
import { PLUGIN_FLAGS, PLUGIN_HELP, chooseWorkers, collect, parseInteger, storePath } from '../options.js';
import { streamFor } from './run.js';

interface BlastRadiusCliOptions {
  agents: string;
  seeds?: number;
  arm?: string;
  set?: string[];
  top: number;
  maxPoints: number;
  store?: string;
  workers?: number;
  force: boolean;
  json: boolean;
  quiet: boolean;
  plugin?: string[];
}

const HELP_AFTER = `
Each patient zero is its own experiment (the threat seeded at that agent alone, every seed, one arm) in the
store; a rerun skips what is stored. Needs the message engine and a threat that can start at a chosen
agent (worm: patientZeroIds).

reach of an agent: other agents compromised per run when it is the patient zero (mean, 95% CI).
reach through an edge: every infection tree edge u→v (v obeyed a message from u) is credited with v and
everyone infected downstream of v; summed over all runs. A bridge carries all of its far side.

Examples:
  masec blast-radius worm-email --agents 20 --seeds 5
  masec blast-radius my.yaml --agents a0,a17 --arm tagging --json`;

export function registerBlastRadius(program: Command, io: CliIo, setStatus: (status: number) => void): void {
  program
    .command('blast-radius')
    .description('compromise each agent in turn as the only patient zero; rank agents by reach and edges by the reach through them')
    .argument('<scenario>', 'scenario file, or the name of a built-in scenario (see `masec list scenarios`)')
    .option('--agents <all|n|ids>', "patient zeros: all, a sample of n drawn from the scenario's seed, or ids (a0,a7)", 'all')
    .option('--seeds <n>', 'seeds per patient zero (default: the scenario\u2019s `seeds`)', parseInteger('--seeds', 1, 100_000))
    .option('--arm <name>', 'the arm (defense setting) to run (default: the first)')
    .option('--set <path=value>', 'override a scenario field before validation (repeatable)', collect)
    .option(PLUGIN_FLAGS, PLUGIN_HELP, collect)
    .option('--top <n>', 'rows of each table to print (--json prints all)', parseInteger('--top', 1, 1_000_000), 10)
    .option('--max-points <n>', 'refuse more patient zeros than this', parseInteger('--max-points', 1, 100_000), DEFAULT_MAX_PATIENT_ZEROS)
    .option('--store <file>', 'SQLite results store (default: $MASEC_STORE or .masec/results.sqlite)')
    .option('--workers <n>', 'worker threads (0 = in-process; default: one per core)', parseInteger('--workers', 0, 256))
    .option('--force', 're-run runs the store already has', false)
    .option('--json', 'print one JSON object (every agent and edge) instead of the tables', false)
    .option('-q, --quiet', 'no progress output', false)
    .addHelpText('after', HELP_AFTER)
    .action(async (scenarioRef: string, options: BlastRadiusCliOptions) => {
      const plugins = await loadScenarioPlugins(scenarioRef, options.set ?? [], { cwd: io.cwd, extra: options.plugin ?? [] });
      const plan = planBlastRadius({
        plugins,
        scenario: scenarioRef,
        cwd: io.cwd,
        sets: options.set ?? [],
        agents: options.agents,
        ...(options.seeds === undefined ? {} : { seeds: options.seeds }),
        ...(options.arm === undefined ? {} : { arm: options.arm }),
        maxAgents: options.maxPoints,
      });
      const file = storePath(io, options.store);
      const store = SqliteResultsStore.open(file);
      try {
        const progress = createProgress(`masec blast-radius ${plan.scenario.id}`, {
          quiet: options.quiet || (options.json && !io.stderrIsTty),
          stream: streamFor(io),
          interrupt: { io, kept: storedRunsKept(file, 'this blast-radius analysis') },
        });
        const result = await runBlastRadius(plan, { store, workers: chooseWorkers(options.workers, { note: io.stderr }), force: options.force, onProgress: (p) => progress.update(p) });
        progress.stop();
        if (options.json) io.stdout(`${JSON.stringify(blastRadiusJson(result, file), null, 2)}\n`);
        else io.stdout(blastRadiusText(result, options.top, file));
        if (result.failed > 0) setStatus(EXIT_RUN_FAILED);
      } finally {
        await store.close();
      }
    });
}

export function blastRadiusJson(result: BlastRadiusResult, store: string): Record<string, unknown> {
  const { plan } = result;
  return {
    scenario: plan.scenario.id,
    arm: plan.arm.name,
    threats: plan.threats,
    seeds: plan.seeds,
    selection: plan.selection,
    directed: plan.directed,
    store,
    agents: result.agents,
    edges: result.edges,
    runs: result.runsRead,
    attributed: result.attributed,
    executed: result.executed,
    skipped: result.skipped,
    failed: result.failed,
  };
}

function table(header: string[], rows: string[][], rightFrom: number): string[] {
  const widths = header.map((h, c) => Math.max([...h].length, ...rows.map((r) => [...(r[c] ?? '')].length)));
  const pad = (s: string, c: number): string => {
    const fill = ' '.repeat(Math.max(0, (widths[c] ?? 0) - [...s].length));
    return c >= rightFrom ? fill + s : s + fill;
  };
  const line = (cells: string[]): string => cells.map(pad).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)];
}

export function blastRadiusText(result: BlastRadiusResult, top: number, store: string): string {
  const { plan } = result;
  const n = plan.seeds.length;
  const chosen = plan.selection === 'all' ? 'every agent' : plan.selection === 'sample' ? `a sample drawn from seed ${plan.scenario.seed}` : 'as listed';
  const out: string[] = [
    '',
    `Blast radius of ${plan.threats.join(', ')} in ${plan.scenario.name ?? plan.scenario.id}: ${plan.agents.length} patient zero${plan.agents.length === 1 ? '' : 's'} (${chosen}), ` +
      `${n} seed${n === 1 ? '' : 's'} each, arm ${plan.arm.name}, ${plan.scenario.rounds} rounds`,
    '',
  ];
  const agentRows = result.agents.slice(0, top).map((a) => [
    String(a.rank),
    a.agent,
    formatSummary(a.compromised, 'count'),
    `${(a.executed * 100).toFixed(0)}%`,
    formatSummary(a.records, 'count'),
  ]);
  out.push(...table(['rank', 'patient zero', 'reach (agents)', 'executed', 'records exfiltrated'], agentRows, 2));
  if (result.agents.length > top) out.push(`… ${result.agents.length - top} more (--top, --json)`);
  out.push(
    '',
    `reach: other agents compromised per run, mean [95% CI] over ${n} seed${n === 1 ? '' : 's'}; executed: runs in which the patient zero itself ran the payload`,
    '',
  );
  if (result.edges.length === 0) out.push('Edges: no compromise was attributed to a message between agents.');
  else {
    out.push(`Edges by reach through them (infection trees of ${result.runsRead} runs, ${result.attributed} attributed infections)`, '');
    const arrow = plan.directed ? '→' : '—';
    const edgeRows = result.edges.slice(0, top).map((e) => [String(e.rank), `${e.a} ${arrow} ${e.b}`, String(e.reach), e.perRun.toFixed(2), String(e.infections), String(e.runs)]);
    out.push(...table(['rank', 'edge', 'reach', 'per run', 'infections', 'runs'], edgeRows, 2));
    if (result.edges.length > top) out.push(`… ${result.edges.length - top} more (--top, --json)`);
    out.push(
      '',
      'reach through an edge: the agent an infection crossed it to and everyone infected downstream of that agent, summed over runs; ' +
        'infections: crossings of the edge itself; runs: runs with a crossing',
    );
  }
  out.push(
    '',
    `${result.executed} run(s) executed${result.skipped > 0 ? `, ${result.skipped} already in the store` : ''}${result.failed > 0 ? `, ${result.failed} FAILED` : ''}; ` +
      `${plan.agents.length} experiment(s) in ${store}`,
    '',
  );
  return out.join('\n');
}
