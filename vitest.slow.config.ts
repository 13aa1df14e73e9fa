import { defineConfig } from 'vitest/config';

// Suites that need more than Node: test/browser (headless Chromium from the system, `npm run test:browser`)
// and test/pack (npm pack + install into a scratch project, `npm run test:pack`). Both run in .ci/run.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts', 'test/pack/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
