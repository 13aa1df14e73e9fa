import type { Scenario } from '../scenario/scenario.js';
import { COMPACTION_TAG_DRAIN_CONFLICTS } from './scenarios/compaction-tag-drain-conflicts.js';
import { RESTORE_CONFLICTS } from './scenarios/restore-conflicts.js';
import {
  customerTotalsAsIs,
  customerTotalsRollbackFirst,
  savepointRestoreAsIs,
  savepointRestoreRollbackFirst,
} from './scenarios/savepoint-restore.js';
import { STATE_MAPPING_CONFLICTS } from './scenarios/state-mapping-conflicts.js';

/** One way restoring goes wrong: the scenario that shows it, its fixed twin, and why (the rule behind it). */
export interface RestoreConflict {
  readonly title: string;
  readonly conflict: Scenario;
  readonly fixed: Scenario;
  /** The Paimon or Flink rule it follows from (class, option, message). */
  readonly rule: string;
  /** What happens, step by step, in the user's terms. */
  readonly why: string;
  readonly fix: string;
}

const PAIRS = [...RESTORE_CONFLICTS, ...COMPACTION_TAG_DRAIN_CONFLICTS, ...STATE_MAPPING_CONFLICTS];

const byName = (name: string): readonly [Scenario, Scenario] => PAIRS.find(([c]) => c.name === name)!;

/**
 * The conflict catalogue: each entry follows from Paimon's commit filtering (by identifier, per commit user),
 * its file-existence and conflict checks, tag creation and expiry, and Flink's checkpoint id counter.
 */
export const CONFLICTS: readonly RestoreConflict[] = [
  {
    title: 'Duplicates in an append table',
    conflict: savepointRestoreAsIs,
    fixed: savepointRestoreRollbackFirst,
    rule: "`FileStoreCommitImpl.filterCommitted` skips restored committables with identifier <= the commit user's latest; the source resumes at the savepoint's offsets; writers start from the LATEST snapshot, not the savepoint's.",
    why: "The table is ahead of the savepoint. On restore the savepoint's commit is recognised as done and skipped, no error is raised, and the source reads again every event after the savepoint: each is appended a second time, in new files.",
    fix: "Enable `sink.savepoint.auto-tag`, then ``CALL sys.rollback_to(`table` => 'db.t', tag => 'savepoint-<id>')`` before restoring savepoint <id> (or stop the job with `flink stop`, a stop-with-savepoint, and restore only the latest savepoint).",
  },
  {
    title: 'Double counting in an aggregation table',
    conflict: customerTotalsAsIs,
    fixed: customerTotalsRollbackFirst,
    rule: 'Same as above, on a primary-key table with `merge-engine = aggregation`: replayed rows get higher sequence numbers and are merged again (`sum`, `listagg` are not idempotent; `deduplicate` would hide it).',
    why: 'Every event after the savepoint is aggregated twice: totals grow, and each replayed order id is listed twice. Nothing fails.',
    fix: 'Roll back to `savepoint-<id>` before restoring it, as above.',
  },
  {
    title: 'Identifiers going backwards: a failover after restore loses a checkpoint',
    conflict: byName('identifiers-backwards')[0],
    fixed: byName('identifiers-backwards')[1],
    rule: "Flink restarts the id counter at savepoint id + 1 (`CheckpointCoordinator.restoreSavepoint`); Paimon filters restored committables against the newest snapshot of the commit user (`latestSnapshotOfUser`), which still carries the old run's higher identifier.",
    why: 'Until the restored job commits once, every checkpoint it takes has an identifier the table already "has". If it fails over in that window, the restored checkpoint is filtered as already committed and the sources resume after it: its events never reach the table, silently.',
    fix: "Roll back to `savepoint-<id>`: then the user's latest identifier is the savepoint's own and every new checkpoint is above it.",
  },
  {
    title: '"Cannot recover from this checkpoint because some files … have been deleted"',
    conflict: byName('cannot-recover-deleted-files')[0],
    fixed: byName('cannot-recover-deleted-files')[1],
    rule: "`TableCommitImpl.filterAndCommitMultiple` checks that the files of committables it must re-commit exist (`checkFilesExistence`, Paimon >= 0.6); `remove_orphan_files` deletes files no snapshot or tag references, which is what an uncommitted savepoint's files are.",
    why: "The job was cancelled after the savepoint but before its checkpoint was committed, so the savepoint's files are not in any snapshot. Cleaning orphan files deleted them; every restore attempt now fails in the committer's initializeState.",
    fix: 'Restore the savepoint (or commit it) before cleaning orphan files, or give `remove_orphan_files` an `older_than` older than any savepoint you may restore. Once the files are gone, restore a newer savepoint.',
  },
  {
    title:
      '"File deletion conflicts detected! Give up committing." after the commit user\'s snapshots expired',
    conflict: byName('recommit-conflict-after-expiry')[0],
    fixed: byName('recommit-conflict-after-expiry')[1],
    rule: '`latestSnapshotOfUser` stops at the first expired snapshot: when another commit user wrote more commits than the table retains, nothing is filtered, and the restored committable is re-committed with append checks (`checkAppendFiles`); `FileEntry.mergeEntries` finds its files already in the table.',
    why: "Another job (with its own commit user) kept writing until the savepoint's snapshots expired. Paimon can no longer see that the savepoint's commit was made, tries it again, and refuses to add files that are already there — on every restart.",
    fix: "Keep snapshots at least as long as you may restore a savepoint (`snapshot.num-retained.min`, `snapshot.time-retained`), or roll back to the savepoint's tag (tags keep their snapshot).",
  },
  {
    title: 'A savepoint taken while the writers were idle produces no tag',
    conflict: byName('idle-savepoint-no-tag')[0],
    fixed: byName('idle-savepoint-no-tag')[1],
    rule: "`AutoTagForSavepointCommitterOperator.createTagForIdentifiers` tags the snapshot with the savepoint's identifier; idle writers are closed (`AbstractFileStoreWrite.prepareCommit`) and emit no committable, so no snapshot has that identifier.",
    why: "No `savepoint-<id>` tag exists, so `rollback_to` fails (\"Tag 'savepoint-<id>' doesn't exist.\"); restoring anyway replays every event committed since, as in the first entry.",
    fix: "Roll back to the newest snapshot of the savepoint's commit user with an identifier <= the savepoint id (`paimon-sim advise` names it); nothing was committed while the writers were idle, so tagging the latest snapshot right after such a savepoint works too.",
  },
  {
    title: 'Tag retention expires the savepoint tag before it is needed',
    conflict: byName('savepoint-tag-expired')[0],
    fixed: byName('savepoint-tag-expired')[1],
    rule: '`tag.default-time-retained` applies to savepoint tags (the auto-tag operator passes it; `TagTimeExpire` runs after every commit).',
    why: 'The tag expired while the job kept committing; the rollback has nothing to go back to, and the restore replays.',
    fix: 'Leave `tag.default-time-retained` unset on tables whose savepoints you may restore (savepoint tags then never expire by time), or longer than you keep savepoints; delete old `savepoint-*` tags yourself.',
  },
  {
    title: 'Two jobs with the same commit user',
    conflict: byName('two-jobs-same-commit-user')[0],
    fixed: byName('two-jobs-same-commit-user')[1],
    rule: 'The commit user is restored from the savepoint (`commit_user_state`, `StateUtils.getSingleValueFromState`); filtering and conflict detection assume one job per commit user.',
    why: "Both jobs resume from the same source offsets and commit under one user with interleaving identifiers: every replayed event is written twice, and neither job's restore can tell what the other committed.",
    fix: 'Restore a savepoint into one job only. A second writer starts without the savepoint (its own commit user), or use a dedicated compaction job.',
  },
  {
    title: 'Rolled back too far: an older tag, then a newer savepoint',
    conflict: byName('rolled-back-too-far')[0],
    fixed: byName('rolled-back-too-far')[1],
    rule: "`rollback_to` removes every snapshot above the tag; on restore only committables above the user's latest identifier are re-committed (the savepoint's own), and the source resumes at the savepoint's offsets.",
    why: 'What was committed between the older tag and the newer savepoint is neither in the table any more nor read again by the source: it is lost, without an error (one intentional failover at most).',
    fix: 'Roll back to the tag of the savepoint you restore (`savepoint-<id>` with the same id).',
  },
  {
    title:
      '"File deletion conflicts detected! Give up committing." from a compaction in the restored checkpoint',
    conflict: byName('compaction-conflict-on-restore')[0],
    fixed: byName('compaction-conflict-on-restore')[1],
    rule: '`FileStoreCommitImpl.commit` writes a checkpoint as an APPEND snapshot, then a COMPACT snapshot whose conflict check is always on (`ConflictDetection`, "Trying to delete file … which is not previously added."); if only the COMPACT part fails, the identifier already has a snapshot and the restart filters it. Primary-key writers compact asynchronously, so a checkpoint\'s committable often carries a compaction of files committed by the checkpoints just before it.',
    why: "The table was rolled back to an older savepoint's tag, then a newer savepoint restored. Its checkpoint is above the user's latest identifier, so it is committed again: its new files go in, but its compaction deletes files that only the rolled-back snapshots had, and Paimon gives up. After one failover the checkpoint counts as committed, the compaction is dropped, and what was committed between the two savepoints is neither in the table nor read again. (A compaction conflict alone — a dedicated compaction between cancelling and restoring a savepoint whose checkpoint was not committed, or two jobs compacting the same buckets — costs one failover each time and drops that compaction, without losing data.)",
    fix: 'Roll back to the tag of the savepoint you restore (`savepoint-<id>` with the same id): its checkpoint, compaction included, is then already in the table and skipped.',
  },
  {
    title: "A savepoint tag name taken by another job's savepoint",
    conflict: byName('savepoint-tag-name-collision')[0],
    fixed: byName('savepoint-tag-name-collision')[1],
    rule: "Savepoint tags are named `savepoint-<checkpoint id>` whatever the job; `AutoTagForSavepointCommitterOperator.createTagForIdentifiers` skips a name that exists (`ignoreIfExists`, Paimon 1.3.1; a manual `create_tag` fails instead: \"Tag '%s' already exists.\"). A job started without state counts checkpoint ids from 1 again, and a restored job from the savepoint's id + 1, so ids repeat across runs.",
    why: "The new job's savepoint has the id of the old job's tagged savepoint, so no tag of its own is made and `savepoint-<id>` still points to the old job's snapshot. `rollback_to` that tag succeeds without complaint, removes everything the new job committed, and the restore resumes the sources after the savepoint: the new job's events before it (and the old job's after its own savepoint) are lost.",
    fix: "When a job starts without state on a table that has `savepoint-*` tags, delete (or rename, `CALL sys.rename_tag`) them first. Before a rollback, check that the tag's snapshot (`snapshot_id` in `t$tags`) has the savepoint's `commit_user` in `t$snapshots` (or run `paimon-sim advise`); if it does not, roll back to the newest snapshot of that user with an identifier <= the savepoint id.",
  },
  {
    title: 'Resuming a drained savepoint (stop --drain) loses the first checkpoint after a failover',
    conflict: byName('resume-drained-savepoint')[0],
    fixed: byName('resume-drained-savepoint')[1],
    rule: "`--drain` ends the sources before the final barrier: Paimon's writers flush at `endInput` and commit with identifier Long.MAX_VALUE (`PrepareCommitOperator.endInput`), and no `savepoint-<id>` tag is made. Flink 1.20 resumes the savepoint like any other (its operators are not recorded as finished; only tasks already FINISHED when a checkpoint is triggered are, `DefaultCheckpointPlan`), so the sources read on; `filterCommitted` compares with the user's latest identifier, Long.MAX_VALUE, until the resumed job commits once.",
    why: "Flink's docs say not to drain a pipeline you will resume. Resumed anyway, every checkpoint of the new run looks already committed until its first commit: if the job fails over in that window, the restored checkpoint is skipped and the sources resume after it, so its events never reach the table, silently.",
    fix: 'Stop with `flink stop` without `--drain` when you mean to resume; if a drained savepoint is all you have, make sure the resumed job commits once before anything can fail (or start it without state at the offsets of the drained commit).',
  },
  {
    title: "--allowNonRestoredState after the sink's uids changed drops the committer's state",
    conflict: byName('committer-state-dropped')[0],
    fixed: byName('committer-state-dropped')[1],
    rule: 'Flink maps savepoint state by operator uid and refuses what it cannot map ("Cannot map checkpoint/savepoint state for operator … to the new program … you can set the --allowNonRestoredState option on the CLI.", `Checkpoints.loadAndValidateCheckpoint`, Flink 1.20); with `--allowNonRestoredState` that state is dropped. Paimon\'s sink takes its uids from `sink.operator-uid.suffix` (`Writer_<table>_<suffix>`, `Global Committer_<table>_<suffix>`, `FlinkSink`, Paimon 1.3.1), else Flink hashes the topology; the committer keeps its commit user (`StateUtils.getSingleValueFromState`, `commit_user_state`: a new one when the state is empty) and the checkpoints not yet committed in its state.',
    why: "The job was cancelled after the savepoint, before its checkpoint was committed, so that checkpoint exists only in the committer's state. After the uid change the restored committer starts empty: a new commit user, nothing to re-commit, and no error, while the source resumes after the savepoint's events: they never reach the table. (With nothing pending, the only loss is the commit user: Paimon can no longer tell what the old run committed.)",
    fix: "Pin the sink's uids with `sink.operator-uid.suffix` from the first deployment and restore with the same value; if Flink refuses a savepoint for unmapped Paimon operator state, restore the old uids instead of passing `--allowNonRestoredState` (which is meant for operators you removed).",
  },
  {
    title: "Another job's aborted checkpoint deletes the savepoint tag of an upgrade",
    conflict: byName('savepoint-tag-deleted-by-abort')[0],
    fixed: byName('savepoint-tag-deleted-by-abort')[1],
    rule: '`AutoTagForSavepointCommitterOperator.notifyCheckpointAborted` deletes `savepoint-<id>` when checkpoint <id> is aborted if a tag of that name exists, whoever made it (Paimon 1.3.1); Flink tells the running tasks of every aborted checkpoint (declined or expired, while `execution.checkpointing.tolerable-failed-checkpoints` keeps the job running), and a job started without state counts checkpoint ids from 1 (`CheckpointIDCounter`).',
    why: "The old job's last savepoint has id 2, so its tag is `savepoint-2`. The new version's checkpoint 2 is declined: its committer deletes `savepoint-2`. When the upgrade is abandoned, `rollback_to` fails (\"Tag 'savepoint-2' doesn't exist.\"), and the old job resumes on a table that still holds everything the new version wrote (here: the topic read again from its start, each event twice).",
    fix: "Before starting a job without state on a table with `savepoint-*` tags, tag the state you may return to under a name of your own (`CALL sys.create_tag`, or `rename_tag` the savepoint tag): the auto-tag operator only deletes `savepoint-<id>`. Without such a tag, roll back to the snapshot of the savepoint's commit user with the savepoint's identifier (`paimon-sim advise` names it).",
  },
];

/** Every conflict scenario and its twin, in catalogue order. */
export const CONFLICT_SCENARIOS: readonly Scenario[] = PAIRS.flat();
