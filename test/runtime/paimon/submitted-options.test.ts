import { describe, expect, it } from 'vitest';
import { runScenario } from '../../../src/sim/index.js';
import type { Scenario } from '../../../src/sim/scenario/scenario.js';

/**
 * Paimon's FlinkSink serializes the FileStoreTable into its operators, so a running job commits (and expires
 * snapshots) with the options of its submission; `ALTER TABLE SET` reaches the next job. Found by the Flink
 * differential harness (catalogue scenario `maintenance`, test/interop/flink-diff.test.ts): the real stack kept
 * three snapshots where paimon-sim, reloading the table per commit, kept two.
 */
function scenario(restartAfterAlter: boolean): Scenario {
  return {
    name: `options-of-the-submission${restartAfterAlter ? '-then-new-job' : ''}`,
    pipeline: { workload: 'orders-append', parallelism: 1, checkpointIntervalMs: 20, restarts: 1 },
    table: { options: { 'snapshot.num-retained.min': '1', 'snapshot.num-retained.max': '3' } },
    steps: [
      { op: 'publish', count: 4 },
      { op: 'start', job: 'a' },
      { op: 'run', until: { allCommitted: true } },
      { op: 'set-option', key: 'snapshot.num-retained.max', value: '1' },
      ...(restartAfterAlter
        ? ([
            { op: 'stop-with-savepoint', job: 'a', name: 'sp' },
            { op: 'start', job: 'b', restore: { savepoint: 'sp' } },
          ] as const)
        : []),
      ...[1, 2, 3, 4].flatMap(() => [
        { op: 'publish', count: 2 } as const,
        { op: 'run', until: { allCommitted: true } } as const,
      ]),
    ],
  };
}

describe('the Paimon sink works with the table as it was when the job was submitted', () => {
  it('a running job keeps expiring with the retention it was submitted with', () => {
    const run = runScenario(scenario(false), 1);
    expect(run.snapshots.length).toBe(3);
  });

  it('a job submitted after ALTER TABLE SET uses the new retention', () => {
    const run = runScenario(scenario(true), 1);
    expect(run.snapshots.length).toBe(1);
  });
});
