import type { CommitMaintenance } from '../table/commit-maintenance.js';
import { type CommitWarning, runPostCommitStep } from '../table/commit-warnings.js';
import type { TableContext } from '../table/table-context.js';
import { expireSnapshots } from './expire-snapshots.js';
import { createBatchTag, createPeriodTags, expireTags } from './tag-maintenance.js';

/**
 * What runs after every commit (`TableCommitImpl.maintain`): automatic tag creation, tag expiration,
 * snapshot expiration. `write-only` turns all of it off.
 *
 * The commit has happened before this runs, so a failing step must not make it look failed (a caller that
 * retried would write the data twice): each step's failure is returned as a warning naming the committed
 * snapshots, and the other steps still run. Paimon 1.3 also catches these errors (`maintainError`), but
 * rethrows them from the next commit's maintenance, after that commit's snapshot exists; paimon-sim does not.
 */
export function maintainAfterCommit(
  table: TableContext,
  committedSnapshotIds: readonly number[] = [],
): CommitWarning[] {
  const warnings: CommitWarning[] = [];
  if (table.options.bool('write-only')) return warnings;
  runPostCommitStep('tag-auto-creation', committedSnapshotIds, warnings, () => createPeriodTags(table));
  runPostCommitStep('tag-expiration', committedSnapshotIds, warnings, () => expireTags(table));
  runPostCommitStep('snapshot-expiration', committedSnapshotIds, warnings, () => expireSnapshots(table));
  return warnings;
}

/**
 * The maintenance `FileStoreTable` hands into its commits (`AbstractFileStoreTable.newCommit` passing
 * `newExpireRunnable()` and `newTagAutoManager()` to `TableCommitImpl`): batch tags, then `maintainAfterCommit`.
 */
export function commitMaintenanceOf(table: TableContext): CommitMaintenance {
  return {
    createBatchTag: () => {
      createBatchTag(table);
    },
    maintain: (committedSnapshotIds) => maintainAfterCommit(table, committedSnapshotIds),
  };
}
