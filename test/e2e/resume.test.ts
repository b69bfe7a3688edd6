/**
 * The run store survives a kill mid-sweep: a sweep killed with SIGKILL keeps every run it finished, and the
 * same command started again executes only the missing runs, ending with exactly the runs (and digests) of an
 * uninterrupted sweep. A further rerun executes nothing; --force re-executes everything, identically.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type StoredRunRow, type SweepJson, copyFixture, countDoneRuns, digestsOf, readStore, runJson, sleep, spawnMasec, tempDir } from './helpers.js';

const SEEDS = 12;
const ARMS = ['none', 'tagging', 'detector-quarantine'];
const TOTAL = ARMS.length * SEEDS;

/** `arm/seed` → digest of the stored runs. */
function storedDigests(rows: readonly StoredRunRow[]): Map<string, string | null> {
  return new Map(rows.map((r) => [`${r.arm}/${r.seed}`, r.digest]));
}

/** What a sweep reports, comparable between sweeps (run order, statuses, digests, metrics). */
function comparable(sweep: SweepJson): unknown {
  return sweep.runs.map((r) => ({ arm: r.arm, seed: r.seed, status: r.status, digest: r.digest, metrics: r.metrics }));
}

function expectCompleteStore(file: string, experiment: string): StoredRunRow[] {
  const store = readStore(file);
  expect(store.experiments).toEqual([experiment]);
  expect(store.runs).toHaveLength(TOTAL);
  // No duplicates: every (arm, seed) exactly once, and every one of them present.
  const slots = store.runs.map((r) => `${r.arm}/${r.seed}`);
  expect(new Set(slots).size).toBe(TOTAL);
  expect([...slots].sort()).toEqual(ARMS.flatMap((arm) => Array.from({ length: SEEDS }, (_, i) => `${arm}/${i + 1}`)).sort());
  expect(store.runs.every((r) => r.status === 'done' && r.experiment_id === experiment)).toBe(true);
  return store.runs;
}

describe('resume: the run store survives a kill mid-sweep', () => {
  it('SIGKILL mid-sweep keeps finished runs; rerun skips them, executes the rest, and matches an uninterrupted sweep digest for digest; a plain rerun executes 0; --force re-executes all identically', async () => {
    const dir = tempDir('resume');
    const scenario = copyFixture('small-worm.yaml', dir);
    const store = join(dir, 'killed.sqlite');
    // Tiny runs (~25 ms each) so the whole test stays quick; 36 of them so the kill lands mid-sweep.
    const args = ['run', scenario, '--set', 'agents.count=20', '--set', 'rounds=5', '--seeds', String(SEEDS), '--workers', '1'];

    // 1. Start the sweep, wait until at least 2 runs are stored, then kill it hard.
    const child = spawnMasec([...args, '--store', store, '--json'], { cwd: dir });
    let childStderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (childStderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
      child.on('exit', (code, signal) => resolveExit({ code, signal })),
    );
    let finishedEarly = false;
    void exited.then(() => (finishedEarly = true));
    const deadline = Date.now() + 30_000;
    while (countDoneRuns(store) < 2) {
      if (finishedEarly) throw new Error(`the sweep ended before it could be killed\nstderr: ${childStderr}`);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`no 2 runs stored within 30 s\nstderr: ${childStderr}`);
      }
      await sleep(5);
    }
    child.kill('SIGKILL');
    expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });

    const before = readStore(store);
    const storedBefore = before.runs.length;
    expect(storedBefore).toBeGreaterThanOrEqual(2);
    expect(storedBefore).toBeLessThan(TOTAL);
    expect(before.experiments).toHaveLength(1);
    expect(before.runs.every((r) => r.status === 'done')).toBe(true);

    // 2. The same command again completes the sweep, executing only what is missing; meanwhile (3.) an
    // uninterrupted sweep runs into another store, for comparison.
    const [resumed, fresh] = await Promise.all([
      runJson([...args, '--store', store], { cwd: dir }),
      runJson([...args, '--store', join(dir, 'fresh.sqlite')], { cwd: dir }),
    ]);
    expect({ executed: resumed.executed, skipped: resumed.skipped, failed: resumed.failed }).toEqual({
      executed: TOTAL - storedBefore,
      skipped: storedBefore,
      failed: 0,
    });
    expect(resumed.experiment).toBe(before.experiments[0]);
    expect(resumed.runs).toHaveLength(TOTAL);
    const afterResume = expectCompleteStore(store, resumed.experiment);
    // The runs finished before the kill were kept as they were.
    const resumedDigests = storedDigests(afterResume);
    for (const row of before.runs) expect(resumedDigests.get(`${row.arm}/${row.seed}`), `${row.arm}/${row.seed}`).toBe(row.digest);

    // 3. Against the uninterrupted sweep: nothing lost, nothing changed.
    expect(fresh.executed).toBe(TOTAL);
    expect(fresh.experiment).toBe(resumed.experiment);
    expect(comparable(resumed)).toEqual(comparable(fresh));
    expect([...resumedDigests].sort()).toEqual([...digestsOf(fresh)].sort());
    expect(resumed.summary).toEqual(fresh.summary);

    // 4. A plain rerun finds everything stored.
    const again = await runJson([...args, '--store', store], { cwd: dir });
    expect({ executed: again.executed, skipped: again.skipped, failed: again.failed }).toEqual({ executed: 0, skipped: TOTAL, failed: 0 });
    expect(comparable(again)).toEqual(comparable(fresh));

    // 5. --force re-executes every run, with the same digests, and still one row per (arm, seed).
    const forced = await runJson([...args, '--store', store, '--force'], { cwd: dir });
    expect({ executed: forced.executed, skipped: forced.skipped, failed: forced.failed }).toEqual({ executed: TOTAL, skipped: 0, failed: 0 });
    expect(comparable(forced)).toEqual(comparable(fresh));
    const afterForce = expectCompleteStore(store, resumed.experiment);
    expect([...storedDigests(afterForce)].sort()).toEqual([...digestsOf(fresh)].sort());
  });

  it('two identical commands on one store at the same time share the runs (claimed in the store): each run executes once', async () => {
    const dir = tempDir('claims');
    const scenario = copyFixture('small-worm.yaml', dir);
    const args = ['run', scenario, '--set', 'agents.count=40', '--set', 'rounds=8', '--seeds', String(SEEDS), '--workers', '1', '--store', 'shared.sqlite'];
    const [a, b] = await Promise.all([runJson(args, { cwd: dir }), runJson(args, { cwd: dir })]);
    const both = [a, b] as (SweepJson & { elsewhere: number })[];
    expect(both[0]!.executed + both[1]!.executed).toBe(TOTAL);
    expect(both[0]!.skipped + both[0]!.elsewhere + both[0]!.executed).toBe(TOTAL);
    expect(both[1]!.skipped + both[1]!.elsewhere + both[1]!.executed).toBe(TOTAL);
    expect(comparable(a)).toEqual(comparable(b));
    expectCompleteStore(join(dir, 'shared.sqlite'), a.experiment);
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal}${signal === 'SIGINT' ? ' (Ctrl-C)' : ''} mid-sweep says what is kept in the store and how to finish, and exits ${signal === 'SIGINT' ? 130 : 143}`, async () => {
      const dir = tempDir('interrupt');
      const scenario = copyFixture('small-worm.yaml', dir);
      const store = join(dir, 'i.sqlite');
      const child = spawnMasec(['run', scenario, '--set', 'agents.count=20', '--set', 'rounds=5', '--seeds', String(SEEDS), '--workers', '1', '--store', store], { cwd: dir });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) => child.on('close', (code, sig) => resolveExit({ code, signal: sig })));
      const deadline = Date.now() + 30_000;
      while (countDoneRuns(store) < 2) {
        if (Date.now() > deadline) {
          child.kill('SIGKILL');
          throw new Error(`no 2 runs stored within 30 s\nstderr: ${stderr}`);
        }
        await sleep(5);
      }
      child.kill(signal);
      expect(await exited).toEqual({ code: signal === 'SIGINT' ? 130 : 143, signal: null });
      const stored = readStore(store).runs;
      expect(stored.length).toBeLessThan(TOTAL);
      const said = new RegExp(
        `\\nmasec: interrupted by ${signal}: ${stored.length} of ${TOTAL} runs of this experiment are stored in ${store.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ` +
          `\\(${stored.length} by this command\\); the same command again runs the other ${TOTAL - stored.length}\\n$`,
      );
      expect(stderr).toMatch(said);
    });
  }
});

