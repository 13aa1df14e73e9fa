import { defineConfig } from 'vitest/config';
import { paimonSimAlias } from './vitest.alias.js';

// Seed sweeps (`npm run test:sweeps`): long property runs kept out of `npm test` (vitest.config.ts excludes
// them). Standalone, not merged with vitest.config.ts: merging would concatenate the include lists.
export default defineConfig({
  resolve: { alias: paimonSimAlias },
  test: {
    include: ['test/**/*.sweep.test.ts'],
    exclude: ['test/interop/**', 'node_modules/**'],
    testTimeout: 60 * 60_000,
  },
});
