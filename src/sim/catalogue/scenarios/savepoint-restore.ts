import type { Scenario } from '../../scenario/scenario.js';

/**
 * The savepoint conflict between Flink and Paimon (and its fix): a job writes, takes a savepoint (auto-tagged
 * `savepoint-<id>`), writes more and is cancelled; then the savepoint is restored. As is, the replayed events
 * are written again and the commit identifiers go back; rolled back to the savepoint's tag first, the table
 * holds every event exactly once.
 */
function savepointRestore(
  workload: 'orders-append' | 'customer-totals-sum',
  rollbackFirst: boolean,
): Scenario {
  const conflict = {
    verdicts: { 'exactly-once': 'fail', 'no-duplicates': 'fail', 'commit-identifiers': 'fail' },
  } as const;
  const table = workload === 'orders-append' ? 'orders' : 'customer totals';
  return {
    name: `${workload === 'orders-append' ? 'savepoint-restore' : 'customer-totals'}-${rollbackFirst ? 'rollback-first' : 'as-is'}`,
    description: rollbackFirst
      ? `Restore an old savepoint after CALL sys.rollback_to(tag => 'savepoint-<id>'): ${table} exactly once.`
      : `Restore an old savepoint as is, onto a table that is ahead of it: the replayed ${table} are written twice, with no error.`,
    pipeline: { workload, parallelism: 2, checkpointIntervalMs: 100, restarts: 3 },
    table: {
      kind: workload === 'orders-append' ? 'append' : 'primary-key',
      options: { 'sink.savepoint.auto-tag': 'true' },
    },
    steps: [
      { op: 'publish', count: 10 },
      { op: 'start', job: 'first' },
      { op: 'run', until: { committed: 10 } },
      { op: 'savepoint', job: 'first', name: 'sp' },
      { op: 'publish', count: 10 },
      { op: 'run', until: { committed: 20 } },
      { op: 'cancel', job: 'first' },
      ...(rollbackFirst ? [{ op: 'rollback-to', savepointTag: 'sp' } as const] : []),
      { op: 'start', job: 'restored', restore: { savepoint: 'sp' } },
      { op: 'run', until: { checkpoints: 2, job: 'restored' } },
    ],
    ...(rollbackFirst ? {} : { expect: conflict }),
  };
}

export const savepointRestoreAsIs = savepointRestore('orders-append', false);
export const savepointRestoreRollbackFirst = savepointRestore('orders-append', true);
export const customerTotalsAsIs = savepointRestore('customer-totals-sum', false);
export const customerTotalsRollbackFirst = savepointRestore('customer-totals-sum', true);
