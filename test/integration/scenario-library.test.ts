// Every built-in scenario under scenarios/ validates, declares its JSON Schema, and runs a short smoke run.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { executeRun, listBuiltinScenarios, loadScenarioFile } from '@masec/runner';
import { armsOf } from '@masec/sim';
import { resolveEngine } from '@masec/spec';
import { shrinkSets } from './shrink.js';

const scenarios = listBuiltinScenarios();

describe('built-in scenario library', () => {
  it('is not empty and includes the demo scenario', () => {
    expect(scenarios.map((s) => s.name)).toContain('worm-email');
  });

  for (const { name, path } of scenarios) {
    describe(name, () => {
      it('validates, with an id matching its file name and a $schema header', () => {
        const { scenario } = loadScenarioFile(path);
        expect(scenario.id).toBe(name);
        expect(readFileSync(path, 'utf8')).toMatch(/^\$schema: \.\/scenario\.schema\.json$/m);
      });

      // Scenarios whose agents call a model need a server: worm-email-llm.test.ts runs them against the stub.
      it.skipIf((loadScenarioFile(path).scenario.models ?? []).length > 0)('runs every arm for a few rounds without error', async () => {
        const { scenario: full } = loadScenarioFile(path);
        const { scenario, baseDir } = loadScenarioFile(path, resolveEngine(full) === 'market' ? shrinkSets(full) : ['rounds=3', 'agents.count=40']);
        for (const arm of armsOf(scenario)) {
          const result = await executeRun({ scenario, arm: arm.name, seed: 1, baseDir });
          expect(result.error).toBeNull();
          expect(result.status).toBe('done');
          expect(result.digest).toMatch(/^[0-9a-f]{64}$/);
        }
      });
    });
  }
});
