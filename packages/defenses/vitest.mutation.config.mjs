// The defenses' unit tests for mutation testing (stryker.config.mjs): every test but the memory flood.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/defenses/src/**/*.test.ts'],
    testNamePattern: /^(?!.*keeps its state bounded)/,
    pool: 'forks',
    testTimeout: 60_000,
  },
});
