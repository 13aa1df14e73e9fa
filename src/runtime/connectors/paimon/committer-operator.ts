import type { Snapshot } from '../../../storage/spec/snapshot.js';
import type { FileStoreTable } from '../../../storage/table/table.js';
import { RuntimeError } from '../../errors.js';
import { isSavepoint, MIN_WATERMARK, type SnapshotKind } from '../../records.js';
import type { ListState } from '../../state/keyed-state.js';
import { AbstractStreamOperator } from '../../task/operator.js';
import { restoreCommitUser } from './commit-user.js';
import {
  COMMIT_USER_STATE,
  COMMITTER_STATE,
  type Committable,
  END_INPUT_CHECKPOINT_ID,
  type ManifestCommittable,
  TAGS_STATE,
} from './committable.js';
import { filterAndCommit } from './recovery.js';
import { checkRestored, manifestCommittable, tagIdentifier } from './restored-state.js';

export const SAVEPOINT_TAG_PREFIX = 'savepoint-';

/** Which `CommittableStateManager` the committer restores with (see the constructor). */
export type CommittableStateManagerKind = 'restore-and-fail' | 'restore-only';

/**
 * `Global Committer : <table>` (`CommitterOperator` + `StoreCommitter`, wrapped by
 * `AutoTagForSavepointCommitterOperator` when `sink.savepoint.auto-tag`): groups committables per checkpoint,
 * keeps every uncommitted group in state, and on `notifyCheckpointComplete(id)` commits all groups <= id in
 * order, each as its own snapshot with identifier = checkpoint id. On restore it re-commits what the table does
 * not have yet (`filterAndCommit`); then, with the default `RestoreAndFailCommittableStateManager`, it fails on
 * purpose, once.
 */
export class PaimonCommitterOperator extends AbstractStreamOperator {
  private commitUser!: string;
  private userState!: ListState<string>;
  private rawState!: ListState<ManifestCommittable>;
  private tagState!: ListState<string>;
  private inputs: Committable[] = [];
  private readonly perCheckpoint = new Map<bigint, ManifestCommittable>();
  private identifiersForTags = new Set<bigint>();
  private endInput_ = false;

  constructor(
    private readonly table: () => FileStoreTable,
    private readonly initialCommitUser: string,
    private readonly autoTag: boolean,
    /**
     * The sink's `CommittableStateManager` (Paimon 1.3): `restore-and-fail` (`FlinkWriteSink` default, used by
     * fixed- and dynamic-bucket sinks) fails over once after re-committing; `restore-only`
     * (`RestoreCommittableStateManager`, chosen by `RowAppendTableSink` for unaware-bucket append tables and by
     * `PostponeBucketSink`) re-commits and goes on.
     */
    private readonly stateManager: CommittableStateManagerKind = 'restore-and-fail',
  ) {
    super();
  }

  override initializeState(): void {
    super.initializeState();
    if (this.ctx.parallelism !== 1)
      throw new RuntimeError('Committer Operator parallelism in paimon MUST be one.');
    this.userState = this.ctx.operatorState.getUnionListState<string>(COMMIT_USER_STATE);
    this.commitUser = restoreCommitUser(this.ctx, this.userState, this.initialCommitUser);
    this.rawState = this.ctx.operatorState.getListState<ManifestCommittable>(COMMITTER_STATE);
    this.tagState = this.ctx.operatorState.getListState<string>(TAGS_STATE);
    // Both checked before anything is committed or tagged: a damaged savepoint changes nothing in the table.
    const restoredCommittables = checkRestored<ManifestCommittable>(
      this.ctx,
      COMMITTER_STATE,
      this.rawState.get(),
      manifestCommittable,
    );
    const restoredTags = checkRestored<string>(this.ctx, TAGS_STATE, this.tagState.get(), tagIdentifier).map(
      (s) => BigInt(s),
    );
    this.rawState.clear();
    this.tagState.clear();
    try {
      // Both managers commit what the table lacks; RestoreAndFailCommittableStateManager then fails over once.
      const committed = filterAndCommit(this.table(), this.commitUser, restoredCommittables);
      if (committed > 0 && this.stateManager === 'restore-and-fail') {
        throw new RuntimeError(
          'This exception is intentionally thrown after committing the restored checkpoints. By restarting the job we hope that writers can start writing based on these new commits.',
        );
      }
    } finally {
      // AutoTagForSavepointCommitterOperator.initializeState: tags for restored savepoint ids, even when the
      // intentional exception above is thrown.
      if (this.autoTag) this.createTags(restoredTags);
    }
  }

  processElement(value: unknown): void {
    this.inputs.push(value as Committable);
  }

  override snapshotState(checkpointId: number, kind: SnapshotKind): void {
    this.pollInputs();
    this.rawState.update([...this.perCheckpoint.values()]);
    if (this.autoTag && isSavepoint(kind)) this.identifiersForTags.add(BigInt(checkpointId));
    this.tagState.update([...this.identifiersForTags].map(String));
  }

  override endInput(): void {
    this.endInput_ = true;
    // With checkpointing the final checkpoint's notification commits (identifier Long.MAX_VALUE).
  }

  override notifyCheckpointComplete(checkpointId: number): void {
    this.commitUpTo(this.endInput_ ? END_INPUT_CHECKPOINT_ID : BigInt(checkpointId));
    if (this.autoTag) {
      const due = [...this.identifiersForTags].filter((id) => id <= BigInt(checkpointId));
      for (const id of due) this.identifiersForTags.delete(id);
      this.createTags(due);
    }
  }

  override notifyCheckpointAborted(checkpointId: number): void {
    if (!this.autoTag) return;
    const id = BigInt(checkpointId);
    this.identifiersForTags.delete(id);
    const tags = this.table().tagManager();
    const name = `${SAVEPOINT_TAG_PREFIX}${checkpointId}`;
    if (tags.tagExists(name)) tags.deleteTag(name);
  }

  /** Groups buffered committables by checkpoint (`pollInputs`), merging only END_INPUT. */
  private pollInputs(): void {
    const grouped = new Map<bigint, Committable[]>();
    for (const c of this.inputs) grouped.set(c.checkpointId, [...(grouped.get(c.checkpointId) ?? []), c]);
    this.inputs = [];
    for (const [id, committables] of [...grouped].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const existing = this.perCheckpoint.get(id);
      if (existing && id !== END_INPUT_CHECKPOINT_ID) {
        throw new RuntimeError(
          `Repeatedly commit the same checkpoint files. \nThe previous files is ${describe(existing)}, \nand the subsequent files is ${describe({ identifier: id, watermark: null, messages: committables.map((c) => c.message) })}`,
        );
      }
      const watermark = this.currentWatermark === MIN_WATERMARK ? null : this.currentWatermark;
      this.perCheckpoint.set(id, {
        identifier: id,
        watermark,
        messages: [...(existing?.messages ?? []), ...committables.map((c) => c.message)],
      });
    }
  }

  /** `commitUpToCheckpoint`: every pending group <= id, ascending, each as its own commit. */
  private commitUpTo(checkpointId: bigint): void {
    this.pollInputs();
    const due = [...this.perCheckpoint.values()]
      .filter((m) => m.identifier <= checkpointId)
      .sort((a, b) => (a.identifier < b.identifier ? -1 : 1));
    if (due.length === 0) return;
    const commit = this.table().newStreamWriteBuilder().withCommitUser(this.commitUser).newCommit();
    for (const m of due) {
      commit.commit(m.identifier, m.messages, m.watermark === null ? undefined : BigInt(m.watermark));
      this.perCheckpoint.delete(m.identifier);
    }
  }

  /**
   * `createTagForIdentifiers`: for each id, the newest snapshot of this user with that identifier gets tag
   * `savepoint-<id>` (ignoreIfExists, retention `tag.default-time-retained`); ids without a snapshot get none.
   */
  private createTags(ids: readonly bigint[]): void {
    if (ids.length === 0) return;
    const table = this.table();
    const sm = table.snapshotManager;
    // biome-ignore lint/complexity/useMathMinMax: identifiers are bigints, which Math.min does not take
    const min = ids.reduce((a, b) => (a < b ? a : b));
    const found = new Map<bigint, Snapshot>();
    const latest = sm.latestSnapshotId();
    const earliest = sm.earliestSnapshotId();
    if (latest !== undefined && earliest !== undefined) {
      for (let id = latest; id >= earliest; id--) {
        if (!sm.snapshotExists(id)) continue;
        const s = sm.snapshot(id);
        if (s.commitUser !== this.commitUser) continue;
        if (ids.includes(s.commitIdentifier) && !found.has(s.commitIdentifier))
          found.set(s.commitIdentifier, s);
        if (s.commitIdentifier <= min) break;
      }
    }
    const tags = table.tagManager();
    const retained = table.options.optionalAmount('tag.default-time-retained');
    for (const [id, snapshot] of found)
      tags.createTag(snapshot, `${SAVEPOINT_TAG_PREFIX}${id}`, retained, true);
  }
}

function describe(m: ManifestCommittable): string {
  return `ManifestCommittable {identifier = ${m.identifier}, watermark = ${m.watermark}, files = [${m.messages.flatMap((x) => x.newFiles.map((f) => f.fileName)).join(', ')}]}`;
}
