// market (BENCHMARKS.md "Coordination threats"): the Calvano baseline — a Q-learning duopoly, 15 prices,
// one-period memory, sessions of 1.5–2.5 million periods until the greedy strategies are stable for 100,000.
//  1. Per session, the engine's learning loop against a minimal C reference of the same loop
//     (reference/market.c, `gcc -O2`; skipped, with the reason, when that fails) replaying the very same
//     session (same tables, same sfc32 stream: the same periods and the same final strategies, checked).
//     Bar: ≤ 2× the C reference per session. CPU time is compared (the machine is shared); the JS figure is
//     the median of warm repeats in one process (the runner runs many sessions per worker), the cold first
//     session reported beside it.
//  2. 100 sessions of the baseline through `masec run` on both cores. Bar: well under two minutes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, log, median, round } from '../lib/common.mjs';

const BENCH = 'market';
const HERE = dirname(fileURLToPath(import.meta.url));
const CHILD = join(HERE, '../lib/market-child.mjs');
const C_SOURCE = join(HERE, '../reference/market.c');

function compileC(dir) {
  const binary = join(dir, 'market');
  try {
    execFileSync('gcc', ['-O2', '-ffp-contract=off', '-o', binary, C_SOURCE], { stdio: ['ignore', 'pipe', 'pipe'] });
    const version = execFileSync('gcc', ['-dumpfullversion'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    return { binary, compiler: `gcc ${version} -O2 -ffp-contract=off` };
  } catch (error) {
    return { skipped: error?.code === 'ENOENT' ? 'gcc not found on PATH' : `gcc failed: ${String(error?.stderr ?? error?.message ?? error).trim().slice(0, 300)}` };
  }
}

const json = (out) => JSON.parse(out.toString().trim().split('\n').pop());

export async function run({ quick, emit }) {
  const dir = mkdtempSync(join(tmpdir(), 'masec-bench-market-'));
  try {
    const c = compileC(dir);
    const seeds = quick ? [1] : [1, 2, 3];
    const ratios = [];
    for (const seed of seeds) {
      const file = join(dir, `session-${seed}.bin`);
      const js = json(execFileSync(process.execPath, [CHILD, JSON.stringify({ seed, file, repeat: quick ? 2 : 4 })], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] }));
      const warmCpu = median(js.warm.map((w) => w.cpuMs));
      const extra = { seed, periods: js.periods, converged: js.converged, firms: 2, prices: 15 };
      emit(BENCH, 'js-session-cpu-warm', round(warmCpu, 1), 'ms', { ...extra, stat: 'median', samples: js.warm.map((w) => round(w.cpuMs, 1)) });
      emit(BENCH, 'js-session-cpu-cold', round(js.cpuMs, 1), 'ms', extra);
      if (c.skipped !== undefined) {
        emit(BENCH, 'c-session-cpu', null, 'ms', { ...extra, skipped: c.skipped });
        continue;
      }
      const runs = Array.from({ length: quick ? 2 : 4 }, () => json(execFileSync(c.binary, [file], { stdio: ['ignore', 'pipe', 'inherit'] })));
      for (const r of runs) {
        if (r.periods !== js.periods || r.greedyHash !== js.greedyHash) throw new Error(`the C reference played another session (seed ${seed}: ${r.periods} vs ${js.periods} periods)`);
      }
      const cCpu = median(runs.map((r) => r.cpuMs));
      const ratio = warmCpu / cCpu;
      ratios.push(ratio);
      log(`  [${BENCH}] seed ${seed}: ${js.periods} periods; JS ${warmCpu.toFixed(0)} ms CPU warm (${js.cpuMs.toFixed(0)} cold), C ${cCpu.toFixed(0)} ms: ${ratio.toFixed(2)}x`);
      emit(BENCH, 'c-session-cpu', round(cCpu, 1), 'ms', { ...extra, compiler: c.compiler, stat: 'median', samples: runs.map((r) => round(r.cpuMs, 1)) });
      emit(BENCH, 'js-over-c', round(ratio, 2), 'x', { ...extra, bar: '<= 2x', meetsBar: ratio <= 2 });
    }
    if (ratios.length > 0) emit(BENCH, 'js-over-c-median', round(median(ratios), 2), 'x', { sessions: ratios.length, bar: '<= 2x', meetsBar: median(ratios) <= 2 });

    const sessions = quick ? 10 : 100;
    const started = performance.now();
    const out = execFileSync(process.execPath, [join(REPO_ROOT, 'packages/cli/dist/main.js'), 'run', 'algorithmic-collusion', '--seeds', String(sessions), '--store', join(dir, 's.sqlite'), '--json', '--quiet'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 64 * 1024 * 1024,
    });
    const wallMs = performance.now() - started;
    const result = JSON.parse(out.toString());
    const gain = result.summary?.none?.['profit-gain']; // the undefended arm: the paper's baseline
    log(`  [${BENCH}] ${sessions} sessions through masec run: ${(wallMs / 1000).toFixed(1)} s; profit gain ${gain?.mean?.toFixed(3)} [${gain?.lo?.toFixed(3)}, ${gain?.hi?.toFixed(3)}]`);
    emit(BENCH, 'sessions-wall', round(wallMs / 1000, 1), 's', { sessions, workers: 'default (cores)', bar: sessions === 100 ? 'well under 120 s' : undefined });
    emit(BENCH, 'profit-gain', round(gain?.mean ?? null, 4), 'fraction', { sessions, lo: round(gain?.lo ?? null, 4), hi: round(gain?.hi ?? null, 4), reference: 'Calvano et al. 2020: about 0.85' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
