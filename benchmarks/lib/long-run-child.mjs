// One long message-engine run in a fresh process: two pricing agents in a market environment for `rounds`
// rounds, the log streamed to the runner's encoder and kept in memory or not. Prints one JSON line.
//   node --expose-gc benchmarks/lib/long-run-child.mjs '{"rounds":1000000,"keep":false}'
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { ScenarioSchema } from '@masec/spec';
import { createRegistries, runScenario } from '@masec/sim';
import { StreamingLogEncoder } from '@masec/runner';

const { rounds, keep } = JSON.parse(process.argv[2]);
const registries = createRegistries();
const none = z.strictObject({});
registries.threats.register({
  id: 'bench-market',
  specVersion: 'v1',
  description: 'a two-firm market that clears simultaneous prices',
  family: 'coordination',
  configSchema: none,
  metrics: ['infected-fraction'],
  engines: ['message'],
  judgeMetric: 'infected-fraction',
  create: () => ({
    setup(world) {
      world.addEnvironment({
        name: 'market',
        step: ({ moves }) => {
          const prices = moves.map((m) => m.value);
          return { state: { p0: prices[0] ?? 0, p1: prices[1] ?? 0 }, observations: Object.fromEntries(moves.map((m) => [m.agent, prices])) };
        },
      });
    },
    judge: () => ({ success: false, score: 0, summary: 'no attack' }),
  }),
});
registries.policies.register({
  id: 'bench-pricer',
  specVersion: 'v1',
  description: 'prices from a 15-point grid at random',
  configSchema: none,
  create: () => ({ specVersion: 'v1', act: (obs) => [{ kind: 'environment', environment: 'market', value: 1 + obs.rng.int(15) / 10 }] }),
});
const scenario = ScenarioSchema.parse({
  id: 'bench-long',
  rounds,
  agents: { count: 2, records: 0, policy: { id: 'bench-pricer', config: {} } },
  topology: { kind: 'complete' },
  channel: { kind: 'direct' },
  threats: [{ id: 'bench-market', config: {} }],
  metrics: ['infected-fraction'],
});
const encoder = new StreamingLogEncoder();
const started = performance.now();
const out = await runScenario(scenario, { seed: 1, registries, sink: encoder, keepLog: keep });
const finished = encoder.finish();
const wallMs = performance.now() - started;
// Measured after a full collection (the child runs with --expose-gc): what the run still holds, not its garbage.
globalThis.gc?.();
const memory = process.memoryUsage();
process.stdout.write(
  `${JSON.stringify({ rounds, keep, status: out.status, events: finished.count, wallMs, heapMB: memory.heapUsed / 2 ** 20, rssMB: memory.rss / 2 ** 20, gzMB: finished.gz.byteLength / 2 ** 20, digest: finished.digest })}\n`,
);
