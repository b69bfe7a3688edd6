// Lint: typescript-eslint recommended, determinism bans inside the runtime-neutral engine packages, and the
// layering of packages and of the simulator's folders (what may import what) as import restrictions.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nondeterminism = [
  { object: 'Math', property: 'random', message: 'Use the run\u2019s seeded Rng (passed explicitly).' },
  { object: 'Date', property: 'now', message: 'Use the engine clock (rounds); wall time is not deterministic.' },
];

/**
 * Package layering (ADR 0001, 0012): each package lists what it may never import. `node:` modules are
 * banned in the runtime-neutral packages (spec, defenses, sim).
 */
const NODE_ONLY = { group: ['node:*'], message: 'runtime-neutral package: no Node-only modules' };
const PACKAGE_BANS = {
  spec: [NODE_ONLY, { group: ['@masec/*'], message: 'spec holds contracts only and depends on zod alone' }],
  defenses: [NODE_ONLY, { group: ['@masec/sim', '@masec/sim/*', '@masec/runner', '@masec/runner/*', '@masec/cli', '@masec/shield'], message: 'defenses depend on spec only: the gateway runs them without the simulator' }],
  sim: [NODE_ONLY, { group: ['@masec/runner', '@masec/runner/*', '@masec/cli', '@masec/shield'], message: 'the simulator sits below the runner' }],
  runner: [{ group: ['@masec/cli', '@masec/shield'], message: 'the runner sits below the CLI' }],
  shield: [{ group: ['@masec/sim', '@masec/sim/*', '@masec/runner', '@masec/runner/*', '@masec/cli'], message: 'the shield gateway runs without the simulator and the runner (ADR 0001)' }],
};

/**
 * The simulator's folders, lowest first, and the folders each may import (besides itself, spec, defenses and
 * npm packages). Shared data and each threat family's vocabulary have homes of their own so that policies,
 * threats and metrics never import one another; the run layer sits above both engines (ADR 0012).
 */
const SIM_LAYERS = {
  random: [],
  channels: [],
  memory: [],
  log: [],
  'world-data': ['random'],
  vocabulary: ['random', 'world-data'],
  topology: ['random'],
  epidemic: ['random', 'topology'],
  metrics: ['vocabulary'],
  policies: ['random', 'memory', 'world-data', 'vocabulary'],
  threats: ['random', 'world-data', 'vocabulary', 'metrics'],
  engine: ['random', 'channels', 'memory', 'topology', 'world-data', 'log'],
  population: ['random', 'topology', 'log'],
  market: ['random', 'log'],
  run: ['engine', 'population', 'market', 'metrics', 'log'],
  scenario: ['topology', 'population'],
  testing: ['random', 'run'],
};
const SIM_FOLDERS = Object.keys(SIM_LAYERS);

function simLayer(folder) {
  const banned = SIM_FOLDERS.filter((f) => f !== folder && !SIM_LAYERS[folder].includes(f));
  return {
    files: [`packages/sim/src/${folder}/**/*.ts`],
    ignores: ['**/*.test.ts', '**/test-helpers.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...PACKAGE_BANS.sim,
            { group: banned.map((f) => `**/${f}/**`), message: `sim/${folder} may import only ${SIM_LAYERS[folder].join(', ') || 'nothing else of the simulator'} (layering, eslint.config.js)` },
            { group: ['**/registries.js', '../index.js', '../../index.js'], message: `sim/${folder} sits below the registries and the package entry` },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['packages/spec/src/**/*.ts', 'packages/sim/src/**/*.ts', 'packages/defenses/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-properties': ['error', ...nondeterminism],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date']", message: 'No wall-clock dates inside engines.' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['packages/shield/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  ...['spec', 'defenses', 'runner', 'shield'].map((pkg) => ({
    files: [`packages/${pkg}/src/**/*.ts`],
    ignores: ['**/*.test.ts', '**/testing/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: PACKAGE_BANS[pkg] }] },
  })),
  {
    files: ['packages/sim/src/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: PACKAGE_BANS.sim }] },
  },
  ...SIM_FOLDERS.map(simLayer),
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
