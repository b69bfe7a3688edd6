// scenario-input: loading scenario files at and past the input limits (docs/reference/scenario-format.md#limits),
// each in a fresh child (benchmarks/lib/validate-child.mjs): wall time of loadScenarioFile and peak RSS of
// the process. Within the limits the cost is bounded; past them the file is refused early.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { log, median, round } from '../lib/common.mjs';

const BENCH = 'scenario-input';
const CHILD = fileURLToPath(new URL('../lib/validate-child.mjs', import.meta.url));
const HEAD = 'id: bench\nrounds: 3\nagents: { count: 10, policy: { id: stochastic } }\ntopology: { kind: ring }\n';
const list = (n, item) => Array.from({ length: n }, () => item).join(', ');

/** Inputs: a name, the text, and what loading it should give (`ok`, or the first problem's start). */
const CASES = [
  // Within the limits: about as much work as a scenario may ask for.
  { name: 'values-99900', what: '10 lists of 9,990 numbers (99,900 values), each an unknown field', text: () => HEAD + Array.from({ length: 10 }, (_, i) => `l${i}: [${list(9_990, '1')}]\n`).join('') },
  { name: 'keys-9990', what: '9,990 unknown top-level keys: 9,990 problems, 100 listed', text: () => HEAD + Array.from({ length: 9_990 }, (_, i) => `k${i}: 1\n`).join('') },
  { name: 'string-1mib', what: 'a valid scenario with a 1 MiB description', text: () => `${HEAD}description: "${'y'.repeat(1024 * 1024 - HEAD.length - 20)}"\n` },
  // Past them: refused early.
  { name: 'refused-values', what: '200,000 values in one list (600 KB)', text: () => `${HEAD}metrics: [${list(200_000, '1')}]\n` },
  { name: 'refused-nesting', what: '200,000 nested lists', text: () => `${HEAD}description: ${'['.repeat(200_000)}\n` },
  { name: 'refused-size', what: 'one list of 1,000,000 values (3 MB, over 1 MiB)', text: () => `${HEAD}metrics: [${list(1_000_000, 'x')}]\n` },
  { name: 'refused-keys', what: '40,000 keys in one mapping (over 10,000 entries)', text: () => HEAD + Array.from({ length: 40_000 }, (_, i) => `k${i}: 1\n`).join('') },
];

export async function run({ quick, emit }) {
  const reps = quick ? 1 : 3;
  const dir = mkdtempSync(join(tmpdir(), 'masec-bench-input-'));
  try {
    for (const c of CASES) {
      const file = join(dir, `${c.name}.yaml`);
      const text = c.text();
      writeFileSync(file, text);
      const samples = [];
      for (let rep = 0; rep < reps; rep++) samples.push(JSON.parse(execFileSync(process.execPath, [CHILD, file], { encoding: 'utf8' })));
      const ms = median(samples.map((s) => s.ms));
      const rss = Math.max(...samples.map((s) => s.maxRssKiB)) / 1024;
      const last = samples[samples.length - 1];
      log(`  [${BENCH}] ${c.name} (${Buffer.byteLength(text).toLocaleString('en-US')} bytes): ${ms.toFixed(0)} ms, peak RSS ${rss.toFixed(0)} MiB — ${last.ok ? 'loaded' : `${last.code}: ${last.first}`}`);
      emit(BENCH, 'load-wall', round(ms, 1), 'ms', {
        input: c.name,
        what: c.what,
        bytes: Buffer.byteLength(text),
        stat: 'median',
        samples: samples.map((s) => round(s.ms, 1)),
        peakRssMiB: round(rss, 1),
        ok: last.ok,
        code: last.code,
        problems: last.problems,
        first: last.first ?? null,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
