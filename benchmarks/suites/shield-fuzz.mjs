// shield-fuzz: 10^6 hostile inputs (--quick: 10^4) through every parser the shield's identity layer and MCP
// handler own (PARSE_TARGETS in @masec/shield), from the same arbitraries as test/integration/shield-fuzz.test.ts
// (test/shield/fuzz-inputs.ts, loaded through vitest's node loader is not needed: the arbitraries are rebuilt
// here from fast-check with the corpus seeds). Reports per target: inputs, accepted, refused by code, crashes
// (anything thrown that is not a clear refusal: must be 0), the slowest input and the heap after a full
// collection at the start and the end (flat: memory bounded).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { PARSE_TARGETS } from '@masec/shield';
import { REPO_ROOT, log, round } from '../lib/common.mjs';

const BENCH = 'shield-fuzz';
const CORPUS = join(REPO_ROOT, 'test/corpus');
const SEEDS = ['mcp', 'a2a/identity'].flatMap((dir) =>
  readdirSync(join(CORPUS, dir))
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(CORPUS, dir, f), 'utf8')))
    .flatMap((c) => [c.bodyText ?? JSON.stringify(c.body), c.upstream === undefined ? undefined : typeof c.upstream.body === 'string' ? c.upstream.body : JSON.stringify(c.upstream.body)])
    .filter((t) => typeof t === 'string' && t !== ''),
);
const anything = fc.anything({ maxDepth: 4, withNullPrototype: true, withSet: true, withMap: true });
const wrongTypes = fc.record({
  jsonrpc: fc.oneof(fc.constant('2.0'), anything),
  id: anything,
  method: fc.oneof(fc.constantFrom('tools/call', 'tools/list', 'SendMessage', 'initialize'), anything),
  params: fc.oneof(anything, fc.record({ name: anything, arguments: anything, _meta: fc.oneof(anything, fc.record({ 'dev.masec/signature': anything, 'dev.masec/capability': anything })), metadata: anything, message: anything })),
  result: fc.oneof(anything, fc.record({ tools: anything, content: anything })),
});
const mutated = fc.tuple(fc.constantFrom(...SEEDS), fc.nat(), fc.string({ maxLength: 3 })).map(([seed, at, insert]) => {
  const i = at % (seed.length + 1);
  return `${seed.slice(0, i)}${insert}${seed.slice(i + 1)}`;
});
const deep = fc.integer({ min: 60, max: 3000 }).map((n) => `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","arguments":${'['.repeat(n)}${']'.repeat(n)}}}`);
const hostile = fc.oneof(
  { arbitrary: fc.string({ maxLength: 200 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 5 }).map((v) => JSON.stringify(v)), weight: 3 },
  { arbitrary: wrongTypes.map((v) => JSON.stringify(v) ?? 'null'), weight: 4 },
  { arbitrary: mutated, weight: 6 },
  { arbitrary: deep, weight: 1 },
);

// A full collection before each heap reading, without asking for --expose-gc on the command line: the flag
// is set at run time and the gc function taken from a fresh context.
setFlagsFromString('--expose-gc');
const collect = globalThis.gc ?? runInNewContext('gc');

function heapMiB() {
  collect();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

export async function run({ quick, emit }) {
  const total = quick ? 10_000 : 1_000_000;
  const perTarget = Math.ceil(total / PARSE_TARGETS.length);
  for (const target of PARSE_TARGETS) {
    const heapBefore = heapMiB();
    const codes = {};
    let accepted = 0;
    let crashes = 0;
    let slowest = 0;
    const firstCrashes = [];
    const started = performance.now();
    // Generate in batches, so the inputs never sit in memory all at once.
    for (let done = 0; done < perTarget; ) {
      const batch = fc.sample(hostile, { numRuns: Math.min(1000, perTarget - done), seed: done + target.name.length * 7919 });
      for (const text of batch) {
        const t = performance.now();
        try {
          const out = await target.parse(text);
          if (out.ok) accepted++;
          else codes[out.code] = (codes[out.code] ?? 0) + 1;
        } catch (error) {
          crashes++;
          if (firstCrashes.length < 3) firstCrashes.push(`${error?.name}: ${String(error?.message).slice(0, 120)} on ${JSON.stringify(text.slice(0, 80))}`);
        }
        slowest = Math.max(slowest, performance.now() - t);
      }
      done += batch.length;
    }
    const seconds = (performance.now() - started) / 1000;
    const heapAfter = heapMiB();
    log(`  [${BENCH}] ${target.name}: ${perTarget.toLocaleString('en-US')} inputs in ${seconds.toFixed(1)} s, ${accepted} accepted, ${crashes} crashes, slowest ${slowest.toFixed(1)} ms, heap ${heapBefore.toFixed(1)} -> ${heapAfter.toFixed(1)} MiB`);
    for (const c of firstCrashes) log(`    crash: ${c}`);
    emit(BENCH, 'crashes', crashes, 'count', {
      target: target.name,
      inputs: perTarget,
      accepted,
      refused: codes,
      slowestMs: round(slowest, 2),
      seconds: round(seconds, 1),
      heapBeforeMiB: round(heapBefore, 1),
      heapAfterMiB: round(heapAfter, 1),
      firstCrashes,
    });
  }
}
