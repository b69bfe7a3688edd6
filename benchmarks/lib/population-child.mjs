// Child process of the population-outbreak suite: `node population-child.mjs '<json spec>'` prints one
// JSON result line on stdout. Each measurement runs in a fresh process so its peak resident memory is its
// own and it inherits no JIT or heap state.
//
// Spec: { mode, n, seed, rounds, beta, gamma, reps?, graphFile? }. The workload is the scale-tier reference
// (BENCHMARKS.md): a Barabási–Albert m=3 contact graph of n agents from the run's seeded stream (what
// `masec run` would build for this scenario and seed), one patient zero, SIR with per-contact transmission
// `beta` and recovery `gamma`, no defenses, `rounds` rounds.
//
// mode 'outbreak' (end to end, the scaling table and the 10^8 bar): generate the graph, then one engine run
//   (`runPopulationEngine` with that graph: state arrays, rounds, events, metrics, judges), timed separately;
//   peak RSS after each phase (VmHWM from /proc/self/status).
// mode 'compare' (engine vs references): generate the graph once, write it for the C reference to
//   `graphFile` if given, then run the engine and the hand-written JS reference loop
//   (benchmarks/reference/reference-loop.mjs) on the same CSR arrays, alternately: one cold run each, then
//   `reps` timed runs each (garbage of the previous run collected first when --expose-gc is on). Both must end
//   in the same final state (they make the same draws); the hashes are reported.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { FastRng, contactGraph, createRegistries, createRng, parseScenario, runPopulationEngine } from '@masec/sim';
import { installGraphHelpers, nodeHelperThreads } from '@masec/runner';
import { fnv1aHex, referenceOutbreak } from '../reference/reference-loop.mjs';

const spec = JSON.parse(process.argv[2] ?? '{}');
const { mode, n, seed = 1, rounds = 60, beta = 0.2, gamma = 0.5 } = spec;

/** VmHWM (peak) and VmRSS (current) of this process in MiB; falls back to maxRSS off Linux. */
function memory() {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) / 1024;
    return { peakMiB: field('VmHWM'), rssMiB: field('VmRSS') };
  } catch {
    return { peakMiB: process.resourceUsage().maxRSS / 1024, rssMiB: process.memoryUsage().rss / 2 ** 20 };
  }
}

/** CPU time (user + system, all threads) of a process.cpuUsage() difference, in ms. */
function cpuMs(usage) {
  return (usage.user + usage.system) / 1000;
}

function collect() {
  if (typeof globalThis.gc === 'function') globalThis.gc();
}

const registries = createRegistries();
// As `masec run` does: a helper thread from 2^21 agents up on a machine with two cores (MASEC_HELPER_THREAD=0/1 overrides).
const helperThreads = nodeHelperThreads();
installGraphHelpers();
const scenario = parseScenario(
  JSON.stringify({
    id: 'bench-population',
    name: 'SIR outbreak, BA m=3 (benchmark)',
    rounds,
    engine: 'population',
    agents: { count: n },
    topology: { kind: 'barabasi-albert', m: 3 },
    population: { patientZeros: 1, transmission: beta, recovery: gamma },
    threats: [],
    defenses: [],
  }),
  { file: 'bench-population.json', registries },
);

function engineRun(graph) {
  const output = runPopulationEngine({ scenario, seed, arm: 'default', defenses: [], registries, graph, helperThreads });
  const end = output.events.find((e) => e.type === 'population-end');
  const last = output.events.findLast((e) => e.type === 'population-round');
  return { stateHash: end.stateHash, everInfected: last.everCompromised, infectiousAtEnd: last.compromised + last.exposed };
}

const cpu0 = process.cpuUsage();
const t0 = performance.now();
const graph = contactGraph(scenario, createRng(seed));
const graphMs = performance.now() - t0;
const graphCpu = process.cpuUsage(cpu0);
const afterGraph = memory();

if (mode === 'outbreak') {
  const cpu1 = process.cpuUsage();
  const t1 = performance.now();
  const result = engineRun(graph);
  const outbreakMs = performance.now() - t1;
  const outbreakCpu = process.cpuUsage(cpu1);
  const end = memory();
  const usage = process.resourceUsage();
  process.stdout.write(
    `${JSON.stringify({
      graphMs,
      outbreakMs,
      graphCpuMs: cpuMs(graphCpu),
      outbreakCpuMs: cpuMs(outbreakCpu),
      entries: graph.neighbors.length,
      peakAfterGraphMiB: afterGraph.peakMiB,
      rssAfterGraphMiB: afterGraph.rssMiB,
      peakRssMiB: end.peakMiB,
      userMs: usage.userCPUTime / 1000,
      systemMs: usage.systemCPUTime / 1000,
      minorFaults: usage.minorPageFault,
      ...result,
    })}\n`,
  );
} else if (mode === 'compare') {
  if (spec.graphFile) writeCsr(spec.graphFile, graph);
  const fast = new FastRng(createRng(seed).fork('population'));
  const refSeed = [fast.a, fast.b, fast.c, fast.d];
  const runRef = () => {
    const r = referenceOutbreak(graph, { beta, gamma, rounds, seed: refSeed });
    return { stateHash: fnv1aHex(r.state), everInfected: r.everInfected };
  };
  const timed = (fn) => {
    collect();
    const cpu = process.cpuUsage();
    const start = performance.now();
    const result = fn();
    return { ms: performance.now() - start, cpuMs: cpuMs(process.cpuUsage(cpu)), result };
  };
  const engineCold = timed(() => engineRun(graph));
  const refCold = timed(runRef);
  const engine = [];
  const reference = [];
  for (let rep = 0; rep < (spec.reps ?? 3); rep++) {
    engine.push(timed(() => engineRun(graph)));
    reference.push(timed(runRef));
  }
  process.stdout.write(
    `${JSON.stringify({
      graphMs,
      entries: graph.neighbors.length,
      seedWords: refSeed.map((w) => w >>> 0),
      engine: { coldMs: engineCold.ms, ms: engine.map((r) => r.ms), cpuMs: engine.map((r) => r.cpuMs), ...engineCold.result },
      reference: { coldMs: refCold.ms, ms: reference.map((r) => r.ms), cpuMs: reference.map((r) => r.cpuMs), ...refCold.result },
      peakRssMiB: memory().peakMiB,
    })}\n`,
  );
} else {
  throw new Error(`unknown mode '${mode}'`);
}

/** The CSR graph as outbreak.c reads it: "MSCSR001", u64 n, u64 entries, i32 offsets[n + 1], i32 neighbors. */
function writeCsr(path, g) {
  if (!(g.offsets instanceof Int32Array)) throw new Error('the C reference reads 32-bit offsets; this graph has more than 2^31 entries');
  const head = Buffer.alloc(24);
  head.write('MSCSR001', 0, 'latin1');
  head.writeBigUInt64LE(BigInt(g.n), 8);
  head.writeBigUInt64LE(BigInt(g.neighbors.length), 16);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, head);
    for (const array of [g.offsets, g.neighbors]) {
      const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      // writeSync takes at most 2^31 - 1 bytes at a time (the 10^8 graph's neighbours are 2.4 GB).
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, Math.min(bytes.length - done, 1 << 30));
    }
  } finally {
    closeSync(fd);
  }
}
