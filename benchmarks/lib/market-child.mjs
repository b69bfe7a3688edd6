// Market sessions of the benchmark, in a fresh process: the engine's learning loop in JS, timed (CPU and wall),
// and the first session's tables and stream state written for the C reference (reference/market.c) to replay.
// `repeat` runs the same session again that many times in this process (warm: compiled by the JIT).
//   node benchmarks/lib/market-child.mjs '{"seed":1,"file":"/tmp/m.bin","repeat":3}'
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { FastRng, QSession, createRng, marketModel, monopolyPrices, nashPrices, priceGrid } from '@masec/sim';

const { seed, file, repeat = 0 } = JSON.parse(process.argv[2]);
const model = marketModel(2, { quality: 2, cost: 1, outside: 0, mu: 0.25 });
const grids = priceGrid(nashPrices(model), monopolyPrices(model), 15, 0.1);
const spec = { model, grids, alpha: 0.15, beta: 4e-6, delta: 0.95, stable: 100_000, maxPeriods: 10_000_000 };
const session = new QSession(spec);
const rng = new FastRng(createRng(seed).fork('market'));

const head = Buffer.alloc(16 + 32 + 16);
head.writeInt32LE(session.n, 0);
head.writeInt32LE(session.m, 4);
head.writeInt32LE(session.states, 8);
head.writeInt32LE(spec.stable, 12);
[spec.alpha, spec.delta, Math.exp(-spec.beta), spec.maxPeriods].forEach((v, k) => head.writeDoubleLE(v, 16 + 8 * k));
[rng.a, rng.b, rng.c, rng.d].forEach((v, k) => head.writeUInt32LE(v >>> 0, 48 + 4 * k));
const bytes = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
writeFileSync(file, Buffer.concat([head, bytes(session.profit), bytes(session.q), bytes(session.greedy), bytes(session.best)]));

function timed(run, stream) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const { periods, converged } = run.learn(stream, 1_000_000, () => undefined);
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  let h = 0x811c9dc5;
  for (const g of run.greedy) h = Math.imul(h ^ g, 0x01000193);
  return { periods, converged, ms, cpuMs: (used.user + used.system) / 1000, greedyHash: (h >>> 0).toString(16).padStart(8, '0') };
}
const cold = timed(session, rng);
const warm = [];
for (let k = 0; k < repeat; k++) warm.push(timed(new QSession(spec), new FastRng(createRng(seed).fork('market'))));
process.stdout.write(`${JSON.stringify({ ...cold, warm })}\n`);
