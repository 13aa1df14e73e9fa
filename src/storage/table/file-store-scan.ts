import { decodeBinaryRow } from '../spec/binary-row.js';
import type { DataType } from '../spec/data-types.js';
import type { ManifestEntry } from '../spec/manifest-entry.js';
import type { Snapshot } from '../spec/snapshot.js';
import { liveFiles } from './file-entry.js';
import type { ManifestStore } from './manifest-io.js';

/** Keeps a partition (given its decoded values, in partition-key order) or not. */
export type PartitionPredicate = (values: readonly unknown[]) => boolean;

/**
 * Plans what a snapshot contains (`AbstractFileStoreScan`): reads its base and delta manifest lists, then
 * the manifests, and merges ADD/DELETE entries into the live file set.
 */
export class FileStoreScan {
  constructor(
    private readonly manifests: ManifestStore,
    private readonly partitionTypes: readonly DataType[],
  ) {}

  /** Manifest files of a snapshot: base list then delta list, in order. */
  dataManifests(snapshot: Snapshot) {
    return [
      ...this.manifests.readList(snapshot.baseManifestList),
      ...this.manifests.readList(snapshot.deltaManifestList),
    ];
  }

  /** All entries of a snapshot's manifests, unmerged, in commit order. */
  allEntries(snapshot: Snapshot, partitionFilter?: PartitionPredicate): ManifestEntry[] {
    const entries = this.dataManifests(snapshot).flatMap((m) => this.manifests.readEntries(m.fileName));
    return partitionFilter
      ? entries.filter((e) => partitionFilter(this.partitionValues(e.partition)))
      : entries;
  }

  /** The live data files of a snapshot, optionally restricted to some partitions. */
  plan(snapshot: Snapshot | undefined, partitionFilter?: PartitionPredicate): ManifestEntry[] {
    if (snapshot === undefined) return [];
    return liveFiles(this.allEntries(snapshot, partitionFilter));
  }

  partitionValues(partition: Uint8Array): unknown[] {
    return decodeBinaryRow(this.partitionTypes, partition);
  }
}
