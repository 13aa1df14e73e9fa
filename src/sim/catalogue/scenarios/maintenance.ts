import type { Scenario } from '../../scenario/scenario.js';

/**
 * Table maintenance while a job writes, and a second job on the same table: tags created and deleted,
 * snapshots expired, an option changed, and a rollback Paimon refuses (the snapshot has expired) with
 * Paimon's own message.
 */
export const maintenance: Scenario = {
  name: 'maintenance',
  description:
    "Tags, expiry, an option change and a second job (its own topic and commit user) on the same append table; a rollback to an expired snapshot fails with Paimon's message.",
  pipeline: { workload: 'orders-append', parallelism: 2, checkpointIntervalMs: 50, restarts: 3 },
  table: { options: { 'snapshot.num-retained.min': '1', 'snapshot.num-retained.max': '3' } },
  steps: [
    { op: 'publish', count: 8 },
    { op: 'start', job: 'a' },
    { op: 'run', until: { committed: 8 } },
    { op: 'publish', count: 8, topic: 'second' },
    { op: 'start', job: 'b', topic: 'second' },
    { op: 'run', until: { allCommitted: true } },
    { op: 'publish', count: 4 },
    { op: 'run', until: { allCommitted: true } },
    { op: 'create-tag', name: 'before-expiry' },
    { op: 'set-option', key: 'snapshot.num-retained.max', value: '2' },
    { op: 'expire-snapshots', retainMin: 1, retainMax: 1 },
    { op: 'rollback-to', snapshot: 1, expectError: "Rollback snapshot '1' doesn't exist." },
    { op: 'create-tag', name: 'scratch' },
    { op: 'delete-tag', name: 'scratch' },
    { op: 'expire-tags' },
    { op: 'publish', count: 4, topic: 'second' },
    { op: 'run', until: { allCommitted: true } },
  ],
  expect: { failure: "Rollback snapshot '1' doesn't exist." },
};
