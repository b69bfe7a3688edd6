// A scenario that names a plugin module, through everything that loads or runs scenarios: two-phase
// loading with located errors, experiments in-process and on worker threads with the store, sweeps,
// blast radius, calibration and monitors.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario, loadScenarioFile, loadScenarioPlugins } from '../experiment/scenario-file.js';
import { runExperiment } from '../experiment/run-experiment.js';
import { planSweep, runSweep } from '../sweep/run-sweep.js';
import { planBlastRadius, runBlastRadius } from '../blast-radius/run-blast-radius.js';
import { runCalibration } from '../calibration/run-calibration.js';
import { calibrateMonitors } from '../monitors/calibrate.js';
import { InMemoryResultsStore } from '../store/memory-store.js';
import { rejectedError, thrownError } from '../testing/errors.js';

const FIXTURES = resolve(import.meta.dirname, '../../../../test/fixtures/plugins');
const GUARDED = join(FIXTURES, 'guarded.yaml');
const GUARD_URL = pathToFileURL(join(FIXTURES, 'guard-plugin.mjs')).href;
/** What the guard flags in seeds 1 and 2 of the guarded arm. */
const FLAGS = [4, 2];
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('loading a scenario that names plugins', () => {
  it('imports them first, then validates the plugin ids and configs against them', async () => {
    const loaded = await loadScenario(GUARDED);
    expect(loaded.plugins.urls).toEqual([GUARD_URL]);
    expect(loaded.scenario.arms?.[1]?.defenses[0]).toEqual({ id: 'fixture-guard', config: { strict: true, word: 'ignore' } });
    expect(loaded.scenario.metrics).toContain('fixture-flags');
  });

  it("reports a plugin's config problems with file, line and field, as for a built-in", async () => {
    const error = await rejectedError(loadScenario(join(FIXTURES, 'guarded-bad-config.yaml')));
    expect(error.code).toBe('SCENARIO_INVALID');
    expect(error.issues.map((i) => [i.line, i.path])).toEqual([
      [17, 'defenses[0].config.strict'],
      [18, 'defenses[0].config.wrod'],
    ]);
  });

  it('without its plugins loaded, the synchronous loader refuses it at the plugins entry', () => {
    const error = thrownError(() => loadScenarioFile(GUARDED));
    expect(error.code).toBe('PLUGIN_INVALID');
    expect(error.issues).toEqual([
      {
        file: GUARDED,
        line: 6,
        column: 5,
        path: 'plugins[0]',
        message: "plugin './guard-plugin.mjs' is not loaded: load the scenario with loadScenario(), or pass loadScenarioPlugins() as the plugins option",
      },
    ]);
  });

  it('extra plugins (--plugin) resolve against the working directory; a missing one names where it looked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'masec-scenario-plugins-'));
    dirs.push(dir);
    writeFileSync(join(dir, 's.yaml'), 'id: s\nrounds: 2\nagents: { count: 4, policy: { id: email-assistant } }\ntopology: { kind: ring }\ndefenses: [{ id: fixture-guard }]\n');
    const unknown = await rejectedError(loadScenario(join(dir, 's.yaml')));
    expect(unknown.code).toBe('UNKNOWN_PLUGIN');
    const loaded = await loadScenario('s.yaml', [], { cwd: dir, extra: [relative(dir, join(FIXTURES, 'guard-plugin.mjs'))] });
    expect(loaded.scenario.defenses[0]?.id).toBe('fixture-guard');
    const missing = await rejectedError(loadScenarioPlugins('s.yaml', [], { cwd: dir, extra: ['./nope.mjs'] }));
    expect(missing.issues).toEqual([{ file: '--plugin', path: '', message: `plugin './nope.mjs': no such file (looked for ${join(dir, 'nope.mjs')})` }]);
  });
});

describe('running a scenario that names plugins', () => {
  it('runs on worker threads as in-process, stores the plugin metric, and records the plugin in the manifest', async () => {
    const { scenario, source, baseDir } = await loadScenario(GUARDED);
    const base = { scenario, source, baseDir, seeds: [1, 2] };
    const inProcess = await runExperiment({ ...base, store: new InMemoryResultsStore(), workers: 0 });
    const pooled = await runExperiment({ ...base, store: new InMemoryResultsStore(), workers: 2 });
    expect(inProcess.failed).toBe(0);
    expect(pooled.failed).toBe(0);
    expect(pooled.runs.map((r) => r.digest)).toEqual(inProcess.runs.map((r) => r.digest));
    const guarded = pooled.runs.filter((r) => r.arm === 'guarded');
    expect(guarded.map((r) => typeof r.metrics['fixture-flags'])).toEqual(['number', 'number']);
    expect(pooled.experiment.metrics).toEqual(['infected-fraction', 'benign-blocked', 'fixture-flags']);
    expect(Object.keys(guarded[0]?.manifest.versions ?? {})).toContain('plugin:0:fixture-guard');
    // The guard ran in the workers: it flagged (and, strict, blocked) mail in the guarded arm only.
    expect(guarded.map((r) => r.metrics['fixture-flags'])).toEqual(FLAGS);
    expect(pooled.runs.filter((r) => r.arm === 'none').map((r) => r.metrics['fixture-flags'])).toEqual([0, 0]);
  });

  it('a changed plugin module is a new experiment; the same one resumes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'masec-plugin-id-'));
    dirs.push(dir);
    const metric = (label: string): string =>
      `export default { specVersion: 'v1', name: 'counter', metrics: [{ id: 'event-count', specVersion: 'v1', description: 'Events', label: '${label}', unit: 'count', better: 'lower', reduce: (log) => [...log.events].length }] };\n`;
    writeFileSync(join(dir, 'counter.mjs'), metric('events'));
    writeFileSync(join(dir, 's.yaml'), 'id: s\nrounds: 2\nplugins: [./counter.mjs]\nmetrics: [event-count]\nagents: { count: 4, policy: { id: email-assistant } }\ntopology: { kind: ring }\n');
    const run = async (): Promise<string> => {
      const { scenario, source, baseDir } = await loadScenario(join(dir, 's.yaml'));
      return (await runExperiment({ scenario, source, baseDir, seeds: [1], store: new InMemoryResultsStore(), workers: 0 })).experiment.id;
    };
    const first = await run();
    expect(await run()).toBe(first);
    writeFileSync(join(dir, 'counter.mjs'), metric('events seen'));
    expect(await run()).not.toBe(first);
  });

  it('passes plugins given besides the scenario (--plugin) through sweeps, blast radius, calibration and monitors', async () => {
    // The scenario uses the plugin's ids but does not name its module: only the extra plugins make it run.
    const dir = mkdtempSync(join(tmpdir(), 'masec-extra-plugins-'));
    dirs.push(dir);
    const path = join(dir, 'unnamed.yaml');
    writeFileSync(path, readFileSync(GUARDED, 'utf8').replace('plugins:\n  - ./guard-plugin.mjs\n', ''));
    const plugins = await loadScenarioPlugins(path, [], { extra: [join(FIXTURES, 'guard-plugin.mjs')] });
    expect(plugins.urls).toEqual([GUARD_URL]);

    const plan = planSweep({ scenario: path, grid: ['arms[1].defenses[0].config.strict=true,false'], seeds: 1, plugins });
    const sweep = await runSweep(plan, { store: new InMemoryResultsStore(), workers: 2 });
    expect(sweep.cells.map((c) => [c.arm.name, c.runs[0]?.status, c.runs[0]?.metrics['fixture-flags']])).toEqual([
      ['none', 'done', 0],
      ['guarded', 'done', 4],
      ['guarded', 'done', expect.any(Number)],
    ]);

    const blast = planBlastRadius({ scenario: path, agents: 'a0,a1', seeds: 1, arm: 'guarded', plugins });
    const reach = await runBlastRadius(blast, { store: new InMemoryResultsStore(), workers: 2 });
    expect([reach.failed, reach.agents.length]).toEqual([0, 2]);

    const { scenario, baseDir } = loadScenarioFile(path, [], { plugins });
    const calibration = await runCalibration({ scenario, baseDir, seeds: [1], workers: 2, plugins: plugins.urls });
    expect(Object.keys(calibration.file.arms)).toEqual(['none', 'guarded']);

    const monitors = await calibrateMonitors({ scenario, baseDir, seeds: [1], workers: 2, plugins: plugins.urls });
    expect(monitors.monitors.map((m) => [m.monitor, m.attack.malicious > 0])).toEqual([['fixture-guard', true]]);
  });
});
