// Shared helpers for the benchmark suites: context fields, JSON-lines output, statistics, workloads.
import { execFileSync } from 'node:child_process';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Registry } from '@masec/spec';
import { createRegistries, parseScenario, runScenario } from '@masec/sim';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function git(args) {
  try {
    return execFileSync('git', args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return null;
  }
}

/** Fields every measurement carries. */
export function benchContext() {
  const sha = git(['rev-parse', 'HEAD']);
  const status = sha === null ? null : git(['status', '--porcelain', '--untracked-files=no']);
  return {
    node: process.version,
    cpus: cpus().length,
    parallelism: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? null,
    gitSha: sha,
    gitDirty: status === null ? null : status.length > 0,
  };
}

/**
 * Writes one measurement as a JSON line on stdout. `loadavg1` is the 1-minute load average when the line
 * is written (it includes the benchmark's own load); on a shared machine it says how noisy the run was.
 */
export function makeEmitter(context) {
  return (bench, metric, value, unit, extra = {}) => {
    const line = { bench, metric, value, unit, ...extra, ...context, loadavg1: Math.round(loadavg()[0] * 100) / 100 };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  };
}

/** Human-readable progress on stderr. */
export function log(message) {
  process.stderr.write(`${message}\n`);
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function round(value, digits = 3) {
  if (value === null || value === undefined || !Number.isFinite(value)) return value ?? null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Sums GC pause time (ms) reported by the VM while `fn` runs. */
export async function withGcTime(fn) {
  let gcMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gcMs += entry.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  try {
    const result = await fn();
    // GC entries are delivered asynchronously; let them arrive.
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 0));
    return { result, gcMs };
  } finally {
    observer.disconnect();
  }
}

export const SHIELD_DEFAULT = [{ id: 'provenance-tagging' }, { id: 'content-detector' }, { id: 'quarantine' }];

/**
 * The benign-traffic message workload: `agents` agents running the `stochastic` policy (defaults:
 * sendRate 0.3, replyRate 0.8) on a Barabási–Albert m=3 graph, no threats. Plugin configs get their
 * defaults from the registries, exactly as a scenario file would.
 */
export function trafficScenario({ agents, rounds, channel = 'direct', defenses = [] }) {
  const text = JSON.stringify({
    id: 'bench-traffic',
    name: 'Benign stochastic traffic (benchmark)',
    rounds,
    agents: { count: agents, policy: { id: 'stochastic' } },
    topology: { kind: 'barabasi-albert', m: 3 },
    channel: { kind: channel },
    threats: [],
    defenses,
  });
  return parseScenario(text, { file: 'bench-traffic.json', registries: createRegistries() });
}

/**
 * Registries whose policy records the time each round's first `act` call happens, so a run can be split
 * into setup (graph, agents, records, pipeline) and the round loop. One extra call per act; negligible.
 */
function markingRegistries(marks) {
  const registries = createRegistries();
  const policies = registries.policies.list().map((def) => ({
    ...def,
    create(config, context) {
      const inner = def.create(config, context);
      return {
        specVersion: inner.specVersion,
        act(observation) {
          if (observation.round !== marks.round) {
            marks.round = observation.round;
            marks.times.push(performance.now());
          }
          return inner.act(observation);
        },
      };
    },
  }));
  registries.policies = new Registry('policy', policies);
  return registries;
}

/**
 * One measured run of the traffic workload in a fresh Node process (after >= 2 s of warm-up runs with other
 * seeds), so measurements do not inherit JIT or heap state from whatever ran before in this process.
 * `nodeFlags` are passed to that process (e.g. GC tuning).
 */
export function childRun(spec, nodeFlags = []) {
  const child = join(dirname(fileURLToPath(import.meta.url)), 'measure-child.mjs');
  const full = { seed: 1, warmupSeed: 1001, warmupMs: 2000, ...spec };
  const out = execFileSync(process.execPath, [...nodeFlags, child, JSON.stringify(full)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.toString().trim().split('\n').pop());
}

/** One in-process run of `scenario` (first arm), timed end to end, with a setup/loop split and GC time. */
export async function timedRun(scenario, seed = 1) {
  const marks = { round: -1, times: [] };
  const registries = markingRegistries(marks);
  let started = 0;
  let ended = 0;
  const { result: output, gcMs } = await withGcTime(async () => {
    started = performance.now();
    const out = await runScenario(scenario, { seed, registries });
    ended = performance.now();
    return out;
  });
  const wallMs = ended - started;
  const loopStart = marks.times[0] ?? started;
  let flags = 0;
  let quarantines = 0;
  let blocked = 0;
  for (const event of output.events) {
    if (event.type === 'guard-verdict' && event.action === 'flag') flags++;
    else if (event.type === 'agent-quarantine') quarantines++;
    else if (event.type === 'message-block') blocked++;
  }
  return {
    wallMs,
    setupMs: loopStart - started,
    loopMs: ended - loopStart,
    gcMs,
    envelopes: output.costs.envelopes,
    events: output.events.length,
    flags,
    quarantines,
    blocked,
    guardMicros: output.costs.guardMicros,
  };
}
