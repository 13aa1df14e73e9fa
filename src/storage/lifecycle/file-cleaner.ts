import { deleteUnderTable } from '../meta/contained-path.js';
import type { Snapshot } from '../spec/snapshot.js';
import type { TableContext } from '../table/table-context.js';
import { FileReferences } from './file-references.js';

export interface CleanResult {
  readonly deletedDataFiles: number;
  readonly deletedManifests: number;
}

/**
 * Deletes the data files, then the manifests, that the `removed` snapshots reference and none of the `kept`
 * ones does (`SnapshotDeletion` / `TagDeletion`). Data files go first so that a crash never leaves a kept
 * snapshot without its manifests; what a crash leaves undeleted is an orphan, removed by a later run or by
 * `removeOrphanFiles`. Every deletion goes through `deleteUnderTable`: a path that metadata points outside the
 * table stops the run with a PathOutsideRootError before anything there is touched.
 */
export function deleteUnreferencedFiles(
  table: TableContext,
  removed: readonly Snapshot[],
  kept: readonly Snapshot[],
): CleanResult {
  const refs = new FileReferences(table);
  const root = table.paths.root;
  const keepData = new Set<string>();
  const keepManifests = new Set<string>();
  // Kept snapshots are read in full: with one of their manifests missing, the files it would keep alive look
  // unreferenced and would be deleted from under a live snapshot or tag. Failing here deletes nothing yet
  // (as Paimon's expiration fails when it cannot read a tag's manifests); only removed snapshots, possibly
  // half-deleted by an interrupted run, are read quietly.
  for (const s of kept) {
    for (const f of refs.dataFilesOf(s)) keepData.add(f);
    for (const m of refs.manifestsOf(s)) keepManifests.add(m);
  }
  let deletedDataFiles = 0;
  for (const s of removed) {
    for (const f of refs.dataFilesOf(s, true)) {
      if (!keepData.has(f) && deleteUnderTable(table.io, root, f)) deletedDataFiles++;
      keepData.add(f);
    }
  }
  let deletedManifests = 0;
  for (const s of removed) {
    for (const m of refs.manifestsOf(s, true)) {
      if (!keepManifests.has(m) && deleteUnderTable(table.io, root, table.paths.manifestFile(m)))
        deletedManifests++;
      keepManifests.add(m);
    }
  }
  return { deletedDataFiles, deletedManifests };
}

/**
 * What `deleteUnreferencedFiles(table, expiring, [firstRetained, ...tagged])` deletes, found from the deltas
 * instead of every snapshot's whole file set, so expiring k snapshots costs O(k) deltas plus one plan
 * (`ExpireSnapshotsImpl`: data files from the DELETE entries of the deltas up to the first retained snapshot,
 * manifests of the expiring snapshots not used by the first retained one or a tag).
 *
 * `expiring` must be the consecutive snapshots just below `firstRetained`. Snapshots form one line (a
 * rollback cuts the line's end), so a file is live in one contiguous run of snapshots: a file of an expiring
 * snapshot that a later snapshot still uses is live in `firstRetained`, and one that is not was deleted by a
 * delta in (first expiring, firstRetained]. The same holds for manifests: a base list is the previous base
 * list merged with the previous delta, so a manifest dropped from it never returns.
 */
export function deleteExpiredFiles(
  table: TableContext,
  expiring: readonly Snapshot[],
  firstRetained: Snapshot,
  tagged: readonly Snapshot[],
): CleanResult {
  const refs = new FileReferences(table);
  const root = table.paths.root;
  const keepData = new Set<string>();
  const keepManifests = new Set<string>();
  // Kept snapshots are read in full (not quietly), as in deleteUnreferencedFiles: a missing manifest must stop
  // the expiration before anything is deleted, not make live files look unreferenced.
  for (const s of [firstRetained, ...tagged]) {
    for (const f of refs.dataFilesOf(s)) keepData.add(f);
    for (const m of refs.manifestsOf(s)) keepManifests.add(m);
  }
  let deletedDataFiles = 0;
  const deleteData = (f: string) => {
    if (!keepData.has(f) && deleteUnderTable(table.io, root, f)) deletedDataFiles++;
    keepData.add(f);
  };
  // Files live in the first expiring snapshot or added after it, then deleted before `firstRetained`.
  for (const s of [...expiring.slice(1), firstRetained])
    for (const f of refs.dataFilesDeletedBy(s, true)) deleteData(f);
  // Index files are listed whole by each snapshot's index manifest.
  for (const s of expiring) for (const f of refs.indexFilesOf(s, true)) deleteData(f);
  let deletedManifests = 0;
  for (const s of expiring) {
    for (const m of refs.manifestsOf(s, true)) {
      if (!keepManifests.has(m) && deleteUnderTable(table.io, root, table.paths.manifestFile(m)))
        deletedManifests++;
      keepManifests.add(m);
    }
  }
  return { deletedDataFiles, deletedManifests };
}
