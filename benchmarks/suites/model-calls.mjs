// model-calls: the model layer against the local stub (`@masec/models/stub`) over loopback HTTP.
//  - throughput: calls per second with a fixed stub latency L and an endpoint concurrency C, against the
//    ideal C/L (bar: >= 90%), through the model host alone and through an experiment of 64 model-backed
//    agents (test/fixtures/models/stub-mail.yaml);
//  - harness cost per call: what masec itself spends around a request (cache key, response-cache lookup
//    and write, transcript record) with the SQLite results store on disk, at the median (bar: < 1 ms);
//  - the 100-agent LLM worm: worm-email-llm's obedient arm with 100 agents and 10 rounds against a stub at
//    L = 50 ms with C = 64, against the ideal calls × L / C (bar: within 1.2×), and against the two floors
//    this workload has (benchmarks/README.md): the round barrier's Σ_r ceil(calls_r / C) × L, and the CPU
//    masec's one event loop spends per call (measured here, with the stub's CPU per request beside it).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ModelDeclarationSchema } from '@masec/spec';
import { ModelHost } from '@masec/models';
import { StubServer } from '@masec/models/stub';
import { SqliteResultsStore, loadScenario, runExperiment, storeCache } from '@masec/runner';
import { REPO_ROOT, log, median, round } from '../lib/common.mjs';

const BENCH = 'model-calls';
const LATENCY_MS = 200;
const CONCURRENCY = 32;
/** The 100-agent LLM worm: this built-in scenario (the `llm` policy's), its obedient arm, against the stub. */
const LLM_WORM = process.env.MASEC_BENCH_LLM_WORM ?? 'worm-email-llm';
const WORM_LATENCY_MS = 50;
const WORM_CONCURRENCY = 64;

const signal = new AbortController().signal;
const CLI = join(REPO_ROOT, 'packages/cli/dist/main.js');

/** CPU seconds a process has used (Linux /proc; null elsewhere). */
function processCpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return null;
  }
}

/**
 * `masec llm-stub` in its own process, as a user runs it: the stub's work does not compete with the
 * harness's for this process's time. `stop` ends it and returns the most requests it had in flight at once;
 * `cpuSeconds` is the CPU it has used since it listened (null where /proc is not there).
 */
async function childStub(args) {
  const child = spawn(process.execPath, [CLI, 'llm-stub', '--port', '0', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk.toString()));
  for (let i = 0; i < 400 && !/listening on/.test(stderr); i++) await new Promise((r) => setTimeout(r, 25));
  const url = /listening on (http:\/\/[^ ]+)/.exec(stderr)?.[1];
  if (url === undefined) throw new Error(`masec llm-stub did not start: ${stderr}`);
  const startCpu = processCpuSeconds(child.pid);
  return {
    cpuSeconds: () => {
      const now = processCpuSeconds(child.pid);
      return now === null || startCpu === null ? null : now - startCpu;
    },
    baseUrl: () => `${url}/v1`,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGINT');
      await exited;
      return Number(/at most (\d+) at once/.exec(stderr)?.[1] ?? NaN);
    },
  };
}
const model = (stub, extra = {}) =>
  ModelDeclarationSchema.parse({ id: 'stub', provider: 'openai-compatible', model: 'stub-1', baseUrl: stub.baseUrl('openai-compatible'), temperature: 0, limits: { concurrency: CONCURRENCY, timeoutMs: 30_000 }, ...extra });

async function hostThroughput(calls) {
  const stub = await childStub(['--latency', String(LATENCY_MS)]);
  const host = new ModelHost({ models: [model(stub)] });
  const run = host.openRun({ id: 'bench', seed: 1 });
  const client = run.get('stub');
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: calls }, (_, i) => client.generate({ messages: [{ role: 'user', content: `From: a${i}\nmail ${i}` }], agent: `a${i % 100}`, round: Math.floor(i / 100) }, { signal })));
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wallMs, cpuMsPerCall: (used.user + used.system) / 1000 / calls, maxInFlight: await stub.stop() };
}

async function experimentThroughput(dir) {
  const stub = await childStub(['--latency', String(LATENCY_MS)]);
  const loaded = await loadScenario(join(REPO_ROOT, 'test/fixtures/models/stub-mail.yaml'), [
    `models[0].baseUrl=${stub.baseUrl('openai-compatible')}`,
    `models[0].limits.concurrency=${CONCURRENCY}`,
    'agents.count=64',
    'rounds=6',
    'concurrency=64',
  ]);
  const store = SqliteResultsStore.open(join(dir, 'throughput.sqlite'));
  try {
    const started = performance.now();
    const result = await runExperiment({ scenario: loaded.scenario, source: loaded.source, baseDir: loaded.baseDir, seeds: [1], arms: ['none'], store, workers: 0, plugins: loaded.plugins.urls, force: true, models: { cache: 'off' } });
    const wallMs = performance.now() - started;
    const requests = result.runs.reduce((s, r) => s + (r.costs.models?.requests ?? 0), 0);
    return { wallMs, requests, rounds: loaded.scenario.rounds, maxInFlight: await stub.stop() };
  } finally {
    await store.close();
  }
}

/** Harness microseconds per call (median), the cache on a SQLite file: misses (key, lookup, write, transcript) and hits. */
async function harnessCost(stub, dir, calls) {
  const store = SqliteResultsStore.open(join(dir, 'harness.sqlite'));
  try {
    const ask = async (host) => {
      const run = host.openRun({ id: 'h', seed: 1 });
      const client = run.get('stub');
      for (let i = 0; i < calls; i++) {
        await client.generate({ messages: [{ role: 'system', content: 'You are an email assistant. '.repeat(20) }, { role: 'user', content: `From: a${i % 50}\nPlease confirm the meeting ${i}.` }], agent: `a${i % 50}`, round: Math.floor(i / 50) }, { signal });
      }
      return run.costs().harnessMicrosMedian;
    };
    const miss = await ask(new ModelHost({ models: [model(stub, { limits: { concurrency: 1 } })], cache: storeCache(store) }));
    const hit = await ask(new ModelHost({ models: [model(stub)], cache: storeCache(store), mode: 'replay' }));
    return { miss, hit };
  } finally {
    await store.close();
  }
}

/**
 * The floor a round-synchronous engine puts under a run: each round waits for its last call, and a round's
 * calls go out in waves of at most C, so a round with n calls takes at least ceil(n / C) × L.
 */
export function roundBarrierBound(callsPerRound, latencyMs, concurrency) {
  return callsPerRound.reduce((sum, n) => sum + Math.ceil(n / concurrency) * latencyMs, 0) / 1000;
}

/**
 * One run of the 100-agent LLM worm against a stub in its own process, cache off: wall time against
 * calls × L / C and against the round barrier's floor, with the calls of each round (from the run's
 * transcript), masec's CPU per call in this process and the stub's per request.
 */
export async function llmWorm(dir) {
  const stub = await childStub(['--behaviour', 'by-model', '--latency', String(WORM_LATENCY_MS)]);
  const store = SqliteResultsStore.open(join(dir, `worm-${Date.now()}.sqlite`));
  try {
    const sets = [0, 1, 2].flatMap((i) => [`models[${i}].baseUrl=${stub.baseUrl()}`, `models[${i}].limits.concurrency=${WORM_CONCURRENCY}`]);
    const loaded = await loadScenario(LLM_WORM, ['agents.count=100', 'rounds=10', `concurrency=${WORM_CONCURRENCY}`, ...sets]);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await runExperiment({ scenario: loaded.scenario, source: loaded.source, baseDir: loaded.baseDir, seeds: [loaded.scenario.seed], arms: ['obedient-none'], store, workers: 0, models: { cache: 'off' } });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const requests = result.modelSpend?.requests ?? 0;
    const stubCpu = stub.cpuSeconds();
    const callsPerRound = new Array(loaded.scenario.rounds).fill(0);
    for (const entry of await store.transcript(result.runs[0].id)) callsPerRound[entry.round ?? 0]++;
    const bound = (requests * WORM_LATENCY_MS) / 1000 / WORM_CONCURRENCY;
    const barrier = roundBarrierBound(callsPerRound, WORM_LATENCY_MS, WORM_CONCURRENCY);
    return {
      seconds,
      requests,
      bound,
      ratio: seconds / bound,
      barrier,
      barrierRatio: seconds / barrier,
      callsPerRound,
      cpuMsPerCall: (used.user + used.system) / 1000 / Math.max(1, requests),
      stubCpuMsPerRequest: stubCpu === null ? null : (stubCpu * 1000) / Math.max(1, requests),
      digest: result.runs[0].digest,
      failed: result.failed,
      maxInFlight: await stub.stop(),
    };
  } finally {
    await store.close();
  }
}

export async function run({ quick, emit }) {
  const dir = mkdtempSync(join(tmpdir(), 'masec-bench-models-'));
  const reps = quick ? 1 : 3;
  try {
    const ideal = (CONCURRENCY * 1000) / LATENCY_MS;
    const calls = quick ? 320 : 960;
    const samples = [];
    for (let rep = 0; rep < reps; rep++) samples.push(await hostThroughput(calls));
    const rates = samples.map((s) => (calls * 1000) / s.wallMs);
    const rate = median(rates);
    const inFlight = Math.max(...samples.map((s) => s.maxInFlight));
    const cpuMs = median(samples.map((s) => s.cpuMsPerCall));
    log(`  [${BENCH}] host: ${calls} calls, L=${LATENCY_MS} ms, C=${CONCURRENCY}: ${rate.toFixed(1)} calls/s = ${((100 * rate) / ideal).toFixed(1)}% of C/L (${ideal}/s); at most ${inFlight} in flight at the stub; ${cpuMs.toFixed(2)} ms of CPU per call in masec's process (one free core: up to ${Math.round(1000 / cpuMs)} calls/s)`);
    emit(BENCH, 'host-throughput', round(rate, 2), 'calls/s', { stat: 'median', samples: rates.map((r) => round(r, 2)), ideal, ratio: round(rate / ideal, 4), latencyMs: LATENCY_MS, concurrency: CONCURRENCY, calls, maxInFlight: inFlight, cpuMsPerCall: round(cpuMs, 3) });

    const exp = [];
    for (let rep = 0; rep < reps; rep++) exp.push(await experimentThroughput(dir));
    const expRates = exp.map((e) => (e.requests * 1000) / e.wallMs);
    const expRate = median(expRates);
    log(`  [${BENCH}] experiment: 64 agents, ${exp[0].rounds} rounds, ${exp[0].requests} requests: ${expRate.toFixed(1)} calls/s = ${((100 * expRate) / ideal).toFixed(1)}% of C/L (a round waits for its slowest call before the next starts)`);
    emit(BENCH, 'experiment-throughput', round(expRate, 2), 'calls/s', { stat: 'median', samples: expRates.map((r) => round(r, 2)), ideal, ratio: round(expRate / ideal, 4), requests: exp[0].requests, agents: 64, maxInFlight: Math.max(...exp.map((e) => e.maxInFlight)) });

    const fast = await StubServer.start({ behaviour: { kind: 'careful' } });
    try {
      const calls = quick ? 200 : 1000;
      const harness = await harnessCost(fast, dir, calls);
      log(`  [${BENCH}] harness per call (median, SQLite file): ${harness.miss.toFixed(0)} µs on a miss (key, lookup, write, transcript), ${harness.hit.toFixed(0)} µs on a hit`);
      emit(BENCH, 'harness-per-call-miss', round(harness.miss, 1), 'µs', { stat: 'median', calls, store: 'sqlite-file' });
      emit(BENCH, 'harness-per-call-hit', round(harness.hit, 1), 'µs', { stat: 'median', calls, store: 'sqlite-file' });
    } finally {
      await fast.close();
    }

    // The first run is this process's first through the worm's code paths (a `masec run` is always that);
    // the later ones run warm. The median is over all of them.
    const worms = [];
    for (let rep = 0; rep < reps; rep++) worms.push(await llmWorm(dir));
    const worm = worms[0];
    const seconds = median(worms.map((w) => w.seconds));
    const wormCpuMs = median(worms.map((w) => w.cpuMsPerCall));
    const stubMs = worm.stubCpuMsPerRequest === null ? null : median(worms.map((w) => w.stubCpuMsPerRequest));
    const sameDigest = worms.every((w) => w.digest === worm.digest);
    log(`  [${BENCH}] llm-worm: 100 agents, 10 rounds, L=${WORM_LATENCY_MS} ms, C=${WORM_CONCURRENCY}: ${seconds.toFixed(2)} s (median; ${worms.map((w) => w.seconds.toFixed(2)).join(', ')}) for ${worm.requests} requests; calls × L / C = ${worm.bound.toFixed(2)} s (ratio ${(seconds / worm.bound).toFixed(2)}; bar 1.2); round barrier Σ ceil(calls_r / C) × L = ${worm.barrier.toFixed(2)} s over calls per round ${worm.callsPerRound.join('/')} (ratio ${(seconds / worm.barrier).toFixed(2)}); at most ${worm.maxInFlight} in flight; CPU per call ${wormCpuMs.toFixed(2)} ms in masec's process (floor ${((wormCpuMs * worm.requests) / 1000).toFixed(2)} s on its one event loop)${stubMs === null ? '' : `, ${stubMs.toFixed(2)} ms in the stub's`}`);
    emit(BENCH, 'llm-worm-100', round(seconds, 2), 's', {
      stat: 'median',
      samples: worms.map((w) => round(w.seconds, 3)),
      requests: worm.requests,
      bound: round(worm.bound, 3),
      ratio: round(seconds / worm.bound, 3),
      roundBarrierBound: round(worm.barrier, 3),
      roundBarrierRatio: round(seconds / worm.barrier, 3),
      callsPerRound: worm.callsPerRound,
      cpuMsPerCall: round(wormCpuMs, 3),
      cpuMsPerCallSamples: worms.map((w) => round(w.cpuMsPerCall, 3)),
      cpuFloor: round((wormCpuMs * worm.requests) / 1000, 3),
      stubCpuMsPerRequest: stubMs === null ? null : round(stubMs, 3),
      digestsMatch: sameDigest,
      latencyMs: WORM_LATENCY_MS,
      concurrency: WORM_CONCURRENCY,
      maxInFlight: Math.max(...worms.map((w) => w.maxInFlight)),
      failed: worm.failed,
      rounds: 10,
      agents: 100,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
