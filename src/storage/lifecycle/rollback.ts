import { utf8 } from '../../common/io/file-io.js';
import { RollbackError } from '../errors.js';
import { deleteUnderTable } from '../meta/contained-path.js';
import { encodeSnapshot, type Snapshot } from '../spec/snapshot.js';
import type { TableContext } from '../table/table-context.js';

export interface RollbackResult {
  readonly previousSnapshotId: number;
  readonly currentSnapshotId: number;
}

/**
 * `rollback_to` a snapshot id (`AbstractFileStoreTable.rollbackTo(long)`): the snapshot must exist; since
 * Paimon 1.3 a missing (expired) one falls back to a tag on that id.
 */
export function rollbackToSnapshot(table: TableContext, snapshotId: number): RollbackResult {
  const latest = requireLatest(table);
  const sm = table.snapshotManager;
  if (sm.snapshotExists(snapshotId)) return cleanLargerThan(table, sm.snapshot(snapshotId), latest);
  const tags = table.tagManager().tags();
  const tagged = tags.find((t) => t.snapshot.id === snapshotId);
  if (tagged) return rollbackToTagged(table, tagged.snapshot, latest);
  throw new RollbackError(`Rollback snapshot '${snapshotId}' doesn't exist.`);
}

/** `rollback_to` a tag (`rollbackTo(String tagName)`), re-creating the tagged snapshot file if it expired. */
export function rollbackToTag(table: TableContext, tagName: string): RollbackResult {
  const latest = requireLatest(table);
  const tag = table.tagManager().tag(tagName);
  return rollbackToTagged(table, tag.snapshot, latest);
}

/** `rollback_to_timestamp`: to the latest snapshot committed at or before `timestampMs`. */
export function rollbackToTimestamp(table: TableContext, timestampMs: number): RollbackResult {
  requireLatest(table);
  const candidates = table.snapshotManager.snapshots().filter((s) => s.timeMillis <= timestampMs);
  const target = candidates[candidates.length - 1];
  // Paimon's message, including its spelling.
  if (!target) throw new RollbackError(`count not find snapshot earlier than ${timestampMs}`);
  return rollbackToSnapshot(table, target.id);
}

function rollbackToTagged(table: TableContext, tagged: Snapshot, latest: Snapshot): RollbackResult {
  const sm = table.snapshotManager;
  // createSnapshotFileIfNeeded: the tagged snapshot had expired; it becomes the table's only snapshot.
  // Paimon's RollbackHelper writes it after cleaning; paimon-sim writes it first, so that a crash in between
  // can never leave the table without any snapshot (and the rollback can simply be run again).
  if (!sm.snapshotExists(tagged.id))
    table.io.writeAtomic(table.paths.snapshotFile(tagged.id), utf8(encodeSnapshot(tagged)));
  const result = cleanLargerThan(table, tagged, latest);
  if (sm.listIds()[0] === tagged.id) sm.commitEarliestHint(tagged.id);
  return result;
}

/**
 * `RollbackHelper.cleanLargerThan`: move LATEST first (so a crash leaves the hint on the target), delete
 * snapshot files above the target from the newest down, then tags on later snapshots. Since Paimon 1.2 data
 * files and manifests are left for orphan cleaning (`remove_orphan_files`).
 */
function cleanLargerThan(table: TableContext, target: Snapshot, latest: Snapshot): RollbackResult {
  const sm = table.snapshotManager;
  sm.commitLatestHint(target.id);
  // Listed rather than taken from the hints: after an interrupted rollback the hints may point anywhere.
  for (const id of sm.listIds().reverse())
    if (id > target.id) deleteUnderTable(table.io, table.paths.root, table.paths.snapshotFile(id));
  // Tag names as listed from `tag/` are file names already: deleted by path, whatever rules created them.
  for (const t of table.tagManager().tags())
    if (t.snapshot.id > target.id) deleteUnderTable(table.io, table.paths.root, table.paths.tagFile(t.name));
  return { previousSnapshotId: latest.id, currentSnapshotId: target.id };
}

function requireLatest(table: TableContext): Snapshot {
  const ids = table.snapshotManager.listIds();
  const latest = ids.length === 0 ? undefined : table.snapshotManager.snapshot(ids[ids.length - 1]!);
  if (!latest) throw new RollbackError('Latest snapshot is null, can not rollback.');
  return latest;
}
