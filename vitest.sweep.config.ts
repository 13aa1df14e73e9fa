import { defineConfig } from 'vitest/config';
import { paimonSimAlias } from './vitest.alias.js';

// Seed sweeps (`npm run test:sweeps`): long property runs kept out of `npm test` (vitest.config.ts excludes
// *.sweep.test.ts). The *property.test.ts files run here again with `sweeps: true`, so each property makes its
// full count of runs (test/sweep-runs.ts; `npm test` runs a fixed-seed slice of the same sequence).
// Standalone, not merged with vitest.config.ts: merging would concatenate the include lists.
export default defineConfig({
  resolve: { alias: paimonSimAlias },
  test: {
    // what writers remember in the decoded-file cache is checked against decoding (test/setup)
    setupFiles: ['test/setup/check-written-values.ts'],
    include: ['test/**/*.sweep.test.ts', 'test/**/*property.test.ts'],
    exclude: ['test/interop/**', 'node_modules/**'],
    testTimeout: 60 * 60_000,
    provide: { sweeps: true },
  },
});
