import { expect, it } from 'vitest';
import { recoveryProperty } from '../../src/testing/index.js';

/**
 * The 1,000-seed sweep of the recovery property (`npm run test:sweeps`; not part of `npm test`, which runs a
 * few of the same runs in recovery.property.test.ts). Each run plays one drawn scenario from its own
 * simulation seed; a failure prints the shrunk scenario and the seed that replays it.
 */
it(
  'the recipe holds over 1,000 seeds',
  () => {
    const started = performance.now();
    const result = recoveryProperty({
      pipeline: 'orders-append',
      numRuns: 1_000,
      seed: 20_260_101,
      timeLimitMs: 60 * 60_000,
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `recovery sweep: ${result.runs} runs (${result.discarded} discarded: ${JSON.stringify(result.discardReasons)}), ${result.msPerRun} ms per run, ${seconds.toFixed(0)} s`,
    );
    expect(result.runs).toBe(1_000);
    expect(result.interrupted).toBe(false);
  },
  60 * 60_000,
);
