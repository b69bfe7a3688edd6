/**
 * The layering lint rules (eslint.config.js, ADR 0012) fire: an import that crosses a layer the wrong way is
 * an error, one the layering allows is not. Guards the rule itself, so that a config change that silently
 * disables it fails here.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../e2e/helpers.js';

const eslint = new ESLint({ cwd: REPO_ROOT });

async function importErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `${REPO_ROOT}/${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint rules', () => {
  it.each([
    ['packages/sim/src/engine/x.ts', "import { worm } from '../threats/worm/definition.js';\nexport const x = worm;\n", 'sim/engine may import only'],
    ['packages/sim/src/engine/x.ts', "import { createRegistries } from '../registries.js';\nexport const x = createRegistries;\n", 'sits below the registries'],
    ['packages/sim/src/policies/x/y.ts', "import { worm } from '../../threats/worm/definition.js';\nexport const x = worm;\n", 'sim/policies may import only'],
    ['packages/sim/src/metrics/x.ts', "import { ragAgent } from '../policies/rag-agent/definition.js';\nexport const x = ragAgent;\n", 'sim/metrics may import only'],
    ['packages/sim/src/population/x.ts', "import { simulateMessages } from '../engine/message-engine.js';\nexport const x = simulateMessages;\n", 'sim/population may import only'],
    ['packages/sim/src/run/x.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", 'runtime-neutral'],
    ['packages/defenses/src/x/y.ts', "import { createRegistries } from '@masec/sim';\nexport const x = createRegistries;\n", 'defenses depend on spec only'],
    ['packages/spec/src/x.ts', "import { ShieldPipeline } from '@masec/defenses';\nexport const x = ShieldPipeline;\n", 'contracts only'],
    ['packages/shield/src/x/y.ts', "import { createRegistries } from '@masec/sim';\nexport const x = createRegistries;\n", 'runs without the simulator'],
    ['packages/shield/src/x/y.ts', "import { loadScenario } from '@masec/runner';\nexport const x = loadScenario;\n", 'runs without the simulator'],
  ])('%s: a forbidden import is an error (%#)', async (file, source, message) => {
    const errors = await importErrors(file, source);
    expect(errors.length).toBe(1);
    expect(errors[0]).toContain(message);
  });

  it.each([
    ['packages/sim/src/threats/x/y.ts', "import { ANSWER_KEY } from '../../vocabulary/disinformation.js';\nimport { misinformedSeries } from '../../metrics/disinformation.js';\nexport const x = [ANSWER_KEY, misinformedSeries];\n"],
    ['packages/sim/src/engine/x.ts', "import { makeAgentRecords } from '../world-data/records.js';\nexport const x = makeAgentRecords;\n"],
    ['packages/shield/src/x/y.ts', "import { ShieldPipeline } from '@masec/defenses';\nexport const x = ShieldPipeline;\n"],
    ['packages/sim/src/run/x.ts', "import { simulateMessages } from '../engine/message-engine.js';\nimport { simulatePopulation } from '../population/engine.js';\nexport const x = [simulateMessages, simulatePopulation];\n"],
  ])('%s: an allowed import passes', async (file, source) => {
    expect(await importErrors(file, source)).toEqual([]);
  });
});
