import { InjectedFaultError } from '../errors.js';

/** Work done after a commit's snapshot is in the table; its failure does not undo the commit. */
export type PostCommitStep =
  | 'latest-hint'
  | 'tag-auto-creation'
  | 'tag-batch-creation'
  | 'tag-expiration'
  | 'snapshot-expiration';

/**
 * A commit that succeeded (its snapshots are in the table) but whose hint update or maintenance failed.
 * The caller must not commit the same messages again; the failed step is retried by later commits
 * (expiration, tags) or not needed (a stale LATEST hint is verified by every reader).
 */
export interface CommitWarning {
  readonly step: PostCommitStep;
  /** Snapshots of this commit, all in the table. */
  readonly committedSnapshotIds: readonly number[];
  readonly error: unknown;
  /** For logs: which snapshots were committed and what failed. */
  readonly message: string;
}

/**
 * Runs one post-commit step; a failure becomes a warning instead of an exception, because the commit
 * already happened and a caller that saw an exception would commit the same data again. A simulated crash
 * (`InjectedFaultError`) still propagates: a crashed process returns nothing.
 */
export function runPostCommitStep(
  step: PostCommitStep,
  committedSnapshotIds: readonly number[],
  warnings: CommitWarning[],
  action: () => void,
): void {
  try {
    action();
  } catch (error) {
    if (error instanceof InjectedFaultError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    warnings.push({
      step,
      committedSnapshotIds,
      error,
      message: `Committed snapshot(s) [${committedSnapshotIds.join(', ')}], but ${step} failed afterwards: ${reason}`,
    });
  }
}
