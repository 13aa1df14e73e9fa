import { SnapshotNotFoundError, TagError } from '../errors.js';
import type { Snapshot } from '../spec/snapshot.js';
import type { TableContext } from './table-context.js';

/** Where a read travels to; each unset one falls back to the table's `scan.*` option. */
export interface TimeTravelSpec {
  readonly tagName?: string | undefined;
  readonly snapshotId?: number | undefined;
  readonly timestampMs?: number | undefined;
}

/**
 * The snapshot a time-travel read sees (`TimeTravelUtil.tryTravelToSnapshot`): a tag (`scan.tag-name`), a
 * snapshot id (`scan.snapshot-id`) or the latest snapshot committed at or before a time
 * (`scan.timestamp-millis`); undefined when none is set (the read sees the latest snapshot).
 */
export function timeTravelSnapshot(table: TableContext, spec: TimeTravelSpec = {}): Snapshot | undefined {
  const options = table.options;
  const tagName = spec.tagName ?? options.get('scan.tag-name') ?? undefined;
  const snapshotId = spec.snapshotId ?? optionalNumber(options.get('scan.snapshot-id'));
  const timestamp = spec.timestampMs ?? optionalNumber(options.get('scan.timestamp-millis'));
  if (tagName !== undefined) return table.tagManager().tag(tagName).snapshot;
  const sm = table.snapshotManager;
  if (snapshotId !== undefined) {
    if (!sm.snapshotExists(snapshotId)) {
      // Paimon's time-travel message (SnapshotNotExistException)
      throw new SnapshotNotFoundError(
        snapshotId,
        `Specified parameter scan.snapshot-id = ${snapshotId} is not exist, you can set it in range from ${sm.earliestSnapshotId() ?? 0} to ${sm.latestSnapshotId() ?? 0}`,
      );
    }
    return sm.snapshot(snapshotId);
  }
  if (timestamp !== undefined) {
    const earliest = sm.earliestSnapshot();
    const candidates = sm.snapshots().filter((s) => s.timeMillis <= timestamp);
    const found = candidates[candidates.length - 1];
    if (!found) {
      throw new SnapshotNotFoundError(
        -1,
        `There is currently no snapshot earlier than or equal to timestamp [${timestamp}], the earliest snapshot's timestamp is [${earliest?.timeMillis ?? 'null'}]`,
      );
    }
    return found;
  }
  return undefined;
}

/**
 * The table as a time-travel read of it sees it (`AbstractFileStoreTable.tryTimeTravel`): bound to the schema
 * the travelled-to snapshot was committed with (`snapshot.schemaId`), so the read returns that snapshot's
 * columns (names, types, no later columns); options stay the table's (`schema(id).copy(options)`). Data files
 * of even older schemas are still mapped onto that schema by field id. The table itself when nothing travels.
 * As in Paimon, a travel target that does not exist leaves the table unchanged here: the read then reports it.
 */
export function tryTimeTravel<T extends { withSchemaOf(snapshot: Snapshot): T }>(table: T & TableContext): T {
  let snapshot: Snapshot | undefined;
  try {
    snapshot = timeTravelSnapshot(table);
  } catch (e) {
    if (e instanceof SnapshotNotFoundError || e instanceof TagError) return table;
    throw e;
  }
  return snapshot === undefined ? table : table.withSchemaOf(snapshot);
}

function optionalNumber(text: string | null): number | undefined {
  return text === null ? undefined : Number(text);
}
