// Child process for one in-process engine measurement, so every measurement starts from the same JIT and
// heap state: `node measure-child.mjs '<json spec>'` prints one JSON result line on stdout.
// Spec: { agents, rounds, channel, defenses, seed, warmupSeed, warmupMs }. Warm-up: full runs of the same
// scenario with other seeds (warmupSeed, warmupSeed+1, ...) until `warmupMs` have passed (at least one,
// at most 20), as a worker in a sweep would have done before; not recorded.
import { performance } from 'node:perf_hooks';
import { timedRun, trafficScenario } from './common.mjs';

const spec = JSON.parse(process.argv[2] ?? '{}');
const scenario = trafficScenario(spec);
let warmups = 0;
if (spec.warmupSeed !== null && spec.warmupSeed !== undefined) {
  const started = performance.now();
  do {
    await timedRun(scenario, spec.warmupSeed + warmups);
    warmups++;
  } while (performance.now() - started < (spec.warmupMs ?? 2000) && warmups < 20);
}
const result = await timedRun(scenario, spec.seed ?? 1);
process.stdout.write(`${JSON.stringify({ ...result, warmups })}\n`);
