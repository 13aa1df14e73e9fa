import { defineConfig } from 'vitest/config';

// Interop suite: drives real Paimon (pypaimon in test/interop/.venv) as an oracle.
export default defineConfig({
  test: {
    // what writers remember in the decoded-file cache is checked against decoding (test/setup)
    setupFiles: ['test/setup/check-written-values.ts'],
    include: ['test/interop/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
