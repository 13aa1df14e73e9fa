import * as arrow from 'apache-arrow';
import { DataFileNotFoundError, FileNotFoundError, PaimonSimError } from '../errors.js';
import { rowsToArrow } from '../format/arrow-rows.js';
import { toArrowSchema } from '../format/arrow-schema.js';
import { readParquetAsArrow } from '../format/parquet-format.js';
import { getFileFormat } from '../format/registry.js';
import { type DataField, rowType, typesEqual } from '../spec/data-types.js';
import { isRetract, type RowKindText, rowKindText } from '../spec/key-value.js';
import type { ManifestEntry } from '../spec/manifest-entry.js';
import type { Row } from '../spec/values.js';
import { dataFilePath } from './data-file-path.js';
import { hex } from './file-entry.js';
import { PrimaryKeyStore } from './pk/primary-key-store.js';
import { widenValue } from './schema-change.js';
import type { TableContext } from './table-context.js';

/**
 * Reads the data files of planned entries (`TableRead`): each file is decoded with the schema it was written
 * with, then mapped by field id onto the reading schema, so added columns read as null. Primary-key tables
 * are merged on read (`MergeFileSplitRead`): all files of a bucket, every level, merged per key (k-way);
 * keys whose merged record is a retraction are dropped.
 */
export class TableRead {
  private pkStore: PrimaryKeyStore | undefined;

  constructor(
    private readonly table: TableContext,
    private readonly projection?: readonly string[],
  ) {}

  read(entries: readonly ManifestEntry[]): Row[] {
    if (this.table.schema.primaryKeys.length > 0) return this.readWithKinds(entries, false).map((r) => r.row);
    const out: Row[] = [];
    for (const entry of entries) for (const row of this.readFile(entry)) out.push(row);
    return out;
  }

  /**
   * Merged rows of a primary-key table with their row kinds (`$audit_log`); `keepDelete` keeps keys whose
   * merged record is a -D/-U (`forceKeepDelete`). Append tables give +I rows.
   */
  readWithKinds(entries: readonly ManifestEntry[], keepDelete: boolean): { kind: RowKindText; row: Row }[] {
    if (this.table.schema.primaryKeys.length === 0)
      return this.read(entries).map((row) => ({ kind: '+I' as const, row }));
    const store = this.store();
    const byBucket = new Map<string, ManifestEntry[]>();
    for (const e of entries) {
      const key = `${hex(e.partition)}|${e.bucket}`;
      const list = byBucket.get(key);
      if (list) list.push(e);
      else byBucket.set(key, [e]);
    }
    const names = this.outputFields().map((f) => f.name);
    const out: { kind: RowKindText; row: Row }[] = [];
    for (const group of byBucket.values()) {
      // Each data file is a sorted run (one record per key): merged k-way, as `MergeFileSplitRead` does.
      const runs = group.map((e) => store.files.read(this.dataFilePath(e), e.file));
      for (const kv of store.mergeRuns(runs)) {
        if (!keepDelete && isRetract(kv.kind)) continue;
        const row: Row = {};
        for (const n of names) row[n] = kv.value[n] ?? null;
        out.push({ kind: rowKindText(kv.kind), row });
      }
    }
    return out;
  }

  private store(): PrimaryKeyStore {
    if (!this.pkStore) this.pkStore = new PrimaryKeyStore(this.table);
    return this.pkStore;
  }

  dataFilePath(entry: ManifestEntry): string {
    return dataFilePath(this.table, entry);
  }

  /**
   * The entries as one Arrow table. Parquet files whose schema matches the reading schema go straight from
   * Parquet to Arrow, without rows in between; others are read as rows and converted.
   */
  readArrow(entries: readonly ManifestEntry[]): arrow.Table {
    const target = rowType(this.outputFields());
    const schema = toArrowSchema(target);
    if (this.table.schema.primaryKeys.length > 0) return rowsToArrow(target, this.read(entries));
    const batches: arrow.RecordBatch[] = [];
    for (const entry of entries) {
      const path = this.dataFilePath(entry);
      const fileType = this.table.schemaFor(entry.file.schemaId);
      const sameSchema = target.fields.every((f) =>
        fileType.fields.some((x) => x.id === f.id && x.name === f.name && typesEqual(x.type, f.type)),
      );
      const table =
        path.endsWith('.parquet') && sameSchema
          ? readParquetAsArrow(
              this.readBytes(path),
              path,
              target.fields.map((f) => f.name),
            )
          : rowsToArrow(target, this.readFile(entry));
      for (const batch of table.batches) batches.push(new arrow.RecordBatch(schema, batch.data));
    }
    return new arrow.Table(schema, batches);
  }

  private readBytes(path: string): Uint8Array {
    try {
      return this.table.io.readFile(path);
    } catch (e) {
      if (e instanceof FileNotFoundError) throw new DataFileNotFoundError(path);
      throw e;
    }
  }

  private readFile(entry: ManifestEntry): Row[] {
    const path = this.dataFilePath(entry);
    const bytes = this.readBytes(path);
    const target = this.outputFields();
    const fileRowType = this.table.schemaFor(entry.file.schemaId);
    const byId = new Map(fileRowType.fields.map((f) => [f.id, f]));
    const present = target.filter((f) => byId.has(f.id)).map((f) => byId.get(f.id)!.name);
    const format = getFileFormat(path.slice(path.lastIndexOf('.') + 1));
    const rows = format.read(bytes, fileRowType, path, present);
    // Same names and types for the same ids (the usual case): the rows are already in the reading schema.
    if (target.every((f) => byId.get(f.id)?.name === f.name && typesEqual(byId.get(f.id)!.type, f.type)))
      return rows;
    return rows.map((row) => {
      const out: Row = {};
      for (const field of target) {
        const source = byId.get(field.id);
        out[field.name] = source ? widenValue(source.type, field.type, row[source.name] ?? null) : null;
      }
      return out;
    });
  }

  /** The fields this read returns: the table's, or the projected ones in projection order. */
  outputFields(): DataField[] {
    const fields = this.table.rowType.fields;
    if (!this.projection) return [...fields];
    return this.projection.map((name) => {
      const f = fields.find((x) => x.name === name);
      if (!f)
        throw new PaimonSimError(
          `Projected field '${name}' is not in table '${this.table.name}' (fields: ${fields.map((x) => x.name).join(', ')})`,
        );
      return f;
    });
  }
}
