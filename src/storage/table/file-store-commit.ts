import type { Clock } from '../../common/clock.js';
import { nextInt, nextUuid, type Random } from '../../common/random.js';
import { CommitConflictError, InjectedFaultError, PartialCommitError } from '../errors.js';
import type { SnapshotManager } from '../meta/snapshot-manager.js';
import type { IndexManifestEntry } from '../spec/index-manifest.js';
import type { ManifestEntry } from '../spec/manifest-entry.js';
import { FileKind } from '../spec/manifest-entry.js';
import type { ManifestFileMeta } from '../spec/manifest-file-meta.js';
import { type CommitKind, SNAPSHOT_CURRENT_VERSION, type Snapshot } from '../spec/snapshot.js';
import type { CommitMessage } from './commit-message.js';
import { type CommitWarning, runPostCommitStep } from './commit-warnings.js';
import { describeEntry, FileEntryMergeError, fileDeletionConflict, hex, mergeEntries } from './file-entry.js';
import type { FileStoreScan, PartitionPredicate } from './file-store-scan.js';
import type { IndexFileStore } from './index-file-store.js';
import type { ManifestStore } from './manifest-io.js';
import { type MergeSettings, mergeManifests } from './manifest-merger.js';

export interface CommitSettings extends MergeSettings {
  readonly schemaId: number;
  /** Primary-key tables: order of min/max keys (BinaryRow bytes), for the LSM conflict check. */
  readonly compareKeyBytes?: (a: Uint8Array, b: Uint8Array) => number;
  /** `commit.max-retries`, `commit.min-retry-wait`, `commit.max-retry-wait`, `commit.timeout` (ms, or Infinity). */
  readonly maxRetries: number;
  readonly minRetryWaitMs: number;
  readonly maxRetryWaitMs: number;
  readonly timeoutMs: number;
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

/** What one attempt gave: the claimed snapshot, or a retry (with the error when the claim's outcome is unknown). */
type Attempt = { readonly snapshot: Snapshot } | Retry;
type Retry = {
  readonly snapshot?: undefined;
  readonly latest: Snapshot | undefined;
  readonly error?: unknown;
};

/**
 * Turns commit messages into snapshots (`FileStoreCommitImpl`): data files are already written; this writes
 * manifests, then the base and delta manifest lists, then claims `snapshot-<n>` atomically, retrying on a
 * lost race. One logical commit yields an APPEND snapshot and then a COMPACT snapshot when there are
 * compaction changes, both with the same user and identifier.
 *
 * Once a snapshot is claimed the commit has happened: a failure to move the LATEST hint afterwards is
 * recorded in `warnings`, never thrown. When the COMPACT part fails after the APPEND snapshot was claimed,
 * the error (CommitConflictError or PartialCommitError) names the committed snapshot ids.
 */
export class FileStoreCommit {
  /** Failures after a snapshot was claimed (LATEST hint), over the life of this object. */
  readonly warnings: CommitWarning[] = [];

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
    try {
      if (appendChanges.length > 0 || indexFiles.length > 0 || request.allowEmpty) {
        created.push(
          this.tryCommit(
            request,
            'APPEND',
            () => appendChanges,
            request.checkAppendFiles ?? false,
            indexFiles,
          ),
        );
      }
      if (compactChanges.length > 0)
        created.push(this.tryCommit(request, 'COMPACT', () => compactChanges, true));
    } catch (e) {
      if (created.length === 0 || e instanceof InjectedFaultError) throw e;
      throw partiallyCommitted(e, created, request);
    }
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
   * Retries `tryCommitOnce` until the snapshot id is claimed (`FileStoreCommitImpl.tryCommit`): after
   * `commit.max-retries` retries or past `commit.timeout` it gives up; between attempts it waits with
   * exponential back-off. Changes are recomputed per attempt because an overwrite depends on the latest
   * snapshot. When an attempt's claim threw (its outcome unknown), the next attempt first looks for its own
   * snapshot among those committed since, as Paimon does, so that a snapshot that did land is not written twice.
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
    let previous: Retry | undefined;
    for (let retryCount = 0; ; retryCount++) {
      const latest = this.snapshots.latestSnapshot();
      if (previous?.error !== undefined) {
        const own = this.ownSnapshotSince(request, kind, previous.latest, latest);
        if (own) return own;
      }
      const attempt = this.tryCommitOnce(request, kind, changesFor(latest), latest, detectConflicts, {
        files: indexFiles,
        ...(dropIndexOf ? { drop: dropIndexOf } : {}),
      });
      if (attempt.snapshot) return attempt.snapshot;
      previous = attempt;
      const durationMs = this.clock.nowMs() - startMs;
      if (durationMs > this.settings.timeoutMs || retryCount >= this.settings.maxRetries) {
        throw new CommitConflictError(
          `Commit failed after ${durationMs} millis with ${retryCount} retries, there maybe exist commit conflicts between multiple jobs.`,
          attempt.error === undefined ? undefined : { cause: attempt.error },
        );
      }
      this.retryWait(retryCount);
    }
  }

  /**
   * `FileStoreCommitImpl.commitRetryWait`: min(min-retry-wait * 2^retry, max-retry-wait) plus a random
   * jitter below 20% of it, on the injected clock and random (virtual time in the simulator).
   */
  private retryWait(retryCount: number): void {
    const { minRetryWaitMs, maxRetryWaitMs } = this.settings;
    const wait = Math.trunc(Math.min(minRetryWaitMs * 2 ** retryCount, maxRetryWaitMs));
    this.clock.sleep(wait + nextInt(this.random, Math.max(1, Math.trunc(wait * 0.2))));
  }

  /** A snapshot of this user, identifier and kind committed after `since` (up to `latest`), if any. */
  private ownSnapshotSince(
    request: CommitRequest,
    kind: CommitKind,
    since: Snapshot | undefined,
    latest: Snapshot | undefined,
  ): Snapshot | undefined {
    if (!latest) return undefined;
    for (let id = (since?.id ?? 0) + 1; id <= latest.id; id++) {
      if (!this.snapshots.snapshotExists(id)) continue; // expired meanwhile
      const s = id === latest.id ? latest : this.snapshots.snapshot(id);
      if (
        s.commitUser === request.commitUser &&
        s.commitIdentifier === request.identifier &&
        s.commitKind === kind
      )
        return s;
    }
    return undefined;
  }

  private tryCommitOnce(
    request: CommitRequest,
    kind: CommitKind,
    changes: ManifestEntry[],
    latest: Snapshot | undefined,
    detectConflicts: boolean,
    index: { files: readonly IndexManifestEntry[]; drop?: (partition: Uint8Array) => boolean },
  ): Attempt {
    if (detectConflicts && latest) this.noConflictsOrFail(latest, changes, request.commitUser);
    const newManifests: ManifestFileMeta[] = [];
    const newLists: string[] = [];
    let snapshot: Snapshot;
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
      snapshot = {
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
    } catch (e) {
      // Preparing failed: nothing references these files yet.
      this.cleanUp(newManifests, newLists);
      throw e;
    }
    let claimed: boolean;
    try {
      claimed = this.snapshots.tryClaim(snapshot);
    } catch (e) {
      if (e instanceof InjectedFaultError) throw e; // a simulated crash
      // The snapshot may or may not have been written: keep its manifests, retry, and look for it first
      // ("commit exception, not sure about the situation and should not clean up the files").
      return { latest, error: e };
    }
    if (!claimed) {
      // Lost the race for this id: drop what this attempt wrote, then re-plan on the new latest.
      this.cleanUp(newManifests, newLists);
      return { latest };
    }
    // Committed. The hint is only a hint (readers verify it): its failure must not make the commit look failed.
    runPostCommitStep('latest-hint', [snapshot.id], this.warnings, () =>
      this.snapshots.commitLatestHint(snapshot.id),
    );
    return { snapshot };
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

/**
 * The error of a commit whose COMPACT part failed after its APPEND snapshot was claimed (Paimon throws here
 * too): it keeps the original text and adds which snapshots are in the table, so the caller does not commit
 * the same messages again.
 */
function partiallyCommitted(error: unknown, created: readonly Snapshot[], request: CommitRequest): Error {
  const ids = created.map((s) => s.id);
  const note =
    `Committed snapshot ids: [${ids.join(', ')}] (${created.map((s) => s.commitKind).join(', ')} of commit user ` +
    `${request.commitUser}, identifier ${request.identifier}) are in the table although this commit failed: ` +
    'do not commit the same messages again.';
  if (error instanceof CommitConflictError) {
    // Same text and cause as the conflict itself, plus the note: callers that inspect either keep working.
    return new CommitConflictError(`${error.message}\n\n${note}`, {
      ...(error.cause === undefined ? {} : { cause: error.cause }),
      committedSnapshotIds: ids,
    });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new PartialCommitError(`${reason}\n\n${note}`, ids, { cause: error });
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
