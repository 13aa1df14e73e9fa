import type { Table as ArrowTable } from 'apache-arrow';
import { PaimonSimError } from '../errors.js';
import { type RowType, rowType } from '../spec/data-types.js';
import type { RowKindText } from '../spec/key-value.js';
import type { ManifestEntry } from '../spec/manifest-entry.js';
import type { Snapshot } from '../spec/snapshot.js';
import { normalizeValue, type Row } from '../spec/values.js';
import { hex } from './file-entry.js';
import type { PartitionPredicate } from './file-store-scan.js';
import type { TableContext } from './table-context.js';
import { TableRead } from './table-read.js';
import { timeTravelSnapshot } from './time-travel.js';

/**
 * Configures a read (`ReadBuilder`): which snapshot (latest by default), which partitions, which columns.
 * Immutable: each `with…` returns a new builder.
 */
export class ReadBuilder {
  constructor(
    private readonly table: TableContext,
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
    return this.travelledSnapshot() ?? this.table.snapshotManager.latestSnapshot();
  }

  private travelledSnapshot(): Snapshot | undefined {
    return timeTravelSnapshot(this.table, {
      tagName: this.tagName,
      snapshotId: this.snapshotId,
      timestampMs: this.timestampMs,
    });
  }

  /**
   * The table as this read sees it: a time-travel read is bound to the schema of the snapshot it travels to
   * (`AbstractFileStoreTable.tryTimeTravel`), so it returns the columns that snapshot had, not the latest.
   */
  private readTable(travelled: Snapshot | undefined): TableContext {
    return travelled ? this.table.withSchemaOf(travelled) : this.table;
  }

  /** The row type of the rows this read returns (`ReadBuilder.readType`), projection applied. */
  readType(): RowType {
    const table = this.readTable(this.travelledSnapshot());
    return rowType(new TableRead(table, this.projection).outputFields());
  }

  /** The live data files to read. */
  plan(): ManifestEntry[] {
    return this.resolve().entries;
  }

  readRows(): Row[] {
    const { table, entries } = this.resolve();
    return new TableRead(table, this.projection).read(entries);
  }

  readArrow(): ArrowTable {
    const { table, entries } = this.resolve();
    return new TableRead(table, this.projection).readArrow(entries);
  }

  /** `$audit_log` rows: merged rows with their row kinds, deletes not yet compacted away kept. */
  readWithKinds(keepDelete: boolean): { kind: RowKindText; row: Row }[] {
    const { table, entries } = this.resolve();
    return new TableRead(table, this.projection).readWithKinds(entries, keepDelete);
  }

  private resolve(): { table: TableContext; entries: ManifestEntry[] } {
    const travelled = this.travelledSnapshot();
    const snapshot = travelled ?? this.table.snapshotManager.latestSnapshot();
    const table = this.readTable(travelled);
    return { table, entries: table.newScan().plan(snapshot, partitionPredicate(table, this.partitionSpec)) };
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
  table: TableContext,
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
