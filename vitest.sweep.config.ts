import { defineConfig } from 'vitest/config';

// Long seeded sweeps (e.g. the storage mutation sweep): `npm run test:sweeps`. Not part of `npm test`.
export default defineConfig({
  test: {
    include: ['test/**/*.sweep.test.ts'],
    exclude: ['test/interop/**', 'node_modules/**'],
    testTimeout: 600_000,
  },
});
