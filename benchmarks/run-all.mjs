#!/usr/bin/env node
// Runs the benchmark suites. JSON lines (one measurement each) on stdout, progress on stderr.
//   node benchmarks/run-all.mjs [--quick] [--only <suite>[,<suite>...]]
// Needs the built packages (`npm run bench` builds first).
import { performance } from 'node:perf_hooks';
import { benchContext, log, makeEmitter } from './lib/common.mjs';
import * as demoSweep from './suites/demo-sweep.mjs';
import * as engineScaling from './suites/engine-scaling.mjs';
import * as graphGeneration from './suites/graph-generation.mjs';
import * as epidemicAnalysis from './suites/epidemic-analysis.mjs';
import * as longRun from './suites/long-run.mjs';
import * as market from './suites/market.mjs';
import * as messageThroughput from './suites/message-throughput.mjs';
import * as modelCalls from './suites/model-calls.mjs';
import * as populationOutbreak from './suites/population-outbreak.mjs';
import * as scenarioInput from './suites/scenario-input.mjs';
import * as shieldFuzz from './suites/shield-fuzz.mjs';
import * as shieldGateway from './suites/shield-gateway.mjs';

const SUITES = {
  'demo-sweep': demoSweep,
  'message-throughput': messageThroughput,
  'engine-scaling': engineScaling,
  'graph-generation': graphGeneration,
  'epidemic-analysis': epidemicAnalysis,
  'population-outbreak': populationOutbreak,
  'long-run': longRun,
  market,
  'scenario-input': scenarioInput,
  'shield-fuzz': shieldFuzz,
  'shield-gateway': shieldGateway,
  'model-calls': modelCalls,
};

const USAGE = `usage: node benchmarks/run-all.mjs [--quick] [--only <suite>[,<suite>...]]
  --quick        one repetition per measurement instead of three (smoke test)
  --only <list>  run only these suites: ${Object.keys(SUITES).join(', ')}`;

function parseArgs(argv) {
  const options = { quick: false, only: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (value === undefined || value === '') throw new Error('--only needs a suite name');
      options.only = [...(options.only ?? []), ...value.split(',').map((s) => s.trim()).filter(Boolean)];
    } else if (arg === '--help' || arg === '-h') {
      process.stderr.write(`${USAGE}\n`);
      process.exit(0);
    } else throw new Error(`unknown argument '${arg}'`);
  }
  for (const name of options.only ?? []) {
    if (!(name in SUITES)) throw new Error(`unknown suite '${name}'; suites: ${Object.keys(SUITES).join(', ')}`);
  }
  return options;
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const context = benchContext();
  const emit = makeEmitter({ quick: options.quick, ...context });
  const names = options.only ?? Object.keys(SUITES);
  log(`masec benchmarks: ${names.join(', ')}${options.quick ? ' (quick)' : ''} — node ${context.node}, ${context.cpus} cpus, git ${context.gitSha ?? 'n/a'}${context.gitDirty ? ' (dirty)' : ''}`);
  let failed = 0;
  for (const name of names) {
    const started = performance.now();
    log(`[${name}] start`);
    try {
      await SUITES[name].run({ quick: options.quick, emit });
      log(`[${name}] done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      failed++;
      log(`[${name}] FAILED: ${error?.stack ?? error}`);
      emit(name, 'error', null, null, { error: String(error?.message ?? error) });
    }
  }
  if (failed > 0) process.exitCode = 1;
}

await main();
