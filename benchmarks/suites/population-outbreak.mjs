// population-outbreak (BENCHMARKS.md "Scale tier"): the population engine on the reference workload, a
// Barabási–Albert m=3 contact graph, one patient zero, SIR with β = 0.2 and γ = 0.5 (≈ 75% of agents end up
// infected), no defenses, 60 rounds, seed 1.
//
// 1. Engine vs references (bar at 10^6 agents: engine ≤ 1.5× the minimal JS loop): one child process
//    builds the graph once and runs the engine and the hand-written loop of reference/reference-loop.mjs on
//    the same CSR arrays, alternately; the same graph is written to a temporary file that the C reference
//    (reference/outbreak.c, compiled here with `gcc -O2`; skipped, with the reason, when that fails) reads.
//    All three make the same random draws, so they run the very same outbreak: their final states must hash
//    alike (`sameOutbreak`).
// 2. Scaling, end to end (graph generation + one engine run) at 10^4 … 10^7 agents, and 10^8 with
//    MASEC_BENCH_POPULATION_1E8=1 (bar: < 60 s and < 12 GiB; ≈ 2 × 1 min more, ≈ 5 GiB per child): time of
//    each phase and peak RSS (VmHWM), each size with Node's default pages and with
//    GLIBC_TUNABLES=glibc.malloc.hugetlb=1 (see graph-generation.mjs: first touch of fresh memory is slow
//    with 4 KiB pages on this VM). Writes a plot: benchmarks/results/population-scaling.html (and .svg).
// --quick: 10^4 and 10^5 agents only, one repetition.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, log, median, round } from '../lib/common.mjs';
import { scalingPlot } from '../lib/plot.mjs';

const BENCH = 'population-outbreak';
const HERE = dirname(fileURLToPath(import.meta.url));
const CHILD = join(HERE, '../lib/population-child.mjs');
const C_SOURCE = join(HERE, '../reference/outbreak.c');
export const RESULTS_DIR = process.env.MASEC_BENCH_RESULTS ?? join(HERE, '../results');

const WORKLOAD = { seed: 1, rounds: 60, beta: 0.2, gamma: 0.5 };
const WORKLOAD_NOTE = 'Barabási–Albert m=3, 1 patient zero, SIR β=0.2 γ=0.5, no defenses, 60 rounds, seed 1';
const HUGE = process.env.MASEC_BENCH_POPULATION_1E8 === '1';
const SERIES = [
  { pages: 'default', env: {} },
  { pages: 'huge (glibc.malloc.hugetlb=1)', env: { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' } },
];
const RATIO_BAR = 1.5;
const E2E_BAR_MS = 60_000;
const E2E_BAR_RSS_MIB = 12 * 1024;

function child(spec, env = {}, nodeFlags = []) {
  const started = performance.now();
  const out = execFileSync(process.execPath, [...nodeFlags, CHILD, JSON.stringify({ ...WORKLOAD, ...spec })], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  const result = JSON.parse(out.toString().trim().split('\n').pop());
  return { ...result, processMs: performance.now() - started };
}

/** Compiles the C reference; returns the binary's path, or { skipped } with the reason. */
function compileC(dir) {
  const binary = join(dir, 'outbreak');
  try {
    execFileSync('gcc', ['-O2', '-o', binary, C_SOURCE, '-lm'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const version = execFileSync('gcc', ['-dumpfullversion'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    return { binary, compiler: `gcc ${version} -O2` };
  } catch (error) {
    const reason =
      error?.code === 'ENOENT' ? 'gcc not found on PATH' : `gcc -O2 failed: ${String(error?.stderr ?? error?.message ?? error).trim().slice(0, 500)}`;
    return { skipped: reason };
  }
}

function runC(binary, graphFile, seedWords, reps, env) {
  const { beta, gamma, rounds } = WORKLOAD;
  const out = execFileSync(binary, [graphFile, String(beta), String(gamma), String(rounds), ...seedWords.map(String), String(reps + 1)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  const result = JSON.parse(out.toString());
  // The first run is the cold one (fresh pages), as for the JS runs.
  return { coldMs: result.ms[0], ms: result.ms.slice(1), cpuMs: result.cpuMs.slice(1), stateHash: result.stateHash, everInfected: result.everInfected };
}

function implLine(emit, impl, r, n, extra) {
  const ms = median(r.ms);
  emit(BENCH, 'outbreak-ms', round(ms, 1), 'ms', {
    part: 'compare',
    impl,
    n,
    ...extra,
    stat: 'median',
    samples: r.ms.map((v) => round(v, 1)),
    cpuMs: round(median(r.cpuMs), 1),
    cpuSamples: r.cpuMs.map((v) => round(v, 1)),
    coldMs: round(r.coldMs, 1),
    msPerRound: round(ms / WORKLOAD.rounds, 3),
    agentUpdatesPerS: round((n * WORKLOAD.rounds) / (ms / 1000), 0),
    everInfected: r.everInfected,
    stateHash: r.stateHash,
  });
  return { ms, cpuMs: median(r.cpuMs) };
}

async function compare({ quick, emit }, c, dir) {
  const sizes = quick ? [1e5] : [1e5, 1e6, 1e7, ...(HUGE ? [1e8] : [])];
  const rows = [];
  for (const n of sizes) {
    const reps = quick || n >= 1e8 ? 1 : n >= 1e7 ? 3 : 5;
    // Node's default pages up to 10^7; at 10^8 huge pages, as the end-to-end bar needs them (C alike).
    const series = n >= 1e8 ? SERIES[1] : SERIES[0];
    const graphFile = c.binary === undefined ? undefined : join(dir, `graph-${n}.csr`);
    const js = child({ mode: 'compare', n, reps, graphFile }, series.env, ['--expose-gc']);
    const cref = c.binary === undefined ? null : runC(c.binary, graphFile, js.seedWords, reps, series.env);
    if (graphFile !== undefined) rmSync(graphFile, { force: true });
    const extra = {
      workload: WORKLOAD_NOTE,
      entries: js.entries,
      reps,
      pages: series.pages,
      process: 'one child: graph built once, engine and JS reference alternated after one cold run each; C on the same CSR file',
    };
    const engine = implLine(emit, 'engine', js.engine, n, extra);
    const ref = implLine(emit, 'js-reference', js.reference, n, extra);
    const cr = cref === null ? null : implLine(emit, 'c-reference', cref, n, { ...extra, compiler: c.compiler });
    const [engineMs, refMs, cMs] = [engine.ms, ref.ms, cr?.ms ?? null];
    if (cref === null) emit(BENCH, 'outbreak-ms', null, 'ms', { part: 'compare', impl: 'c-reference', n, skipped: true, reason: c.skipped });
    const hashes = [js.engine.stateHash, js.reference.stateHash, ...(cref === null ? [] : [cref.stateHash])];
    const sameOutbreak = hashes.every((h) => h === hashes[0]);
    const ratioJs = engineMs / refMs;
    const isBar = n === 1e6;
    emit(BENCH, 'engine-vs-js-reference', round(ratioJs, 3), 'x', {
      part: 'compare',
      n,
      workload: WORKLOAD_NOTE,
      sameOutbreak,
      cpuRatio: round(engine.cpuMs / ref.cpuMs, 3),
      coldRatio: round(js.engine.coldMs / js.reference.coldMs, 3),
      ...(isBar ? { bar: `≤ ${RATIO_BAR}×`, meetsBar: ratioJs <= RATIO_BAR } : {}),
    });
    if (cMs !== null) {
      emit(BENCH, 'engine-vs-c-reference', round(engineMs / cMs, 3), 'x', {
        part: 'compare',
        n,
        sameOutbreak,
        cpuRatio: round(engine.cpuMs / cr.cpuMs, 3),
        jsReferenceVsC: round(refMs / cMs, 3),
      });
    }
    log(
      `  [${BENCH}] compare n=${n}: engine ${engineMs.toFixed(0)} ms, JS reference ${refMs.toFixed(0)} ms (${ratioJs.toFixed(2)}×)` +
        (cMs === null ? `, C skipped (${c.skipped})` : `, C ${cMs.toFixed(0)} ms (engine ${(engineMs / cMs).toFixed(2)}×)`) +
        `${sameOutbreak ? ', same outbreak' : ', DIFFERENT final states'}`,
    );
    if (!sameOutbreak) log(`  [${BENCH}] final-state hashes differ: ${hashes.join(' ')}`);
    rows.push({ n, engineMs, refMs, cMs });
  }
  return rows;
}

async function scaling({ quick, emit }) {
  const sizes = quick ? [1e4, 1e5] : [1e4, 1e5, 1e6, 1e7, ...(HUGE ? [1e8] : [])];
  const points = [];
  for (const n of sizes) {
    const reps = quick || n >= 1e8 ? 1 : 3;
    for (const series of SERIES) {
      const list = [];
      for (let rep = 0; rep < reps; rep++) list.push(child({ mode: 'outbreak', n }, series.env));
      const pick = (key) => median(list.map((r) => r[key]));
      const graphMs = pick('graphMs');
      const outbreakMs = pick('outbreakMs');
      const totalMs = median(list.map((r) => r.graphMs + r.outbreakMs));
      const peak = Math.max(...list.map((r) => r.peakRssMiB));
      const peakAfterGraph = Math.max(...list.map((r) => r.peakAfterGraphMiB));
      const isBar = n >= 1e8;
      const extra = { part: 'scaling', n, pages: series.pages, workload: WORKLOAD_NOTE, entries: list[0].entries, reps, process: 'fresh node process per sample' };
      emit(BENCH, 'end-to-end-ms', round(totalMs, 1), 'ms', {
        ...extra,
        stat: 'median',
        samples: list.map((r) => round(r.graphMs + r.outbreakMs, 1)),
        graphMs: round(graphMs, 1),
        outbreakMs: round(outbreakMs, 1),
        graphSamples: list.map((r) => round(r.graphMs, 1)),
        outbreakSamples: list.map((r) => round(r.outbreakMs, 1)),
        processMs: round(pick('processMs'), 0),
        msPerRound: round(outbreakMs / WORKLOAD.rounds, 3),
        agentUpdatesPerS: round((n * WORKLOAD.rounds) / (outbreakMs / 1000), 0),
        userMs: round(pick('userMs'), 0),
        systemMs: round(pick('systemMs'), 0),
        minorFaults: pick('minorFaults'),
        everInfected: list[0].everInfected,
        infectiousAtEnd: list[0].infectiousAtEnd,
        ...(isBar ? { bar: `< ${E2E_BAR_MS / 1000} s`, meetsBar: totalMs < E2E_BAR_MS } : {}),
      });
      emit(BENCH, 'peak-rss', round(peak, 0), 'MiB', {
        ...extra,
        stat: 'max',
        samples: list.map((r) => round(r.peakRssMiB, 0)),
        peakAfterGraphMiB: round(peakAfterGraph, 0),
        ...(isBar ? { bar: `< ${E2E_BAR_RSS_MIB} MiB`, meetsBar: peak < E2E_BAR_RSS_MIB } : {}),
      });
      log(
        `  [${BENCH}] n=${n} (${series.pages} pages): graph ${graphMs.toFixed(0)} ms + outbreak ${outbreakMs.toFixed(0)} ms = ${totalMs.toFixed(0)} ms, peak RSS ${peak.toFixed(0)} MiB (${peakAfterGraph.toFixed(0)} after the graph)`,
      );
      points.push({ n, pages: series.pages, graphMs, outbreakMs, totalMs, peakRssMiB: peak, peakAfterGraphMiB: peakAfterGraph });
    }
  }
  return points;
}

export async function run({ quick, emit }) {
  const dir = mkdtempSync(join(tmpdir(), 'masec-bench-population-'));
  try {
    const c = compileC(dir);
    if (c.skipped !== undefined) log(`  [${BENCH}] C reference skipped: ${c.skipped}`);
    const compared = await compare({ quick, emit }, c, dir);
    const points = await scaling({ quick, emit });
    mkdirSync(RESULTS_DIR, { recursive: true });
    const { html, svg } = scalingPlot({ points, compared, workload: WORKLOAD_NOTE, quick, when: new Date().toISOString() });
    const htmlFile = join(RESULTS_DIR, 'population-scaling.html');
    writeFileSync(htmlFile, html);
    writeFileSync(join(RESULTS_DIR, 'population-scaling.svg'), svg);
    emit(BENCH, 'plot', htmlFile, null, { part: 'scaling' });
    log(`  [${BENCH}] plot: ${htmlFile}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
