// Sweeps of the worm scenario's defenses (content-detector threshold, quarantine afterFlags): planning,
// validation before anything runs, one run per distinct arm configuration, and resuming from the store.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-dirs.js';
import { isMasecError } from '@masec/spec';
import { InMemoryResultsStore } from '../store/memory-store.js';
import { planSweep, runSweep } from './run-sweep.js';

const SCENARIO = `id: tiny-worm
seed: 3
seeds: 2
rounds: 4
agents:
  count: 12
  records: 1
  policy: { id: email-assistant, config: { compliance: 0.9 } }
topology: { kind: ring, k: 2 }
threats:
  - id: worm
arms:
  - name: none
    defenses: []
  - name: detector-quarantine
    defenses:
      - id: content-detector
        config: { threshold: 0.5 }
      - id: quarantine
        config: { afterFlags: 2 }
`;

function scenarioFile(text = SCENARIO): { dir: string; file: string } {
  const dir = tempDir('masec-sweep-');
  writeFileSync(join(dir, 'tiny.yaml'), text);
  return { dir, file: 'tiny.yaml' };
}

function failure(fn: () => unknown): { code: string; text: string } {
  try {
    fn();
  } catch (error) {
    if (!isMasecError(error)) throw error;
    return { code: error.code, text: [error.message, ...error.issues.map((i) => `${i.file ?? ''}|${i.path}|${i.message}`)].join('\n') };
  }
  throw new Error('expected an error');
}

const THRESHOLD = 'arms[1].defenses[0].config.threshold';
const AFTER_FLAGS = 'arms[1].defenses[1].config.afterFlags';

describe('planSweep', () => {
  it('runs an arm the grid does not touch once, marks its path *, and counts the runs', () => {
    const { dir, file } = scenarioFile();
    const plan = planSweep({ scenario: file, cwd: dir, grid: [`${THRESHOLD}=0.3,0.7`, `${AFTER_FLAGS}=1,3`] });
    expect(plan.points.map((p) => p.arms)).toEqual([['none', 'detector-quarantine'], ['detector-quarantine'], ['detector-quarantine'], ['detector-quarantine']]);
    expect(plan.cells.map((c) => [c.arm.name, c.assignment])).toEqual([
      ['none', { [THRESHOLD]: '*', [AFTER_FLAGS]: '*' }],
      ['detector-quarantine', { [THRESHOLD]: '0.3', [AFTER_FLAGS]: '1' }],
      ['detector-quarantine', { [THRESHOLD]: '0.3', [AFTER_FLAGS]: '3' }],
      ['detector-quarantine', { [THRESHOLD]: '0.7', [AFTER_FLAGS]: '1' }],
      ['detector-quarantine', { [THRESHOLD]: '0.7', [AFTER_FLAGS]: '3' }],
    ]);
    expect(plan.cells[0]?.points).toEqual([0, 1, 2, 3]);
    expect(plan.cells[4]?.arm.defenses.map((d) => d.config)).toEqual([expect.objectContaining({ threshold: 0.7 }), expect.objectContaining({ afterFlags: 3 })]);
    expect(plan.totalRuns).toBe(5 * 2);
    // --seeds and --arm narrow it.
    const narrow = planSweep({ scenario: file, cwd: dir, grid: [`${THRESHOLD}=0.3,0.7`], seeds: 3, arms: ['detector-quarantine'] });
    expect(narrow.cells.map((c) => c.arm.name)).toEqual(['detector-quarantine', 'detector-quarantine']);
    expect(narrow.points[0]?.seeds).toEqual([3, 4, 5]);
    expect(narrow.totalRuns).toBe(6);
  });

  it('a grid over a shared field (the policy) changes every arm: nothing is marked *', () => {
    const { dir, file } = scenarioFile();
    const plan = planSweep({ scenario: file, cwd: dir, grid: ['agents.policy.config.compliance=0.5,0.9'] });
    expect(plan.cells.map((c) => [c.arm.name, c.assignment['agents.policy.config.compliance']])).toEqual([
      ['none', '0.5'],
      ['detector-quarantine', '0.5'],
      ['none', '0.9'],
      ['detector-quarantine', '0.9'],
    ]);
  });

  it('a value the plugin rejects is reported against --grid with the point, before anything runs', () => {
    const { dir, file } = scenarioFile();
    const error = failure(() => planSweep({ scenario: file, cwd: dir, grid: [`${THRESHOLD}=0.5,7`] }));
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.text).toContain(`grid point ${THRESHOLD}=7: `);
    expect(error.text).toMatch(new RegExp(`--grid\\|${THRESHOLD.replace(/[[\].]/g, '\\$&')}\\|.*\\(from --grid ${THRESHOLD.replace(/[[\].]/g, '\\$&')}=7\\)`));
  });

  it('refuses a path out of range, top-level defenses when arms exist, values giving the same scenario, unknown arms', () => {
    const { dir, file } = scenarioFile();
    expect(failure(() => planSweep({ scenario: file, cwd: dir, grid: ['arms[5].name=x,y'] })).text).toContain('index [5] is out of range: arms has 2 items');
    const ignored = failure(() => planSweep({ scenario: file, cwd: dir, grid: ['defenses[0].config.threshold=0.3,0.5'], sets: ['defenses=[{id: content-detector}]'] }));
    expect(ignored).toEqual({
      code: 'USAGE',
      text:
        "--grid defenses[0].config.threshold: scenario 'tiny-worm' declares arms, which replace its top-level defenses, so this path changes nothing; " +
        "sweep an arm's pipeline instead, e.g. arms[1].defenses[0].config.threshold",
    });
    // 0.5 is the configured value and also content-detector's own default: `{}` and `{threshold: 0.5}` resolve alike.
    const same = failure(() => planSweep({ scenario: file, cwd: dir, grid: ['arms[1].defenses[0].config={},{threshold: 0.5}'] }));
    expect(same.code).toBe('USAGE');
    expect(same.text).toMatch(/^grid points arms\[1\]\.defenses\[0\]\.config=\{\} and arms\[1\]\.defenses\[0\]\.config=\{threshold: 0\.5\} give the same scenario/);
    expect(failure(() => planSweep({ scenario: file, cwd: dir, grid: [`${THRESHOLD}=0.3`], arms: ['nope'] })).text).toBe("no arm 'nope' in scenario 'tiny-worm'; arms: none, detector-quarantine");
  });
});

describe('runSweep', () => {
  it('stores one experiment per grid point, reports progress across all of them, and resumes', async () => {
    const { dir, file } = scenarioFile();
    const plan = planSweep({ scenario: file, cwd: dir, grid: [`${THRESHOLD}=0.3,0.7`] });
    const store = new InMemoryResultsStore();
    const progress: { done: number; total: number; point: number }[] = [];
    const first = await runSweep(plan, { store, workers: 0, onProgress: (p) => progress.push({ done: p.done, total: p.total, point: p.point }) });
    expect({ executed: first.executed, skipped: first.skipped, failed: first.failed }).toEqual({ executed: 6, skipped: 0, failed: 0 });
    expect(progress.at(-1)).toEqual({ done: 6, total: 6, point: 2 });
    expect(progress.every((p, i) => i === 0 || p.done >= (progress[i - 1]?.done ?? 0))).toBe(true);
    expect(first.cells.map((c) => [c.arm.name, c.runs.map((r) => r.seed)])).toEqual([
      ['none', [3, 4]],
      ['detector-quarantine', [3, 4]],
      ['detector-quarantine', [3, 4]],
    ]);
    const experiments = await store.listExperiments();
    expect(experiments.map((e) => e.arms)).toEqual([['none', 'detector-quarantine'], ['detector-quarantine']]);
    expect(new Set(first.cells.map((c) => c.experimentId)).size).toBe(2);

    const again = await runSweep(plan, { store, workers: 0 });
    expect({ executed: again.executed, skipped: again.skipped }).toEqual({ executed: 0, skipped: 6 });
    expect(again.cells.map((c) => c.runs.map((r) => r.digest))).toEqual(first.cells.map((c) => c.runs.map((r) => r.digest)));
  });
});
