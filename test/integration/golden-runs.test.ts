/**
 * Golden runs: the digest, event count, metrics and judge verdicts of real runs of every built-in scenario
 * (every arm, two seeds, shrunk to run in seconds), pinned in `test/fixtures/golden/runs.json`.
 *
 * The determinism tests compare today's code with itself; this one compares it with the code that wrote the
 * file, so a change that alters every run's log (an event field, the order of draws, a metric) fails here.
 * When a change is meant to alter runs, rewrite the file with `MASEC_UPDATE_GOLDEN=1 npx vitest run
 * test/integration/golden-runs.test.ts` and explain the change of digests in the ADR of that change.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { executeRun, listBuiltinScenarios, loadScenarioFile } from '@masec/runner';
import { armsOf } from '@masec/sim';
import { shrinkSets } from './shrink.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/golden/runs.json');
const UPDATE = process.env.MASEC_UPDATE_GOLDEN === '1';
const SEEDS = [1, 2];

interface GoldenRun {
  digest: string | null;
  events: number;
  metrics: Record<string, number | null>;
  judges: Record<string, { success: boolean; score: number; summary: string }>;
}

async function currentRuns(): Promise<Record<string, GoldenRun>> {
  const out: Record<string, GoldenRun> = {};
  for (const { name, path } of listBuiltinScenarios()) {
    const { scenario, baseDir } = loadScenarioFile(path, shrinkSets(loadScenarioFile(path).scenario));
    // Scenarios whose agents call a model need a server: worm-email-llm.test.ts runs them against the stub.
    if ((scenario.models ?? []).length > 0) continue;
    for (const arm of armsOf(scenario)) {
      for (const seed of SEEDS) {
        const result = await executeRun({ scenario, arm: arm.name, seed, baseDir, helperThread: false });
        out[`${name}/${arm.name}/${seed}`] = { digest: result.digest, events: result.eventCount, metrics: result.metrics, judges: result.judges };
      }
    }
  }
  return out;
}

describe('golden runs of the built-in scenarios', () => {
  it('give the digests, metrics and verdicts pinned in test/fixtures/golden/runs.json', async () => {
    const runs = JSON.parse(JSON.stringify(await currentRuns())) as Record<string, GoldenRun>;
    if (UPDATE) writeFileSync(GOLDEN, `${JSON.stringify(runs, null, 1)}\n`);
    expect(existsSync(GOLDEN), `${GOLDEN} is missing: write it with MASEC_UPDATE_GOLDEN=1`).toBe(true);
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, GoldenRun>;
    expect(Object.keys(runs).sort()).toEqual(Object.keys(golden).sort());
    for (const key of Object.keys(golden)) expect(runs[key], key).toEqual(golden[key]);
  }, 180_000);
});
