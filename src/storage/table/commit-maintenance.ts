import type { CommitWarning } from './commit-warnings.js';

/**
 * What a table commit runs once its snapshots are in the table. The table hands it into the commit, as
 * Paimon's `AbstractFileStoreTable.newCommit` hands `newExpireRunnable()` and `newTagAutoManager()` to
 * `TableCommitImpl`, so the commit runs maintenance without importing it (the table's own is in
 * lifecycle/maintenance.ts).
 */
export interface CommitMaintenance {
  /** `TagBatchCreation`: after a batch commit that created snapshots (`tag.automatic-creation` = batch). */
  createBatchTag(): void;
  /**
   * `TableCommitImpl.maintain`, after every commit: each step's failure is returned as a warning naming the
   * committed snapshots, not thrown (see CommitWarning).
   */
  maintain(committedSnapshotIds: readonly number[]): CommitWarning[];
}
