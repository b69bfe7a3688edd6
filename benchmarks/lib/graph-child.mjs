// Child process for one graph-generation measurement, so each starts with a fresh heap and its peak
// resident memory is its own: `node graph-child.mjs '<json spec>'` prints one JSON result line.
// Spec: { generator: 'barabasi-albert' | 'erdos-renyi' | 'watts-strogatz' | 'configuration-model', n, seed }.
// Measured: generation + CSR build (for the configuration model also drawing the degree sequence), from the
// call to the returned graph; peak RSS of the whole process (Node itself is ~45 MiB).
import { performance } from 'node:perf_hooks';
import { barabasiAlbert, configurationModel, createRng, erdosRenyi, powerLawDegrees, wattsStrogatz } from '@masec/sim';

// Parameters as in suites/graph-generation.mjs (PARAMS).
const GENERATORS = {
  'barabasi-albert': (n, rng) => barabasiAlbert(n, 3, rng),
  'erdos-renyi': (n, rng) => erdosRenyi(n, { meanDegree: 6 }, rng),
  'watts-strogatz': (n, rng) => wattsStrogatz(n, 6, 0.1, rng),
  'configuration-model': (n, rng) => configurationModel(powerLawDegrees(n, { exponent: 2.5, min: 2, max: Math.min(1000, n - 1) }, rng), rng),
};

const spec = JSON.parse(process.argv[2] ?? '{}');
const make = GENERATORS[spec.generator];
if (make === undefined) throw new Error(`unknown generator '${spec.generator}'`);
{
  const rng = createRng(spec.seed ?? 1);
  const started = performance.now();
  const graph = make(spec.n, rng);
  const ms = performance.now() - started;
  const usage = process.resourceUsage();
  process.stdout.write(
    `${JSON.stringify({
      ms,
      entries: graph.neighbors.length,
      peakRssMiB: usage.maxRSS / 1024,
      userMs: usage.userCPUTime / 1000,
      systemMs: usage.systemCPUTime / 1000,
      minorFaults: usage.minorPageFault,
    })}\n`,
  );
}
