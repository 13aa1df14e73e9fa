import { dataFilePath, type FileStoreTable, type Snapshot, type TagInfo } from '../../storage/index.js';
// not exported by storage/index.ts: the data-file path of a (partition, bucket, file) entry
import type { SavedCommittable } from './savepoint-state.js';

/** What the advisor reads of a table: snapshots (as Paimon's recovery scans them), tags, live files. */
export interface TableState {
  readonly name: string;
  readonly snapshots: readonly Snapshot[];
  readonly tags: readonly TagInfo[];
  readonly options: Readonly<Record<string, string>>;
  readonly primaryKey: boolean;
  /**
   * `SnapshotManager.latestSnapshotOfUser`: from the latest snapshot down, the first of this user; none if
   * a missing (expired) snapshot comes first. `expiredAt` says where the scan stopped, if it did.
   */
  latestOfUser(user: string): { snapshot?: Snapshot; expiredAt?: number };
  /** `partition|bucket|file` keys of the latest snapshot's live data files. */
  readonly liveFiles: ReadonlySet<string>;
  /** Paths of a committable's new/compact-after files that do not exist (`checkFilesExistence`). */
  missingFiles(c: SavedCommittable): string[];
}

export const fileKey = (partition: Uint8Array, bucket: number, file: string): string =>
  `${Buffer.from(partition).toString('hex')}|${bucket}|${file}`;

export function readTableState(table: FileStoreTable, name: string): TableState {
  const sm = table.snapshotManager;
  const snapshots = sm.snapshots();
  const live = new Set(
    sm.latestSnapshot() === undefined
      ? []
      : table
          .newReadBuilder()
          .plan()
          .map((e) => fileKey(e.partition, e.bucket, e.file.fileName)),
  );
  return {
    name,
    snapshots,
    tags: table.tagManager().tags(),
    options: table.schema.options,
    primaryKey: table.schema.primaryKeys.length > 0,
    liveFiles: live,
    latestOfUser(user) {
      const latest = sm.latestSnapshotId();
      if (latest === undefined) return {};
      const earliest = sm.earliestSnapshotId() ?? 1;
      for (let id = latest; id >= earliest; id--) {
        if (!sm.snapshotExists(id)) return { expiredAt: id };
        const s = sm.snapshot(id);
        if (s.commitUser === user) return { snapshot: s };
      }
      // below the earliest snapshot everything has expired: the user's commits (if any) are gone
      return earliest > 1 ? { expiredAt: earliest - 1 } : {};
    },
    missingFiles(c) {
      return c.messages.flatMap((m) =>
        [...m.newFiles, ...m.compactAfter]
          .map((file) => dataFilePath(table, { partition: m.partition, bucket: m.bucket, file }))
          .filter((p) => !table.io.exists(p)),
      );
    },
  };
}
