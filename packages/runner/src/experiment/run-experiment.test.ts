import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/temp-dirs.js';
import { ScenarioSchema } from '@masec/spec';
import { InMemoryResultsStore } from '../store/memory-store.js';
import { SqliteResultsStore } from '../store/sqlite-store.js';
import { experimentId, runExperiment, selectArms } from './run-experiment.js';

// Scenarios built in code skip the loader's checks, so a world-dependent problem surfaces when a run starts:
// that is how a failing run (the exit-1 path of `masec run`) is exercised here.
const failing = ScenarioSchema.parse({
  id: 'failing',
  rounds: 2,
  agents: { count: 5, records: 0, policy: { id: 'email-assistant', config: {} } },
  topology: { kind: 'ring', k: 1 },
  threats: [{ id: 'worm', config: { patientZeros: 50 } }],
  arms: [
    { name: 'none', defenses: [] },
    { name: 'tagging', defenses: [{ id: 'provenance-tagging', config: {} }] },
  ],
});

describe('runExperiment', () => {
  it('records in each run\'s manifest the engine that ran (auto resolved) and the models it used', async () => {
    const store = new InMemoryResultsStore();
    const auto = ScenarioSchema.parse({
      id: 'auto-pop',
      rounds: 3,
      agents: { count: 200 },
      topology: { kind: 'ring', k: 2 },
      population: { transmission: 0.5 },
      threats: [{ id: 'worm', config: {} }],
    });
    expect(auto.engine).toBe('auto');
    const result = await runExperiment({ scenario: auto, source: null, baseDir: '.', seeds: [1], store, workers: 0 });
    expect(result.runs.map((r) => r.manifest)).toEqual([expect.objectContaining({ engine: 'population', models: [], seed: 1, arm: 'default', scenarioId: 'auto-pop' })]);
    const message = await runExperiment({ scenario: ScenarioSchema.parse({ ...failing, threats: [{ id: 'worm', config: {} }] }), source: null, baseDir: '.', seeds: [1], arms: ['none'], store, workers: 0 });
    expect(message.runs[0]?.manifest).toMatchObject({ engine: 'message', models: [] });
  });

  it('records failed runs with their cause, reports them, and retries them next time', async () => {
    const store = new InMemoryResultsStore();
    const options = { scenario: failing, source: null, baseDir: '.', seeds: [1, 2], store, workers: 0 };
    const first = await runExperiment(options);
    expect({ executed: first.executed, skipped: first.skipped, failed: first.failed }).toEqual({ executed: 4, skipped: 0, failed: 4 });
    for (const run of first.runs) {
      expect(run.status).toBe('error');
      expect(run.error).toBe('MasecError: worm.patientZeros (50) exceeds the 5 benign agents');
      expect(run.errorCode).toBe('CONFIG_INVALID');
      expect(run.end).toBe('error');
      // The log up to the failure is kept: here, setup failed, so it holds only the run-end event.
      expect(await store.eventLog(run.id)).toEqual([{ type: 'run-end', round: 0, status: 'error', error: run.error, code: 'CONFIG_INVALID' }]);
      expect(run.digest).toMatch(/^[0-9a-f]{64}$/);
    }
    const again = await runExperiment(options);
    expect({ executed: again.executed, skipped: again.skipped, failed: again.failed }).toEqual({ executed: 4, skipped: 0, failed: 4 });
    expect(await store.listRuns(first.experiment.id)).toHaveLength(4);
  });

  it('skips runs already done, unless forced', async () => {
    const store = new InMemoryResultsStore();
    const ok = ScenarioSchema.parse({ ...failing, threats: [{ id: 'worm', config: {} }] });
    const options = { scenario: ok, source: null, baseDir: '.', seeds: [1, 2], store, workers: 0 };
    const first = await runExperiment(options);
    expect(first.failed).toBe(0);
    const progress: number[] = [];
    const second = await runExperiment({ ...options, onProgress: (p) => progress.push(p.done) });
    expect({ executed: second.executed, skipped: second.skipped }).toEqual({ executed: 0, skipped: 4 });
    expect(progress).toEqual([4]);
    const forced = await runExperiment({ ...options, force: true });
    expect(forced.executed).toBe(4);
    expect(forced.runs.map((r) => r.digest)).toEqual(first.runs.map((r) => r.digest));
  });

  it('selects arms by name, once each, and rejects unknown ones listing the valid names', () => {
    expect(selectArms(failing, ['tagging', 'tagging', 'none']).map((a) => a.name)).toEqual(['tagging', 'none']);
    expect(selectArms(failing, []).map((a) => a.name)).toEqual(['none', 'tagging']);
    expect(() => selectArms(failing, ['nope'])).toThrow("no arm 'nope' in scenario 'failing'; arms: none, tagging");
  });

  it('gives the same experiment id for the same scenario, arms, seeds and versions, and another otherwise', () => {
    const id = experimentId('h', ['a'], [1, 2], { '@masec/sim': '0.1.0' });
    expect(id).toMatch(/^exp-[0-9a-f]{12}$/);
    expect(experimentId('h', ['a'], [1, 2], { '@masec/sim': '0.1.0' })).toBe(id);
    expect(experimentId('h', ['a'], [1, 2], { '@masec/sim': '0.2.0' })).not.toBe(id);
    expect(experimentId('h', ['a'], [1, 3], { '@masec/sim': '0.1.0' })).not.toBe(id);
  });

  for (const workers of [0, 1]) {
    it(`reports the rounds of a population run under way (workers ${workers})`, async () => {
      const population = ScenarioSchema.parse({
        id: 'population-progress',
        rounds: 7,
        engine: 'population',
        agents: { count: 2_000 },
        topology: { kind: 'barabasi-albert', m: 2 },
        population: { patientZeros: 2, transmission: 0.3, recovery: 0.3 },
        threats: [],
        defenses: [],
      });
      const rounds: string[] = [];
      const result = await runExperiment({
        scenario: population,
        source: null,
        baseDir: '.',
        seeds: [1],
        store: new InMemoryResultsStore(),
        workers,
        onProgress: (p) => {
          if (p.running !== undefined) rounds.push(`${p.running.arm}/${p.running.seed} ${p.running.round}/${p.running.rounds}`);
        },
      });
      expect(result.failed).toBe(0);
      const all = [1, 2, 3, 4, 5, 6, 7].map((r) => `default/1 ${r}/7`);
      // In process every round is heard; from a pool thread the rounds arrive in order on their own port.
      if (workers === 0) expect(rounds).toEqual(all);
      else {
        expect(rounds.length).toBeGreaterThan(0);
        expect(rounds).toEqual(all.slice(0, rounds.length));
      }
    });
  }

  it('two identical experiments on one store share the work: each run is executed once, claimed in the store', async () => {
    const ok = ScenarioSchema.parse({ ...failing, agents: { ...failing.agents, count: 30 }, rounds: 6, threats: [{ id: 'worm', config: {} }] });
    const file = join(tempDir('masec-claims-'), 'shared.sqlite');
    // Two connections, as two processes would have; in-process runs, so the two interleave between runs.
    const [a, b] = [SqliteResultsStore.open(file), SqliteResultsStore.open(file)];
    const options = { scenario: ok, source: null, baseDir: '.', seeds: [1, 2, 3, 4, 5, 6], workers: 0 };
    try {
      const [first, second] = await Promise.all([runExperiment({ ...options, store: a }), runExperiment({ ...options, store: b })]);
      const total = 2 * options.seeds.length;
      expect(first.executed + second.executed).toBe(total);
      expect(first.executed).toBeGreaterThan(0);
      expect(second.executed).toBeGreaterThan(0);
      expect(first.elsewhere + second.elsewhere).toBe(total);
      for (const result of [first, second]) {
        expect(result.runs).toHaveLength(total);
        expect(result.runs.every((r) => r.status === 'done')).toBe(true);
      }
      expect(second.runs.map((r) => r.digest)).toEqual(first.runs.map((r) => r.digest));
    } finally {
      await a.close();
      await b.close();
    }
  });
});

