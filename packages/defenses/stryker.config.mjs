// Mutation testing of the defenses' guards (not part of `npm test`: it takes a while). From the repository
// root, after `npm run build`:
//
//   npx stryker run packages/defenses/stryker.config.mjs
//
// It mutates the guards, the pipeline and the state store, and runs the defenses' unit tests without the
// memory flood (a million envelopes per mutant would take hours; the flood checks bounds, not decisions).
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'packages/defenses/vitest.mutation.config.mjs' },
  mutate: [
    'packages/defenses/src/**/*.ts',
    '!packages/defenses/src/**/*.test.ts',
    '!packages/defenses/src/**/*.d.ts',
    '!packages/defenses/src/testing/**',
    '!packages/defenses/src/index.ts',
  ],
  ignorePatterns: ['benchmarks', 'docs', 'examples', 'coverage', 'test', 'scenarios', 'packages/cli/src', 'packages/runner/src', 'packages/sim/src'],
  coverageAnalysis: 'perTest',
  // Module-level constants (the content detector's rule table, mostly) need a full test run per mutant: hours.
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'coverage/mutation/defenses.html' },
  jsonReporter: { fileName: 'coverage/mutation/defenses.json' },
  tempDirName: 'coverage/.stryker-tmp',
  cleanTempDir: true,
};
