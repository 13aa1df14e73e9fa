import { InvalidOptionError, SnapshotNotFoundError } from '../errors.js';
import { deleteUnderTable } from '../meta/contained-path.js';
import type { Snapshot } from '../spec/snapshot.js';
import type { TableContext } from '../table/table-context.js';
import { deleteExpiredFiles, deleteUnreferencedFiles } from './file-cleaner.js';

export interface ExpireConfig {
  /** `snapshot.num-retained.min` (default 10). */
  readonly retainMin: number;
  /** `snapshot.num-retained.max` (default Integer.MAX_VALUE). */
  readonly retainMax: number;
  /** `snapshot.time-retained` in ms (default 1 h). */
  readonly timeRetainedMs: number;
  /** `snapshot.expire.limit` (default 50). */
  readonly expireLimit: number;
}

export interface ExpireResult {
  /** Snapshot ids removed, ascending. */
  readonly expired: number[];
  readonly deletedDataFiles: number;
  readonly deletedManifests: number;
}

export function expireConfigOf(table: TableContext): ExpireConfig {
  const o = table.options;
  const config = {
    retainMin: o.int('snapshot.num-retained.min'),
    retainMax: o.int('snapshot.num-retained.max'),
    timeRetainedMs: o.amount('snapshot.time-retained'),
    expireLimit: o.int('snapshot.expire.limit'),
  };
  if (config.retainMax < config.retainMin) {
    // Paimon: "snapshot.num-retained.min should not be larger than snapshot.num-retained.max."
    throw new InvalidOptionError(
      'snapshot.num-retained.min',
      String(config.retainMin),
      'a value not larger than snapshot.num-retained.max',
    );
  }
  return config;
}

/**
 * Snapshot expiration (`ExpireSnapshotsImpl.expire`). Keeps at least `retainMin` snapshots, at most
 * `retainMax`, and every snapshot younger than `time-retained`; expires at most `expire.limit` per run.
 * Deletion runs in Paimon's order so a crash at any point leaves a readable table: data files no retained
 * snapshot or tag needs, then manifests, then the snapshot files (oldest first), then the EARLIEST hint.
 * Live files of the latest snapshot and everything a tag can read are never deleted.
 */
export function expireSnapshots(
  table: TableContext,
  config: ExpireConfig = expireConfigOf(table),
): ExpireResult {
  const sm = table.snapshotManager;
  const latest = sm.latestSnapshotId();
  const earliest = sm.earliestSnapshotId();
  const none = { expired: [], deletedDataFiles: 0, deletedManifests: 0 };
  if (latest === undefined || earliest === undefined) return none;

  const min = Math.max(latest - config.retainMax + 1, earliest);
  let maxExclusive = Math.min(latest - config.retainMin + 1, earliest + config.expireLimit);
  const olderThanMs = table.env.clock.nowMs() - config.timeRetainedMs;
  for (let id = min; id < maxExclusive; id++) {
    // Early exit for 'snapshot.time-retained': keep this snapshot and everything after it.
    const snapshot = tryRead(table, id);
    if (snapshot && olderThanMs <= snapshot.timeMillis) {
      maxExclusive = id;
      break;
    }
  }
  if (maxExclusive <= earliest) return none;
  return expireUntil(table, earliest, maxExclusive);
}

/** Expires snapshots [earliest, endExclusive). */
function expireUntil(table: TableContext, earliest: number, endExclusive: number): ExpireResult {
  const sm = table.snapshotManager;
  const expiring: Snapshot[] = [];
  for (let id = earliest; id < endExclusive; id++) {
    const snapshot = tryRead(table, id);
    if (snapshot) expiring.push(snapshot);
  }
  const tags = table.tagManager().tags();
  const tagged = tags.map((t) => t.snapshot);
  const firstRetained = tryRead(table, endExclusive);
  // With every snapshot from the first expiring to the first retained present, the deltas tell what to
  // delete (O(expired)); after a concurrent or interrupted expiration left gaps, compare against all.
  const cleaned =
    firstRetained !== undefined && expiring.length === endExclusive - earliest
      ? deleteExpiredFiles(table, expiring, firstRetained, tagged)
      : deleteUnreferencedFiles(table, expiring, [
          ...sm.listIds().flatMap((id) => (id >= endExclusive ? (tryRead(table, id) ?? []) : [])),
          ...tagged,
        ]);
  // Snapshot files last, oldest first, then the hint: readers never find a gap below a live snapshot.
  for (const s of expiring) deleteUnderTable(table.io, table.paths.root, table.paths.snapshotFile(s.id));
  sm.commitEarliestHint(endExclusive);
  return { expired: expiring.map((s) => s.id), ...cleaned };
}

/** A snapshot, or undefined when it is gone (another expiration running at the same time removed it). */
function tryRead(table: TableContext, id: number): Snapshot | undefined {
  try {
    return table.snapshotManager.snapshot(id);
  } catch (e) {
    if (e instanceof SnapshotNotFoundError) return undefined;
    throw e;
  }
}
