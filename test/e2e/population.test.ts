/**
 * The population engine end to end through the CLI: the built-in scale scenarios run and store like the
 * message engine's, digests depend only on scenario and seed (not on worker threads), the report carries
 * the population metrics, and scenarios the engines cannot run are rejected at load with file, line, field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, type SweepJson, digestsOf, masec, readStore, runJson, tempDir } from './helpers.js';

const SMALL = ['--set', 'agents.count=20000', '--set', 'rounds=30', '--seeds', '3'];

let dir: string;
let inProcess: SweepJson;
let threaded: SweepJson;

beforeAll(async () => {
  dir = tempDir('pop');
  [inProcess, threaded] = await Promise.all([
    runJson(['run', 'worm-population', ...SMALL, '--workers', '0', '--store', 'a.sqlite', '--html', 'report.html'], { cwd: dir }),
    runJson(['run', 'worm-population', ...SMALL, '--workers', '2', '--store', 'b.sqlite'], { cwd: dir }),
  ]);
}, 60_000);

describe('population engine through the CLI', () => {
  it('runs every arm and seed of worm-population and stores them (threat: worm)', () => {
    expect(inProcess.executed).toBe(9);
    expect(inProcess.failed).toBe(0);
    expect(inProcess.runs.map((r) => r.arm)).toEqual(['none', 'none', 'none', 'tagging', 'tagging', 'tagging', 'detector-quarantine', 'detector-quarantine', 'detector-quarantine']);
    const store = readStore(join(dir, 'a.sqlite'));
    expect(store.runs).toHaveLength(9);
    expect(store.runs.every((r) => r.status === 'done')).toBe(true);
    for (const run of inProcess.runs) {
      expect(Object.keys(run.metrics).sort()).toEqual(['edges-cut', 'false-quarantined', 'infected-fraction', 'peak-compromised', 'quarantined-agents', 'r-eff', 'time-to-50'].sort());
    }
  });

  it('judges the worm from the population engine\'s own events: it succeeded where it spread, with the metric\'s fraction (issue 10 regression)', () => {
    for (const run of inProcess.runs) {
      const infected = run.metrics['infected-fraction'] as number;
      expect(run.judges.worm?.score).toBe(infected);
      expect(run.judges.worm?.success).toBe(true);
      expect(run.judges.worm?.summary).toBe(`${Math.round(infected * 20_000)}/20000 agents executed the payload (1 patient zero(s)); records are not modelled by the population engine`);
    }
    // Without a defense the worm reaches most agents; the verdict says so (it said "0/20000" before).
    expect(inProcess.runs.filter((r) => r.arm === 'none').every((r) => (r.judges.worm?.score ?? 0) > 0.5)).toBe(true);
  });

  it('records what actually ran in each run\'s manifest: the resolved engine (not auto) and no models', () => {
    const db = new Database(join(dir, 'a.sqlite'), { readonly: true });
    try {
      const manifests = db.prepare<[], string>('SELECT json FROM runs').pluck().all().map((json) => (JSON.parse(json) as { manifest: { engine: string; models: string[] } }).manifest);
      expect(manifests).toHaveLength(9);
      for (const manifest of manifests) expect(manifest).toMatchObject({ engine: 'population', models: [] });
    } finally {
      db.close();
    }
  });

  it('gives the same digests in-process and on worker threads, and different ones per seed', () => {
    expect([...digestsOf(threaded)]).toEqual([...digestsOf(inProcess)]);
    expect(threaded.runs.map((r) => r.metrics)).toEqual(inProcess.runs.map((r) => r.metrics));
    const none = inProcess.runs.filter((r) => r.arm === 'none').map((r) => r.digest);
    expect(new Set(none).size).toBe(3);
  });

  it('shows what containment cost: agents isolated, most of them never compromised', () => {
    const contained = inProcess.summary['detector-quarantine'];
    expect(contained?.['quarantined-agents']?.mean as number).toBeGreaterThan(0);
    expect(contained?.['false-quarantined']?.mean as number).toBeGreaterThan(0);
    expect(inProcess.summary.none?.['quarantined-agents']?.mean).toBe(0);
  });

  it('writes the HTML report with the infection curves of every arm', () => {
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    for (const arm of ['none', 'tagging', 'detector-quarantine']) expect(html).toContain(`data-series="${arm}"`);
    expect(html).toContain('early R_eff');
  });
});

describe('engine choice is validated at load', () => {
  it('the message engine refuses more agents than it runs, naming the field and line', async () => {
    const d = tempDir('pop-bad');
    const result = await masec(['validate', join(FIXTURES, 'population-too-big-for-message.yaml')], { cwd: d });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/population-too-big-for-message\.yaml:5:\d+: agents\.count: the message engine runs at most 100,000 agents, got 200,000/);
  });

  it('the pairing model needs a random-pairing topology', async () => {
    const d = tempDir('pop-bad');
    const store = join(d, 's.sqlite');
    const result = await masec(['run', join(FIXTURES, 'population-pairing-mismatch.yaml'), '--store', store], { cwd: d });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/population-pairing-mismatch\.yaml:7:\d+: population\.model: the pairing model needs topology kind random-pairing, got barabasi-albert/);
    expect(existsSync(store)).toBe(false);
  });
});

describe('huge pages for large population runs', () => {
  const thp = (() => {
    try {
      return /\[(\w+)\]/.exec(readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8'))?.[1] ?? null;
    } catch {
      return null;
    }
  })();
  const args = ['run', 'worm-population', '--set', 'agents.count=3000', '--set', 'rounds=10', '--seeds', '2', '--json'];

  it('relaunches itself with glibc.malloc.hugetlb (forced here with MASEC_HUGE_PAGES=1) and gives the same runs', async () => {
    const d = tempDir('pop-huge');
    const plain = await masec([...args, '--store', 'a.sqlite'], { cwd: d, env: { MASEC_HUGE_PAGES: '0' } });
    const huge = await masec([...args, '--store', 'b.sqlite'], { cwd: d, env: { MASEC_HUGE_PAGES: '1', GLIBC_TUNABLES: '' } });
    expect(plain.status).toBe(0);
    expect(huge.status).toBe(0);
    expect(plain.stderr).not.toMatch(/running again/);
    if (process.platform === 'linux' && thp === 'madvise') {
      expect(huge.stderr).toMatch(/masec: 3000 agents: running again with GLIBC_TUNABLES=glibc\.malloc\.hugetlb=1/);
    } else {
      // Not Linux, or THP 'always'/'never': nothing to gain, so no relaunch.
      expect(huge.stderr).not.toMatch(/running again/);
    }
    expect([...digestsOf(JSON.parse(huge.stdout) as SweepJson)]).toEqual([...digestsOf(JSON.parse(plain.stdout) as SweepJson)]);
  });

  it('does not relaunch when GLIBC_TUNABLES already sets the tunable, and exits with the relaunched status; an unwritable --html path and a bad MASEC_HUGE_PAGES are refused before any run', async () => {
    const d = tempDir('pop-huge');
    const set = await masec([...args, '--store', 'c.sqlite'], { cwd: d, env: { MASEC_HUGE_PAGES: '1', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' } });
    expect(set.status).toBe(0);
    expect(set.stderr).not.toMatch(/running again/);
    // The relaunched process refuses an unwritable --html path (exit 2); that status is this command's.
    const refused = await masec([...args, '--store', 'd.sqlite', '--html', join(d, 'no-such-dir', 'r.html')], {
      cwd: d,
      env: { MASEC_HUGE_PAGES: '1', GLIBC_TUNABLES: '' },
    });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/option --html: cannot write '.*r\.html': the directory '.*no-such-dir' does not exist or is not writable/);
    expect(existsSync(join(d, 'd.sqlite'))).toBe(false);
    // A value that is neither 0 nor 1 is refused, not taken for 'off'.
    const bad = await masec([...args, '--store', 'e.sqlite'], { cwd: d, env: { MASEC_HUGE_PAGES: 'yes' } });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("masec: MASEC_HUGE_PAGES must be 0 or 1, got 'yes'\n");
    expect(existsSync(join(d, 'e.sqlite'))).toBe(false);
  });
});
