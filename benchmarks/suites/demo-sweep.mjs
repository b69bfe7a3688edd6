// demo-sweep: the built-in worm scenario, 20 seeds x 3 arms (60 runs), embedded SQLite store in a temp
// dir, default worker count vs. one worker; then a no-op resume into the same store.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SqliteResultsStore, loadScenarioFile, runExperiment, seedRange } from '@masec/runner';
import { log, median, round } from '../lib/common.mjs';

const BENCH = 'demo-sweep';
const SEEDS = 20;
const BAR_SECONDS = 30;

async function sweep(loaded, seeds, workers, dir) {
  const started = performance.now();
  const store = SqliteResultsStore.open(join(dir, 'results.sqlite'));
  try {
    const result = await runExperiment({
      scenario: loaded.scenario,
      source: loaded.source,
      baseDir: loaded.baseDir,
      seeds,
      store,
      workers,
    });
    const wallMs = performance.now() - started;
    const digests = new Map(result.runs.map((r) => [`${r.arm}/${r.seed}`, r.digest]));
    return { wallMs, executed: result.executed, skipped: result.skipped, failed: result.failed, envelopes: result.envelopes, runs: result.runs.length, digests };
  } finally {
    await store.close();
  }
}

function sameDigests(a, b) {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

export async function run({ quick, emit }) {
  const reps = quick ? 1 : 3;
  const loaded = loadScenarioFile('worm-email');
  const seeds = seedRange(loaded.scenario.seed, SEEDS);
  const arms = (loaded.scenario.arms ?? []).map((a) => a.name);
  const defaultWorkers = Math.max(1, availableParallelism());
  const settings = [defaultWorkers, 1];
  const context = {
    scenario: loaded.scenario.id,
    agents: loaded.scenario.agents.count,
    rounds: loaded.scenario.rounds,
    seeds: SEEDS,
    arms: arms.length,
    runs: SEEDS * arms.length,
    store: 'sqlite (temp dir)',
  };
  const samples = new Map(settings.map((w) => [w, []]));
  let resumeDir = null;
  let reference = null;
  let digestsMatch = true;
  try {
    // Interleave the two settings so machine noise hits both alike.
    for (let rep = 0; rep < reps; rep++) {
      for (const workers of settings) {
        const dir = mkdtempSync(join(tmpdir(), 'masec-bench-sweep-'));
        const s = await sweep(loaded, seeds, workers, dir);
        if (s.failed > 0) throw new Error(`${s.failed} runs failed in the sweep`);
        if (reference === null) reference = s.digests;
        else digestsMatch &&= sameDigests(reference, s.digests);
        samples.get(workers).push(s);
        log(`  [${BENCH}] rep ${rep + 1}/${reps} workers=${workers}: ${(s.wallMs / 1000).toFixed(2)} s, ${s.executed} runs, ${s.envelopes} envelopes`);
        if (workers === defaultWorkers && resumeDir === null) resumeDir = dir;
        else rmSync(dir, { recursive: true, force: true });
      }
    }

    const medians = new Map();
    for (const workers of settings) {
      const list = samples.get(workers);
      const walls = list.map((s) => s.wallMs / 1000);
      const wall = median(walls);
      medians.set(workers, wall);
      const envelopes = list[0].envelopes;
      const runs = list[0].executed;
      const extra = { ...context, workers, reps, digestsMatch };
      emit(BENCH, 'sweep-wall', round(wall, 3), 's', {
        ...extra,
        stat: 'median',
        samples: walls.map((w) => round(w, 3)),
        bar: `< ${BAR_SECONDS} s`,
        meetsBar: wall < BAR_SECONDS,
      });
      emit(BENCH, 'envelopes-per-s', Math.round(envelopes / wall), 'envelopes/s', {
        ...extra,
        stat: 'median-wall',
        envelopes,
        samples: walls.map((w) => Math.round(envelopes / w)),
      });
      emit(BENCH, 'runs-per-s', round(runs / wall, 2), 'runs/s', { ...extra, stat: 'median-wall', samples: walls.map((w) => round(runs / w, 2)) });
    }
    emit(BENCH, 'worker-speedup', round(medians.get(1) / medians.get(defaultWorkers), 2), 'x', {
      ...context,
      workers: defaultWorkers,
      baselineWorkers: 1,
      reps,
      note: 'median wall with 1 worker / median wall with the default worker count',
    });

    // Resume: the same sweep into the store that already holds it. Nothing should run.
    const resumes = [];
    for (let i = 0; i < (quick ? 1 : 3); i++) resumes.push(await sweep(loaded, seeds, defaultWorkers, resumeDir));
    const resumeWalls = resumes.map((r) => r.wallMs);
    const executed = Math.max(...resumes.map((r) => r.executed));
    log(`  [${BENCH}] resume: ${resumeWalls.map((w) => w.toFixed(1)).join(', ')} ms, executed ${executed}, skipped ${resumes[0].skipped}`);
    emit(BENCH, 'resume-wall', round(median(resumeWalls), 1), 'ms', {
      ...context,
      workers: defaultWorkers,
      stat: 'median',
      samples: resumeWalls.map((w) => round(w, 1)),
      executed,
      skipped: resumes[0].skipped,
    });
    emit(BENCH, 'resume-executed-runs', executed, 'runs', { ...context, workers: defaultWorkers, skipped: resumes[0].skipped, expected: 0, ok: executed === 0 });
  } finally {
    if (resumeDir !== null) rmSync(resumeDir, { recursive: true, force: true });
  }
}
