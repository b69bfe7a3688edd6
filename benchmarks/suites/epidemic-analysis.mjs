// epidemic-analysis: the contact-graph analysis behind `masec epidemic` at 10^6 nodes, in-process on one
// core: λ_max by power iteration (Erdős–Rényi mean degree 10 and Barabási–Albert m = 3), one
// bond-percolation sample, and one immunisation sweep per strategy kind (nodes: targeted; edges).
import { performance } from 'node:perf_hooks';
import { ContactEdges, barabasiAlbert, createRng, erdosRenyi, immunisationCurve, percolate, spectralRadius } from '@masec/sim';
import { log, median, round } from '../lib/common.mjs';

const BENCH = 'epidemic-analysis';
const N = 1_000_000;
/** The issue asks for λ_max at 10^6 nodes "in about a second"; read as at most 1.5 s. */
const BAR_MS = 1500;
const T = 0.3;

function timed(fn) {
  const t0 = performance.now();
  const result = fn();
  return { ms: performance.now() - t0, result };
}

export async function run({ quick, emit }) {
  const reps = quick ? 1 : 3;
  // Warm the JIT on a small graph so the first measured call is not also compiling.
  const warm = erdosRenyi(20_000, { meanDegree: 10 }, createRng(99));
  spectralRadius(warm);
  const warmEdges = ContactEdges.of(warm);
  percolate(warmEdges, { transmissibility: T, samples: 3, rng: createRng(1) });
  immunisationCurve(warmEdges, { transmissibility: T, strategy: 'targeted', samples: 2, rng: createRng(1) });
  immunisationCurve(warmEdges, { transmissibility: T, strategy: 'edges', samples: 2, rng: createRng(1) });

  const graphs = [
    { name: 'erdos-renyi mean degree 10', build: () => erdosRenyi(N, { meanDegree: 10 }, createRng(1)) },
    { name: 'barabasi-albert m=3', build: () => barabasiAlbert(N, 3, createRng(1)) },
  ];
  for (const { name, build } of graphs) {
    const { ms: buildMs, result: graph } = timed(build);
    const entries = graph.neighbors.length;
    const runs = [];
    for (let rep = 0; rep < reps; rep++) runs.push(timed(() => spectralRadius(graph, { rng: createRng(rep + 1) })));
    const wall = median(runs.map((r) => r.ms));
    const last = runs[runs.length - 1].result;
    log(`  [${BENCH}] ${name}: λ_max ${last.lambda.toFixed(4)} in ${wall.toFixed(0)} ms, ${last.iterations} iterations, residual ${last.residual.toExponential(1)} (graph built in ${buildMs.toFixed(0)} ms)`);
    const extra = { graph: name, n: N, entries, reps };
    emit(BENCH, 'spectral-radius-wall', round(wall, 1), 'ms', {
      ...extra,
      stat: 'median',
      samples: runs.map((r) => round(r.ms, 1)),
      iterations: last.iterations,
      residual: last.residual,
      converged: last.converged,
      lambda: last.lambda,
      msPerIteration: round(wall / Math.max(1, last.iterations), 2),
      bar: `<= ${BAR_MS} ms ("about a second")`,
      meetsBar: wall <= BAR_MS,
    });

    const edges = ContactEdges.of(graph);
    const samples = quick ? 2 : 5;
    const perc = timed(() => percolate(edges, { transmissibility: T, samples, rng: createRng(7) }));
    log(`  [${BENCH}] ${name}: percolation ${(perc.ms / samples).toFixed(0)} ms per sample (T = ${T}, largest cluster ${perc.result.largestCluster.mean.toFixed(4)})`);
    emit(BENCH, 'percolation-sample', round(perc.ms / samples, 1), 'ms', { ...extra, transmissibility: T, samplesRun: samples, largestCluster: perc.result.largestCluster.mean });
    for (const strategy of ['targeted', 'edges']) {
      const sweep = timed(() => immunisationCurve(edges, { transmissibility: T, strategy, samples, rng: createRng(8) }));
      log(`  [${BENCH}] ${name}: immunisation sweep (${strategy}) ${(sweep.ms / samples).toFixed(0)} ms per sample, ${sweep.ms.toFixed(0)} ms for ${samples} samples`);
      emit(BENCH, 'immunisation-sweep', round(sweep.ms, 1), 'ms', { ...extra, strategy, transmissibility: T, samplesRun: samples, perSampleMs: round(sweep.ms / samples, 1) });
    }
  }
}
