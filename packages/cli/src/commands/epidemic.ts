/**
 * `masec epidemic <scenario>`: epidemic analysis of a scenario's contact graph — λ_max, the SIS and SIR
 * thresholds, final sizes in theory and by percolation simulation, and an immunisation budget.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Command } from 'commander';
import { installGraphHelpers, loadScenario } from '@masec/runner';
import { IMMUNISATION_STRATEGIES, analyseContactGraph, buildTopology, createRng, pairingThreshold } from '@masec/sim';
import type { ImmunisationStrategy } from '@masec/sim';
import type { CliIo } from '../io.js';
import { CliExit, EXIT_USAGE } from '../output/exit.js';
import { PLUGIN_FLAGS, PLUGIN_HELP, collect, parseInteger, parseNumber } from '../options.js';
import { type EpidemicReport, type ParameterSource, printEpidemic, toJson } from './epidemic-output.js';

/** Placeholders for scenarios without a population block: they are arbitrary, not calibrated. */
export const DEFAULT_TRANSMISSION = 0.05;
export const DEFAULT_RECOVERY = 0.1;
export const DEFAULT_TARGET = 0.05;
export const DEFAULT_SAMPLES = 100;

interface EpidemicOptions {
  set?: string[];
  transmission?: number;
  recovery?: number;
  target: number;
  strategy: string;
  samples: number;
  seed?: number;
  json: boolean;
  plugin?: string[];
}

const HELP_AFTER = `
β and γ come from --transmission and --recovery, else from the scenario's population block, else the
placeholders β = ${DEFAULT_TRANSMISSION} and γ = ${DEFAULT_RECOVERY} (not calibrated values).
The contact graph is the one \`masec run\` builds for the same seed (default: the scenario's \`seed\`).
The expected outbreak counts the seed agent and is a fraction of all agents; a seed on an immunised
agent infects nobody. A random-pairing topology has no static graph: the command exits 2 and prints the
pairing threshold (β ≤ 2γ) instead. See docs/reference/epidemic-analysis.md.

Examples:
  masec epidemic worm-email
  masec epidemic worm-email --transmission 0.02 --recovery 0.2 --target 0.01 --strategy acquaintance
  masec epidemic my.yaml --set agents.count=20000 --samples 50 --seed 3 --json`;

export function registerEpidemic(program: Command, io: CliIo): void {
  program
    .command('epidemic')
    .description("epidemic analysis of a scenario's contact graph: λ_max, SIS/SIR thresholds, final size, immunisation budget")
    .argument('<scenario>', 'scenario file, or the name of a built-in scenario (see `masec list scenarios`)')
    .option('--set <path=value>', 'override a scenario field before validation (repeatable), e.g. agents.count=5000', collect)
    .option(PLUGIN_FLAGS, PLUGIN_HELP, collect)
    .option('--transmission <β>', `per-contact, per-round transmission probability (default: ${DEFAULT_TRANSMISSION})`, parseNumber('--transmission', 0, 1))
    .option('--recovery <γ>', `per-round recovery probability (default: ${DEFAULT_RECOVERY})`, parseNumber('--recovery', 0, 1))
    .option('--target <fraction>', 'largest acceptable expected outbreak, as a fraction of the agents', parseNumber('--target', 0, 1), DEFAULT_TARGET)
    .option('--strategy <name>', `immunisation strategy: ${IMMUNISATION_STRATEGIES.join(', ')}`, 'targeted')
    .option('--samples <n>', 'percolation samples for the simulated sizes and the budget', parseInteger('--samples', 1, 100_000), DEFAULT_SAMPLES)
    .option('--seed <s>', "seed of the graph and the samples (default: the scenario's `seed`)", parseInteger('--seed', 0, 2 ** 31 - 1))
    .option('--json', 'print one JSON object instead of the text report', false)
    .addHelpText('after', HELP_AFTER)
    .action(async (scenarioRef: string, options: EpidemicOptions) => {
      if (!(IMMUNISATION_STRATEGIES as readonly string[]).includes(options.strategy)) {
        throw new CliExit(EXIT_USAGE, `option --strategy: unknown strategy '${options.strategy}'; valid strategies: ${IMMUNISATION_STRATEGIES.join(', ')}`);
      }
      const strategy = options.strategy as ImmunisationStrategy;
      const loaded = await loadScenario(scenarioRef, options.set ?? [], { cwd: io.cwd, env: io.env, extra: options.plugin ?? [] });
      const { scenario } = loaded;
      const declared = scenario.population;
      const beta = options.transmission ?? declared?.transmission ?? DEFAULT_TRANSMISSION;
      const gamma = options.recovery ?? declared?.recovery ?? DEFAULT_RECOVERY;
      const sourceOf = (given: number | undefined): ParameterSource => (given !== undefined ? 'option' : declared !== undefined ? 'scenario' : 'default');
      const seed = options.seed ?? scenario.seed;
      const readText = (path: string): string => readFileSync(isAbsolute(path) ? path : resolve(loaded.baseDir, path), 'utf8');
      // The same stream the message engine builds its contacts from, so this is the graph `masec run` uses.
      // Large graphs: prefault and sort on the second core, as `masec run` does (same graph either way).
      installGraphHelpers();
      const topology = buildTopology(scenario.topology, scenario.agents.count, createRng(seed).fork('topology'), readText);
      if (topology.kind === 'pairing') throw new CliExit(EXIT_USAGE, pairingMessage(scenario.id, beta, gamma));
      const analysis = analyseContactGraph(topology.graph, {
        transmission: beta,
        recovery: gamma,
        target: options.target,
        strategy,
        samples: options.samples,
        rng: createRng(seed).fork('epidemic'),
      });
      const report: EpidemicReport = {
        scenario: scenario.id,
        name: scenario.name ?? scenario.id,
        topology: scenario.topology.kind,
        seed,
        parameterSource: {
          transmission: sourceOf(options.transmission),
          recovery: sourceOf(options.recovery),
        },
        analysis,
      };
      if (options.json) io.stdout(`${toJson(report)}\n`);
      else printEpidemic(io, report);
    });
}

/** What to say for a random-pairing topology, where there is no contact graph to analyse. */
function pairingMessage(id: string, beta: number, gamma: number): string {
  const critical = pairingThreshold(gamma);
  const verdict = beta <= critical ? `${beta} ≤ ${critical}: contained` : `${beta} > ${critical}: spreads`;
  return [
    `scenario '${id}' uses a random-pairing topology: partners are redrawn every round, so there is no static contact`,
    'graph and its thresholds (λ_max, T_c, percolation) do not apply. What applies is the mean-field pairing threshold of',
    'the infectious-jailbreak model (Gu et al. 2024): an infected questioner transmits to its partner with probability β',
    `and carriers recover with probability γ per round; the infection is contained when β ≤ 2γ. Here β = ${beta}, γ = ${gamma}:`,
    `${verdict}.`,
  ].join('\n  ');
}
