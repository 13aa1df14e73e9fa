import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = fileURLToPath(new URL('./src/', import.meta.url));

// Seed sweeps (`npm run test:sweeps`): long property runs kept out of `npm test` (vitest.config.ts excludes
// them). Standalone, not merged with vitest.config.ts: merging would concatenate the include lists.
export default defineConfig({
  resolve: {
    alias: [
      { find: /^paimon-sim$/, replacement: `${src}index.ts` },
      { find: /^paimon-sim\/(.*)$/, replacement: `${src}$1/index.ts` },
    ],
  },
  test: {
    include: ['test/**/*.sweep.test.ts'],
    exclude: ['test/interop/**', 'node_modules/**'],
    testTimeout: 60 * 60_000,
  },
});
