// graph-generation (BENCHMARKS.md "Scale tier"): time and peak resident memory of generating a graph
// straight to CSR, for Barabási–Albert m=3, Erdős–Rényi mean degree 6, Watts–Strogatz k=6 and the erased
// configuration model (power-law degrees), at 10^4 … 10^7 nodes; 10^8 with MASEC_BENCH_GRAPH_1E8=1 (about
// 10 minutes, ~5 GiB per child). One fresh process per sample.
//
// Each size runs twice: with Node's defaults, and with GLIBC_TUNABLES=glibc.malloc.hugetlb=1, which makes
// glibc's malloc (behind Node's ArrayBuffers) ask for transparent huge pages. On the VM this was measured
// on, first touch of fresh memory costs ~2.5 s per GiB with 4 KiB pages, so at 10^8 nodes page faults are a
// large part of the time; huge pages cut them (and TLB misses) where the kernel allows (THP "madvise").
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, log, median, round } from '../lib/common.mjs';

const BENCH = 'graph-generation';
const CHILD = join(dirname(fileURLToPath(import.meta.url)), '../lib/graph-child.mjs');
const GENERATORS = ['barabasi-albert', 'erdos-renyi', 'watts-strogatz', 'configuration-model'];
const PARAMS = {
  'barabasi-albert': 'm=3',
  'erdos-renyi': 'meanDegree=6',
  'watts-strogatz': 'k=6, beta=0.1',
  'configuration-model': 'power-law degrees: exponent 2.5, min 2, max 1000 (mean ≈ 3.6)',
};
const HUGE = process.env.MASEC_BENCH_GRAPH_1E8 === '1';
const SIZES = [1e4, 1e5, 1e6, 1e7, ...(HUGE ? [1e8] : [])];
const SERIES = [
  { pages: 'default', env: {} },
  { pages: 'huge (glibc.malloc.hugetlb=1)', env: { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' } },
];
/** The 10^8 bar for generation + CSR of BA m=3, from the scale-tier budget (60 s, 12 GiB for everything). */
const BAR_MS = 30_000;
const BAR_RSS_MIB = 7 * 1024;

function childRun(spec, env) {
  const out = execFileSync(process.execPath, [CHILD, JSON.stringify(spec)], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.toString().trim().split('\n').pop());
}

export async function run({ quick, emit }) {
  for (const n of SIZES) {
    const reps = quick || n >= 1e8 ? 1 : 3;
    for (const series of SERIES) {
      for (const generator of GENERATORS) {
        const list = [];
        for (let rep = 0; rep < reps; rep++) list.push(childRun({ generator, n, seed: 1 + rep }, series.env));
        const ms = median(list.map((r) => r.ms));
        const rss = Math.max(...list.map((r) => r.peakRssMiB));
        const entries = list[0].entries;
        log(`  [${BENCH}] ${generator} n=${n} (${series.pages} pages): ${ms.toFixed(0)} ms, peak RSS ${rss.toFixed(0)} MiB, ${entries} entries`);
        const isBar = generator === 'barabasi-albert' && n >= 1e8;
        const extra = {
          generator,
          params: PARAMS[generator],
          n,
          pages: series.pages,
          entries,
          reps,
          process: 'fresh node process per sample (seeds 1..reps)',
        };
        emit(BENCH, 'generate-ms', round(ms, 1), 'ms', {
          ...extra,
          stat: 'median',
          samples: list.map((r) => round(r.ms, 1)),
          nsPerEntry: round((ms * 1e6) / Math.max(1, entries), 2),
          userMs: round(median(list.map((r) => r.userMs)), 0),
          systemMs: round(median(list.map((r) => r.systemMs)), 0),
          minorFaults: median(list.map((r) => r.minorFaults)),
          ...(isBar ? { bar: `< ${BAR_MS / 1000} s`, meetsBar: ms < BAR_MS } : {}),
        });
        emit(BENCH, 'peak-rss', round(rss, 0), 'MiB', {
          ...extra,
          stat: 'max',
          samples: list.map((r) => round(r.peakRssMiB, 0)),
          ...(isBar ? { bar: `< ${BAR_RSS_MIB} MiB`, meetsBar: rss < BAR_RSS_MIB } : {}),
        });
      }
    }
  }
}
