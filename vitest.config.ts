import { defineConfig } from 'vitest/config';
import { paimonSimAlias } from './vitest.alias.js';

// Default suite: needs Node only. Interop tests (real Paimon) run with vitest.interop.config.ts, long seeded
// sweeps (*.sweep.test.ts) with vitest.sweep.config.ts (`npm run test:sweeps`).
// `paimon-sim` (and its subpaths) resolve to src/ so README examples run verbatim (test/readme).
export default defineConfig({
  resolve: { alias: paimonSimAlias },
  test: {
    include: ['test/**/*.test.ts'],
    // test/browser and test/pack need Chromium / npm pack: vitest.slow.config.ts; sweeps: vitest.sweep.config.ts
    exclude: ['test/interop/**', 'test/browser/**', 'test/pack/**', 'test/**/*.sweep.test.ts', 'node_modules/**'],
    testTimeout: 60_000,
  },
});
