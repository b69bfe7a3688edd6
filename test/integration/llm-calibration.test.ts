/**
 * From models to populations (issue 11): `masec calibrate` on the model-backed `worm-email-llm` against the
 * stub measures a per-contact transmission rate for each "model under a defense" — the careful model under
 * tagging transmits less than the obedient one beyond the 95% intervals — and a rerun from the store alone
 * gives the same file with no request. The shipped calibration file is that of the shipped scenario, and the
 * million-agent `worm-llm-calibrated` runs from it (shrunk here): the obedient arm spreads, careful-tagging not.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteResultsStore, builtinScenarioDir, executeRun, loadScenario, loadScenarioFile, runCalibration, scenarioHash } from '@masec/runner';
import { parseCalibration } from '@masec/sim';
import { StubServer } from '@masec/models/stub';

let stub: StubServer;
beforeAll(async () => {
  stub = await StubServer.start({ behaviour: { kind: 'by-model' } });
});
afterAll(() => stub.close());

describe('calibrating a model-backed scenario for the population engine', () => {
  it('careful under tagging transmits less than obedient beyond the intervals; a replayed calibration is identical and requests nothing', async () => {
    const url = stub.baseUrl('openai-compatible');
    const loaded = await loadScenario(`${builtinScenarioDir()}/worm-email-llm.yaml`, [0, 1, 2].map((i) => `models[${i}].baseUrl=${url}`));
    const scenario = { ...loaded.scenario, arms: (loaded.scenario.arms ?? []).filter((a) => a.name === 'obedient-none' || a.name === 'careful-tagging') };
    const store = SqliteResultsStore.open(':memory:');
    const options = { scenario, baseDir: loaded.baseDir, seeds: [1, 2, 3], workers: 0, store };
    const first = await runCalibration(options);
    const obedient = first.file.arms['obedient-none']?.transmission;
    const careful = first.file.arms['careful-tagging']?.transmission;
    expect(obedient?.events).toBeGreaterThan(10);
    expect(careful?.high).toBeLessThan(obedient?.low ?? 0);
    const requests = stub.stats().requests;
    const again = await runCalibration({ ...options, models: { cache: 'replay' } });
    expect(again.file).toEqual(first.file);
    expect(stub.stats().requests).toBe(requests);
    await store.close();
  }, 240_000);

  it('the shipped calibration file is that of the shipped worm-email-llm, and worm-llm-calibrated reads its arms', async () => {
    const llm = loadScenarioFile('worm-email-llm');
    const population = loadScenarioFile('worm-llm-calibrated', ['agents.count=20000', 'rounds=40']);
    const file = parseCalibration(readFileSync(join(population.baseDir, 'worm-email-llm.calibration.json'), 'utf8'), 'worm-email-llm.calibration.json');
    // A changed worm-email-llm makes the file stale: with `masec llm-stub --behaviour by-model` on port 8080, rerun
    //   node packages/cli/dist/main.js calibrate worm-email-llm --out scenarios/worm-email-llm.calibration.json
    expect(file.scenarioHash, 'scenarios/worm-email-llm.calibration.json is stale').toBe(scenarioHash(llm.scenario));
    for (const arm of population.scenario.arms ?? []) expect(Object.keys(file.arms)).toContain(arm.name);
    const infected = async (arm: string) => {
      const run = await executeRun({ scenario: population.scenario, arm, seed: 2, baseDir: population.baseDir, helperThread: false });
      expect(run.status).toBe('done');
      return run.metrics['infected-fraction'] ?? 0;
    };
    expect(await infected('obedient-none')).toBeGreaterThan(0.2);
    expect(await infected('careful-tagging')).toBeLessThan(0.01);
  }, 120_000);
});
