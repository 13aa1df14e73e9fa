import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { paimonSimAlias } from './vitest.alias.js';

// Default suite: needs Node only. Interop tests (real Paimon) run with vitest.interop.config.ts, long seeded
// sweeps (*.sweep.test.ts) with vitest.sweep.config.ts (`npm run test:sweeps`).
// `paimon-sim` (and its subpaths) resolve to src/ so README examples run verbatim (test/readme).
export default defineConfig({
  resolve: { alias: paimonSimAlias },
  test: {
    // what writers remember in the decoded-file cache is checked against decoding (test/setup)
    setupFiles: ['test/setup/check-written-values.ts'],
    include: ['test/**/*.test.ts'],
    // test/browser and test/pack need Chromium / npm pack: vitest.slow.config.ts; sweeps: vitest.sweep.config.ts
    exclude: ['test/interop/**', 'test/browser/**', 'test/pack/**', 'test/**/*.sweep.test.ts', 'node_modules/**'],
    testTimeout: 60_000,
    // properties run a fixed-seed slice here, their full count in `npm run test:sweeps` (test/sweep-runs.ts)
    provide: { sweeps: false },
    // One worker per core: vitest's default in run mode is cores - 1, which on a 2-core machine runs every file
    // one after the other while the main process mostly waits.
    maxWorkers: availableParallelism(),
    // A worker keeps its evaluated modules between files instead of importing src/ (and apache-arrow, avsc,
    // parquet-wasm's 5 MB of wasm) afresh for each of ~90 files. Safe here: tests share no mutable module
    // state (the few process-wide switches, e.g. setDecodedFileCache, are restored by the tests that flip them;
    // console spies are restored in `finally`).
    isolate: false,
  },
});
