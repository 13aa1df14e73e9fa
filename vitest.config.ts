import { defineConfig } from 'vitest/config';

// Default suite: needs Node only. Interop tests (real Paimon) run with vitest.interop.config.ts.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/interop/**', 'node_modules/**'],
    testTimeout: 60_000,
  },
});
