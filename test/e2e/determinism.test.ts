/**
 * Determinism end to end: a run's digest (SHA-256 of its canonical event log) depends only on the scenario,
 * the arm and the seed — not on the process, the worker count, the store, how the scenario is named, or which
 * other seeds were swept with it — and different seeds give different runs.
 *
 * All the sweeps are small and start at once (separate processes, separate stores) in `beforeAll`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS, type CliResult, type SweepJson, WORM_ARMS, WORM_METRICS, copyFixture, digestsOf, masec, parseJson, tempDir } from './helpers.js';

const SMALL = ['--set', 'agents.count=40', '--set', 'rounds=8'];
const HEX64 = /^[0-9a-f]{64}$/;

let dir: string;
/** Two processes, same command, --workers 0 (raw result kept for the output-shape test). */
let first: CliResult;
let firstJson: SweepJson;
let second: SweepJson;
/** The same sweep with two worker threads. */
let threaded: SweepJson;
/** Seed 2 alone. */
let alone: SweepJson;
/** One arm alone. */
let oneArm: SweepJson;
/** The built-in scenario named by name and by path. */
let byName: SweepJson;
let byPath: SweepJson;

function keys(sweep: SweepJson): string[] {
  return sweep.runs.map((r) => `${r.arm}/${r.seed}`);
}

function sweepOf(result: CliResult, what: string): SweepJson {
  if (result.status !== 0) throw new Error(`${what} exited ${String(result.status)}: ${result.stderr}`);
  return parseJson<SweepJson>(result.stdout, what);
}

beforeAll(async () => {
  dir = tempDir('det');
  const scenario = copyFixture('small-worm.yaml', dir);
  const sweep = ['run', scenario, ...SMALL, '--seeds', '3', '--json'];
  const builtin = [...SMALL, '--seed', '3', '--workers', '0', '--arm', 'none', '--json'];
  // Separate stores throughout: a second run into the same store would only read the first one's results back.
  const results = await Promise.all([
    masec([...sweep, '--workers', '0', '--store', 'first.sqlite'], { cwd: dir }),
    masec([...sweep, '--workers', '0', '--store', 'second.sqlite'], { cwd: dir }),
    masec([...sweep, '--workers', '2', '--store', 'threaded.sqlite'], { cwd: dir }),
    masec(['run', scenario, ...SMALL, '--seed', '2', '--workers', '0', '--json', '--store', 'alone.sqlite'], { cwd: dir }),
    masec(['run', 'worm-email', ...builtin, '--store', 'name.sqlite'], { cwd: dir }),
    masec(['run', `${BUILTIN_SCENARIOS}/worm-email.yaml`, ...builtin, '--store', 'path.sqlite'], { cwd: dir }),
    masec([...sweep, '--arm', 'detector-quarantine', '--workers', '0', '--store', 'arm.sqlite'], { cwd: dir }),
  ]);
  first = results[0]!;
  firstJson = sweepOf(first, 'first sweep');
  second = sweepOf(results[1]!, 'second sweep');
  threaded = sweepOf(results[2]!, 'threaded sweep');
  alone = sweepOf(results[3]!, 'seed 2 alone');
  byName = sweepOf(results[4]!, 'worm-email by name');
  byPath = sweepOf(results[5]!, 'worm-email by path');
  oneArm = sweepOf(results[6]!, 'one arm');
}, 60_000);

describe('determinism of run digests (same scenario + seed => same digest)', () => {
  it('two separate processes running the same scenario and seeds produce identical digests and metrics', () => {
    expect(firstJson.executed).toBe(9);
    expect(second.executed).toBe(9);
    expect(keys(firstJson)).toEqual(WORM_ARMS.flatMap((arm) => [1, 2, 3].map((seed) => `${arm}/${seed}`)));
    expect(second.runs).toEqual(firstJson.runs);
    expect(second.summary).toEqual(firstJson.summary);
    expect(second.experiment).toBe(firstJson.experiment);
  });

  it('--workers 0 (in-process) and --workers 2 (worker threads) give identical digests for 3 seeds', () => {
    expect(threaded.executed).toBe(9);
    expect(threaded.failed).toBe(0);
    expect(keys(threaded)).toEqual(keys(firstJson));
    expect([...digestsOf(threaded)]).toEqual([...digestsOf(firstJson)]);
    expect(threaded.runs.map((r) => r.metrics)).toEqual(firstJson.runs.map((r) => r.metrics));
  });

  it('different seeds give different digests, and a seed run alone equals the same seed inside a sweep', () => {
    const digests = firstJson.runs.map((r) => r.digest);
    expect(digests).toHaveLength(9);
    // Every (arm, seed) is a different run: no two digests coincide.
    expect(new Set(digests).size).toBe(9);
    for (const arm of WORM_ARMS) {
      const perSeed = firstJson.runs.filter((r) => r.arm === arm).map((r) => r.digest);
      expect(new Set(perSeed).size, `arm ${arm}`).toBe(3);
    }
    // Seed 2 on its own (a different experiment, another store) is the same run as seed 2 of the sweep.
    expect(keys(alone)).toEqual(['none/2', 'tagging/2', 'detector-quarantine/2']);
    const swept = digestsOf(firstJson);
    for (const run of alone.runs) expect(run.digest, `${run.arm}/${run.seed}`).toBe(swept.get(`${run.arm}/${run.seed}`));
    expect(alone.experiment).not.toBe(firstJson.experiment);
  });

  it('the digest does not depend on which other arms were swept (--arm detector-quarantine alone)', () => {
    expect(keys(oneArm)).toEqual(['detector-quarantine/1', 'detector-quarantine/2', 'detector-quarantine/3']);
    expect(oneArm.runs).toEqual(firstJson.runs.filter((r) => r.arm === 'detector-quarantine'));
  });

  it('the digest does not depend on naming the scenario by built-in name or by path', () => {
    expect(keys(byName)).toEqual(['none/3']);
    expect(byName.runs[0]!.digest).toMatch(HEX64);
    expect(byPath.runs).toEqual(byName.runs);
    expect(byPath.experiment).toBe(byName.experiment);
  });

  it('run --json prints one object: runs[] with arm, seed, 64-hex digest, metrics; summary by arm then metric with mean/lo/hi/n/total', () => {
    // --json with a non-terminal stderr: no progress output; stdout is the one JSON document.
    expect(first.stderr).toBe('');
    const out = firstJson;
    expect(Object.keys(out).sort()).toEqual(['coverage', 'elsewhere', 'executed', 'experiment', 'failed', 'runs', 'scenario', 'skipped', 'store', 'summary']);
    expect((out as unknown as { coverage: unknown }).coverage).toEqual({
      complete: true,
      basis: 'shared',
      planned: { arms: 3, seeds: [1, 2, 3], runs: 9 },
      runs: { done: 9, failed: 0, missing: 0 },
      sharedSeeds: [1, 2, 3],
    });
    expect(out.experiment).toMatch(/^exp-[0-9a-f]{12}$/);
    expect(out.scenario).toBe('small-worm');
    expect(out.store).toBe(`${dir}/first.sqlite`);
    expect({ executed: out.executed, skipped: out.skipped, failed: out.failed }).toEqual({ executed: 9, skipped: 0, failed: 0 });

    expect(out.runs).toHaveLength(9);
    for (const run of out.runs) {
      expect(Object.keys(run).sort()).toEqual(['arm', 'digest', 'judges', 'metrics', 'seed', 'status']);
      expect(WORM_ARMS).toContain(run.arm);
      expect([1, 2, 3]).toContain(run.seed);
      expect(run.status).toBe('done');
      expect(run.digest).toMatch(HEX64);
      expect(Object.keys(run.metrics).sort()).toEqual([...WORM_METRICS].sort());
      for (const value of Object.values(run.metrics)) expect(value === null || Number.isFinite(value)).toBe(true);
      // The worm's judge agrees with the metrics: success iff someone executed the payload.
      const judge = (run as unknown as { judges: Record<string, { success: boolean; score: number; summary: string }> }).judges['worm'];
      expect(judge?.score).toBe(run.metrics['infected-fraction']);
      expect(judge?.success).toBe((run.metrics['infected-fraction'] ?? 0) > 0);
      expect(judge?.summary).toMatch(/^\d+\/\d+ agents executed the payload; \d+ records reached the attacker$/);
    }

    expect(Object.keys(out.summary)).toEqual([...WORM_ARMS]);
    for (const arm of WORM_ARMS) {
      expect(Object.keys(out.summary[arm]!).sort()).toEqual([...WORM_METRICS].sort());
      for (const metric of WORM_METRICS) {
        const s = out.summary[arm]![metric]!;
        expect(Object.keys(s)).toEqual(expect.arrayContaining(['mean', 'lo', 'hi', 'n', 'total']));
        expect(s.total, `${arm} ${metric} total`).toBe(3);
        // The summary is of exactly the values in runs[]: same n and the same mean.
        const values = out.runs.filter((r) => r.arm === arm).map((r) => r.metrics[metric]).filter((v): v is number => v !== null);
        expect(s.n, `${arm} ${metric} n`).toBe(values.length);
        if (values.length === 0) {
          expect(s.mean, `${arm} ${metric}`).toBeNull();
        } else {
          expect(s.mean!, `${arm} ${metric} mean`).toBeCloseTo(values.reduce((x, y) => x + y, 0) / values.length, 12);
          if (values.length >= 2) {
            expect(s.lo!, `${arm} ${metric} lo`).toBeLessThanOrEqual(s.mean!);
            expect(s.hi!, `${arm} ${metric} hi`).toBeGreaterThanOrEqual(s.mean!);
          }
        }
      }
    }
  });
});
