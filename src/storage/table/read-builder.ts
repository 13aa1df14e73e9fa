import type { Table as ArrowTable } from 'apache-arrow';
import { PaimonSimError } from '../errors.js';
import { TagManager } from '../lifecycle/tag-manager.js';
import type { ManifestEntry } from '../spec/manifest-entry.js';
import type { Snapshot } from '../spec/snapshot.js';
import { normalizeValue, type Row } from '../spec/values.js';
import { hex } from './file-entry.js';
import type { PartitionPredicate } from './file-store-scan.js';
import { SnapshotNotFoundError } from './snapshot-manager.js';
import type { FileStoreTable } from './table.js';
import { TableRead } from './table-read.js';

/**
 * Configures a read (`ReadBuilder`): which snapshot (latest by default), which partitions, which columns.
 * Immutable: each `with…` returns a new builder.
 */
export class ReadBuilder {
  constructor(
    private readonly table: FileStoreTable,
    private readonly snapshotId?: number,
    private readonly projection?: readonly string[],
    private readonly partitionSpec?: Readonly<Record<string, unknown>>,
    private readonly tagName?: string,
    private readonly timestampMs?: number,
  ) {}

  /** Time travel to a tag (`scan.tag-name`): reads the tagged snapshot, even after it expired. */
  withTag(tagName: string): ReadBuilder {
    return new ReadBuilder(
      this.table,
      this.snapshotId,
      this.projection,
      this.partitionSpec,
      tagName,
      this.timestampMs,
    );
  }

  withSnapshot(snapshotId: number | undefined): ReadBuilder {
    return new ReadBuilder(
      this.table,
      snapshotId,
      this.projection,
      this.partitionSpec,
      this.tagName,
      this.timestampMs,
    );
  }

  withProjection(fieldNames: readonly string[] | undefined): ReadBuilder {
    return new ReadBuilder(
      this.table,
      this.snapshotId,
      fieldNames,
      this.partitionSpec,
      this.tagName,
      this.timestampMs,
    );
  }

  /** Keeps partitions whose values equal the given ones (a subset of the partition keys). */
  withPartitionFilter(spec: Readonly<Record<string, unknown>> | undefined): ReadBuilder {
    return new ReadBuilder(
      this.table,
      this.snapshotId,
      this.projection,
      spec,
      this.tagName,
      this.timestampMs,
    );
  }

  /** Time travel to the latest snapshot committed at or before `epochMs` (`scan.timestamp-millis`). */
  withTimestamp(epochMs: number): ReadBuilder {
    return new ReadBuilder(
      this.table,
      this.snapshotId,
      this.projection,
      this.partitionSpec,
      this.tagName,
      epochMs,
    );
  }

  /**
   * The snapshot this read sees (undefined for an empty table): the one chosen with `with…`, else the table's
   * `scan.snapshot-id` / `scan.tag-name` / `scan.timestamp-millis` option, else the latest.
   */
  snapshot(): Snapshot | undefined {
    const options = this.table.options;
    const tagName = this.tagName ?? options.get('scan.tag-name') ?? undefined;
    const snapshotId = this.snapshotId ?? optionalNumber(options.get('scan.snapshot-id'));
    const timestamp = this.timestampMs ?? optionalNumber(options.get('scan.timestamp-millis'));
    if (tagName !== undefined) return new TagManager(this.table).tag(tagName).snapshot;
    const sm = this.table.snapshotManager;
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
    return sm.latestSnapshot();
  }

  /** The live data files to read. */
  plan(): ManifestEntry[] {
    return this.table.newScan().plan(this.snapshot(), partitionPredicate(this.table, this.partitionSpec));
  }

  readRows(): Row[] {
    return new TableRead(this.table, this.projection).read(this.plan());
  }

  readArrow(): ArrowTable {
    return new TableRead(this.table, this.projection).readArrow(this.plan());
  }

  /**
   * The rows bucket by bucket (one batch per partition and bucket, merged for primary-key tables), so a caller
   * that needs only some rows (a limit) stops decoding early.
   */
  *readBatches(): Generator<Row[]> {
    const read = new TableRead(this.table, this.projection);
    const groups = new Map<string, ManifestEntry[]>();
    for (const entry of this.plan()) {
      const key = `${hex(entry.partition)}|${entry.bucket}`;
      const group = groups.get(key);
      if (group) group.push(entry);
      else groups.set(key, [entry]);
    }
    for (const group of groups.values()) yield read.read(group);
  }
}

/** Equality on the named partition keys; values compare as their canonical forms (see values.ts). */
export function partitionPredicate(
  table: FileStoreTable,
  spec: Readonly<Record<string, unknown>> | undefined,
): PartitionPredicate | undefined {
  if (!spec || Object.keys(spec).length === 0) return undefined;
  const keys = table.schema.partitionKeys;
  const checks = Object.entries(spec).map(([key, value]) => {
    const index = keys.indexOf(key);
    if (index < 0) {
      throw new PaimonSimError(
        `'${key}' is not a partition key of table '${table.name}' (partition keys: ${keys.join(', ') || 'none'})`,
      );
    }
    return { index, text: canonical(normalizeValue(table.partitionTypes[index]!, value, key)) };
  });
  return (values) => checks.every((c) => canonical(values[c.index]) === c.text);
}

function canonical(value: unknown): string {
  return value === null || value === undefined ? '\u0000null' : String(value);
}

function optionalNumber(text: string | null): number | undefined {
  return text === null ? undefined : Number(text);
}
