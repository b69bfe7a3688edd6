/**
 * Flags for commands that run scenarios with models: the response cache's mode and spending limits that
 * replace the scenario's `budget`. Keys come from the environment only (the variables `models[].apiKeyEnv`
 * names); no flag takes one.
 */
import type { Command } from 'commander';
import type { ExperimentModelOptions } from '@masec/runner';
import { CACHE_MODES, type CacheMode } from '@masec/models';
import type { ModelBudget, Scenario } from '@masec/spec';
import type { CliIo } from '../io.js';
import { CliExit, EXIT_USAGE } from '../output/exit.js';
import { parseInteger, parseNumber } from '../options.js';

export interface ModelFlags {
  cache?: string;
  budgetUsd?: number;
  budgetTokens?: number;
  runBudgetUsd?: number;
  runBudgetTokens?: number;
}

export function addModelFlags(command: Command): Command {
  return command
    .option('--cache <mode>', `response cache for model calls: ${CACHE_MODES.join(', ')} (replay: answers only from the store; a missing one fails the run) (default: readwrite)`)
    .option('--budget-usd <usd>', 'stop requesting once this command\u2019s model requests cost this much (replaces budget.experiment.costUsd)', parseNumber('--budget-usd', 0, Number.MAX_VALUE))
    .option('--budget-tokens <n>', 'stop requesting after this many tokens in all runs (replaces budget.experiment.tokens)', parseInteger('--budget-tokens', 1))
    .option('--run-budget-usd <usd>', 'end a run with status budget-exceeded once its requests cost this much (replaces budget.run.costUsd)', parseNumber('--run-budget-usd', 0, Number.MAX_VALUE))
    .option('--run-budget-tokens <n>', 'end a run with status budget-exceeded after this many tokens (replaces budget.run.tokens)', parseInteger('--run-budget-tokens', 1));
}

/** The model options of a command: its flags over the scenario's `budget`; the environment for keys. */
export function modelOptions(io: CliIo, flags: ModelFlags, scenario: Scenario): ExperimentModelOptions {
  if (flags.cache !== undefined && !(CACHE_MODES as readonly string[]).includes(flags.cache)) {
    throw new CliExit(EXIT_USAGE, `option --cache: expected one of ${CACHE_MODES.join(', ')}, got '${flags.cache}'`);
  }
  const hasFlags = [flags.budgetUsd, flags.budgetTokens, flags.runBudgetUsd, flags.runBudgetTokens].some((v) => v !== undefined);
  if ((scenario.models ?? []).length === 0 && (hasFlags || flags.cache !== undefined)) {
    throw new CliExit(EXIT_USAGE, `--cache and the budget options apply to model calls, and scenario '${scenario.id}' declares no models`);
  }
  const base = scenario.budget ?? {};
  const budget: ModelBudget = {
    run: { ...base.run, ...(flags.runBudgetUsd === undefined ? {} : { costUsd: flags.runBudgetUsd }), ...(flags.runBudgetTokens === undefined ? {} : { tokens: flags.runBudgetTokens }) },
    experiment: { ...base.experiment, ...(flags.budgetUsd === undefined ? {} : { costUsd: flags.budgetUsd }), ...(flags.budgetTokens === undefined ? {} : { tokens: flags.budgetTokens }) },
  };
  return { env: io.env, budget, ...(flags.cache === undefined ? {} : { cache: flags.cache as CacheMode }) };
}
