import type { Clock } from '../../common/clock.js';
import { nextUuid, type Random } from '../../common/random.js';
import { CommitConflictError } from '../errors.js';
import type { IndexManifestEntry } from '../spec/index-manifest.js';
import type { ManifestEntry } from '../spec/manifest-entry.js';
import { FileKind } from '../spec/manifest-entry.js';
import type { ManifestFileMeta } from '../spec/manifest-file-meta.js';
import { type CommitKind, SNAPSHOT_CURRENT_VERSION, type Snapshot } from '../spec/snapshot.js';
import type { CommitMessage } from './commit-message.js';
import { describeEntry, FileEntryMergeError, fileDeletionConflict, hex, mergeEntries } from './file-entry.js';
import type { FileStoreScan, PartitionPredicate } from './file-store-scan.js';
import type { IndexFileStore } from './index-file-store.js';
import type { ManifestStore } from './manifest-io.js';
import { type MergeSettings, mergeManifests } from './manifest-merger.js';
import type { SnapshotManager } from './snapshot-manager.js';

export interface CommitSettings extends MergeSettings {
  readonly schemaId: number;
  /** Primary-key tables: order of min/max keys (BinaryRow bytes), for the LSM conflict check. */
  readonly compareKeyBytes?: (a: Uint8Array, b: Uint8Array) => number;
  readonly maxRetries: number;
  readonly tableName: string;
}

export interface CommitRequest {
  readonly commitUser: string;
  readonly identifier: bigint;
  readonly messages: readonly CommitMessage[];
  /** Conflict-check APPEND changes too (Paimon does on recovery: `checkAppendFiles`). */
  readonly checkAppendFiles?: boolean;
  /** Write an APPEND snapshot even without files (streaming commits do). */
  readonly allowEmpty?: boolean;
  readonly watermark?: bigint;
}

export interface OverwriteRequest extends CommitRequest {
  /** Partitions whose current files are replaced; undefined = the whole table. */
  readonly partitionFilter?: PartitionPredicate;
}

/**
 * Turns commit messages into snapshots (`FileStoreCommitImpl`): data files are already written; this writes
 * manifests, then the base and delta manifest lists, then claims `snapshot-<n>` atomically, retrying on a
 * lost race. One logical commit yields an APPEND snapshot and then a COMPACT snapshot when there are
 * compaction changes, both with the same user and identifier.
 */
export class FileStoreCommit {
  constructor(
    private readonly snapshots: SnapshotManager,
    private readonly manifests: ManifestStore,
    private readonly scan: FileStoreScan,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly settings: CommitSettings,
    private readonly indexes?: IndexFileStore,
  ) {}

  /** Commits; returns the snapshots created (none for an empty batch commit). */
  commit(request: CommitRequest): Snapshot[] {
    const appendChanges = request.messages.flatMap((m) => [
      ...m.newFiles.map((file) => entry(FileKind.ADD, m, file)),
      ...m.deletedFiles.map((file) => entry(FileKind.DELETE, m, file)),
    ]);
    const compactChanges = request.messages.flatMap((m) => [
      ...m.compactBefore.map((file) => entry(FileKind.DELETE, m, file)),
      ...m.compactAfter.map((file) => entry(FileKind.ADD, m, file)),
    ]);
    const indexFiles = request.messages.flatMap((m) => m.newIndexFiles ?? []);
    const created: Snapshot[] = [];
    if (appendChanges.length > 0 || indexFiles.length > 0 || request.allowEmpty) {
      created.push(
        this.tryCommit(request, 'APPEND', () => appendChanges, request.checkAppendFiles ?? false, indexFiles),
      );
    }
    if (compactChanges.length > 0)
      created.push(this.tryCommit(request, 'COMPACT', () => compactChanges, true));
    return created;
  }

  /** Replaces the files of some partitions (or all) with the messages' files, as one OVERWRITE snapshot. */
  overwrite(request: OverwriteRequest): Snapshot[] {
    const added = request.messages.flatMap((m) => m.newFiles.map((file) => entry(FileKind.ADD, m, file)));
    const filter = request.partitionFilter;
    const snapshot = this.tryCommit(
      request,
      'OVERWRITE',
      (latest) => [...this.scan.plan(latest, filter).map((e) => ({ ...e, kind: FileKind.DELETE })), ...added],
      true,
      request.messages.flatMap((m) => m.newIndexFiles ?? []),
      // An overwritten partition's key index goes with its files.
      filter ? (partition) => filter(this.scan.partitionValues(partition)) : () => true,
    );
    return [snapshot];
  }

  /**
   * Retries `tryCommitOnce` until the snapshot id is claimed (`commit.max-retries`). Changes are recomputed
   * per attempt because an overwrite depends on the latest snapshot.
   */
  private tryCommit(
    request: CommitRequest,
    kind: CommitKind,
    changesFor: (latest: Snapshot | undefined) => ManifestEntry[],
    detectConflicts: boolean,
    indexFiles: readonly IndexManifestEntry[] = [],
    dropIndexOf?: (partition: Uint8Array) => boolean,
  ): Snapshot {
    const startMs = this.clock.nowMs();
    for (let attempt = 0; attempt <= this.settings.maxRetries; attempt++) {
      const latest = this.snapshots.latestSnapshot();
      const snapshot = this.tryCommitOnce(request, kind, changesFor(latest), latest, detectConflicts, {
        files: indexFiles,
        ...(dropIndexOf ? { drop: dropIndexOf } : {}),
      });
      if (snapshot) return snapshot;
    }
    const durationMs = this.clock.nowMs() - startMs;
    throw new CommitConflictError(
      `Commit failed after ${durationMs} millis with ${this.settings.maxRetries} retries, there maybe exist commit conflicts between multiple jobs.`,
    );
  }

  private tryCommitOnce(
    request: CommitRequest,
    kind: CommitKind,
    changes: ManifestEntry[],
    latest: Snapshot | undefined,
    detectConflicts: boolean,
    index: { files: readonly IndexManifestEntry[]; drop?: (partition: Uint8Array) => boolean },
  ): Snapshot | undefined {
    if (detectConflicts && latest) this.noConflictsOrFail(latest, changes, request.commitUser);
    const newManifests: ManifestFileMeta[] = [];
    const newLists: string[] = [];
    let claimed = false;
    try {
      const indexManifest = this.indexes
        ? this.indexes.combine(latest?.indexManifest, index.files, index.drop)
        : latest?.indexManifest;
      if (indexManifest && indexManifest !== latest?.indexManifest) newLists.push(indexManifest);
      const previous = latest ? this.scan.dataManifests(latest) : [];
      const base = mergeManifests(previous, this.manifests, this.settings, newManifests);
      const baseList = this.manifests.writeList(base);
      newLists.push(baseList.name);
      const delta = this.manifests.writeEntries(changes);
      newManifests.push(...delta);
      const deltaList = this.manifests.writeList(delta);
      newLists.push(deltaList.name);

      const added = sumRows(changes, FileKind.ADD);
      const deleted = sumRows(changes, FileKind.DELETE);
      const watermark = maxWatermark(request.watermark, latest?.watermark);
      const snapshot: Snapshot = {
        version: SNAPSHOT_CURRENT_VERSION,
        uuid: nextUuid(this.random),
        id: (latest?.id ?? 0) + 1,
        schemaId: this.settings.schemaId,
        baseManifestList: baseList.name,
        baseManifestListSize: baseList.size,
        deltaManifestList: deltaList.name,
        deltaManifestListSize: deltaList.size,
        changelogManifestList: null,
        commitUser: request.commitUser,
        commitIdentifier: request.identifier,
        commitKind: kind,
        timeMillis: this.clock.nowMs(),
        totalRecordCount: (latest?.totalRecordCount ?? 0) + added - deleted,
        deltaRecordCount: added - deleted,
        changelogRecordCount: 0,
        ...(indexManifest === undefined ? {} : { indexManifest }),
        ...(watermark === undefined ? {} : { watermark }),
      };
      claimed = this.snapshots.tryClaim(snapshot);
      if (claimed) {
        this.snapshots.commitLatestHint(snapshot.id);
        return snapshot;
      }
    } catch (e) {
      // Once the snapshot is claimed its manifests are committed data: never delete them.
      if (!claimed) this.cleanUp(newManifests, newLists);
      throw e;
    }
    // Lost the race for this id: drop what this attempt wrote, then re-plan on the new latest.
    this.cleanUp(newManifests, newLists);
    return undefined;
  }

  /** `ConflictDetection`: the changes must apply to the latest snapshot's files in the touched partitions. */
  private noConflictsOrFail(latest: Snapshot, changes: readonly ManifestEntry[], commitUser: string): void {
    const touched = new Set(changes.map((c) => hex(c.partition)));
    const baseEntries = this.scan.plan(latest).filter((e) => touched.has(hex(e.partition)));
    let cause: Error | undefined;
    try {
      const merged = mergeEntries([...baseEntries, ...changes]);
      const orphanDelete = merged.find((e) => e.kind === FileKind.DELETE);
      if (orphanDelete) {
        cause = new FileEntryMergeError(
          `Trying to delete file ${orphanDelete.file.fileName} for table ${this.settings.tableName} which is not previously added.`,
        );
      }
    } catch (e) {
      if (!(e instanceof FileEntryMergeError)) throw e;
      cause = e;
    }
    if (cause) {
      throw fileDeletionConflict({
        baseCommitUser: latest.commitUser,
        commitUser,
        baseEntries,
        changes,
        cause,
      });
    }
    const lsm = this.lsmConflict([...baseEntries, ...changes]);
    if (lsm) {
      throw fileDeletionConflict({
        headline: lsm,
        baseCommitUser: latest.commitUser,
        commitUser,
        baseEntries,
        changes,
      });
    }
  }

  /**
   * `PrimaryKeyConflictDetection`: after the changes, files of one level >= 1 of a bucket must not overlap
   * in key range (e.g. a compaction result committed twice, or on top of another writer's compaction).
   */
  private lsmConflict(entries: readonly ManifestEntry[]): string | undefined {
    const cmp = this.settings.compareKeyBytes;
    if (!cmp) return undefined;
    const levels = new Map<string, ManifestEntry[]>();
    for (const e of mergeEntries(entries)) {
      if (e.kind !== FileKind.ADD || e.file.level < 1) continue;
      const key = `${hex(e.partition)}|${e.bucket}|${e.file.level}`;
      const list = levels.get(key);
      if (list) list.push(e);
      else levels.set(key, [e]);
    }
    for (const list of levels.values()) {
      list.sort((a, b) => cmp(a.file.minKey, b.file.minKey));
      for (let i = 0; i + 1 < list.length; i++) {
        const a = list[i]!;
        const b = list[i + 1]!;
        if (cmp(a.file.maxKey, b.file.minKey) >= 0)
          return `LSM conflicts detected! Give up committing. Conflict files are:\n${describeEntry(a)}\n${describeEntry(b)}`;
      }
    }
    return undefined;
  }

  private cleanUp(manifests: readonly ManifestFileMeta[], lists: readonly string[]): void {
    for (const name of lists) this.manifests.deleteQuietly(name);
    for (const m of manifests) this.manifests.deleteQuietly(m.fileName);
  }
}

function entry(kind: FileKind, message: CommitMessage, file: ManifestEntry['file']): ManifestEntry {
  return {
    kind,
    partition: message.partition,
    bucket: message.bucket,
    totalBuckets: message.totalBuckets,
    file,
  };
}

function sumRows(entries: readonly ManifestEntry[], kind: FileKind): number {
  return entries.filter((e) => e.kind === kind).reduce((sum, e) => sum + e.file.rowCount, 0);
}

/** Snapshot watermark = max(committable watermark, previous watermark); absent if neither has one. */
function maxWatermark(a: bigint | undefined, b: bigint | undefined): bigint | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}
