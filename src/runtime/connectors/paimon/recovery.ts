import type { FileStoreTable } from '../../../storage/table/table.js';
import { TableRead } from '../../../storage/table/table-read.js';
import { RuntimeError } from '../../errors.js';
import type { ManifestCommittable } from './committable.js';

/**
 * `TableCommitImpl.filterAndCommitMultiple` on restore: sort by identifier, drop those the table already has
 * (identifier <= that of the user's latest snapshot, found by scanning down until a missing snapshot), check
 * that the files of the rest still exist, commit them with append-conflict checks. Returns how many were
 * committed.
 */
export function filterAndCommit(
  table: FileStoreTable,
  commitUser: string,
  committables: readonly ManifestCommittable[],
): number {
  const sorted = [...committables].sort((a, b) =>
    a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0,
  );
  const latest = table.snapshotManager.latestSnapshotOfUser(commitUser);
  const retry = latest ? sorted.filter((c) => c.identifier > latest.commitIdentifier) : sorted;
  if (retry.length === 0) return 0;
  checkFilesExistence(table, retry);
  const commit = table.newCommit();
  for (const c of retry) {
    commit.commit({
      commitUser,
      identifier: c.identifier,
      messages: c.messages,
      checkAppendFiles: true,
      allowEmpty: true,
      ...(c.watermark === null ? {} : { watermark: BigInt(c.watermark) }),
    });
  }
  return retry.length;
}

function checkFilesExistence(table: FileStoreTable, committables: readonly ManifestCommittable[]): void {
  const read = new TableRead(table);
  const missing: string[] = [];
  for (const c of committables) {
    for (const m of c.messages) {
      for (const file of [...m.newFiles, ...m.compactAfter]) {
        const path = read.dataFilePath({
          kind: 0,
          partition: m.partition,
          bucket: m.bucket,
          totalBuckets: m.totalBuckets,
          file,
        });
        if (!table.io.exists(path)) missing.push(path);
      }
    }
  }
  if (missing.length > 0) {
    throw new RuntimeError(
      `Cannot recover from this checkpoint because some files in the snapshot that need to be resubmitted have been deleted:\n    ${missing.join(',')}\n    The most likely reason is because you are recovering from a very old savepoint that contains some uncommitted files that have already been deleted.`,
    );
  }
}
