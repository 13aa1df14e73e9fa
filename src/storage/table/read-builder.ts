import type { Table as ArrowTable } from 'apache-arrow';
import { PaimonSimError } from '../errors.js';
import { TagManager } from '../lifecycle/tag-manager.js';
import type { ManifestEntry } from '../spec/manifest-entry.js';
import type { Snapshot } from '../spec/snapshot.js';
import { normalizeValue, type Row } from '../spec/values.js';
import type { PartitionPredicate } from './file-store-scan.js';
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
  ) {}

  /** Time travel to a tag (`scan.tag-name`): reads the tagged snapshot, even after it expired. */
  withTag(tagName: string): ReadBuilder {
    return new ReadBuilder(this.table, this.snapshotId, this.projection, this.partitionSpec, tagName);
  }

  withSnapshot(snapshotId: number | undefined): ReadBuilder {
    return new ReadBuilder(this.table, snapshotId, this.projection, this.partitionSpec, this.tagName);
  }

  withProjection(fieldNames: readonly string[] | undefined): ReadBuilder {
    return new ReadBuilder(this.table, this.snapshotId, fieldNames, this.partitionSpec, this.tagName);
  }

  /** Keeps partitions whose values equal the given ones (a subset of the partition keys). */
  withPartitionFilter(spec: Readonly<Record<string, unknown>> | undefined): ReadBuilder {
    return new ReadBuilder(this.table, this.snapshotId, this.projection, spec, this.tagName);
  }

  /** The snapshot this read sees (undefined for an empty table). */
  snapshot(): Snapshot | undefined {
    if (this.tagName !== undefined) return new TagManager(this.table).tag(this.tagName).snapshot;
    const sm = this.table.snapshotManager;
    return this.snapshotId === undefined ? sm.latestSnapshot() : sm.snapshot(this.snapshotId);
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
