import * as arrow from 'apache-arrow';
import { DataFileNotFoundError, FileNotFoundError, PaimonSimError, SchemaMismatchError } from '../errors.js';
import { rowsToArrow } from '../format/arrow-rows.js';
import { toArrowSchema } from '../format/arrow-schema.js';
import { readParquetAsArrow } from '../format/parquet-format.js';
import { getFileFormat } from '../format/registry.js';
import { type DataField, type RowType, rowType, typesEqual } from '../spec/data-types.js';
import {
  isRetract,
  type RowKind,
  type RowKindText,
  rowKindText,
  VALUE_KIND_FIELD,
} from '../spec/key-value.js';
import type { ManifestEntry } from '../spec/manifest-entry.js';
import type { Row } from '../spec/values.js';
import { conformArrowTable } from './arrow-input.js';
import { dataFilePath } from './data-file-path.js';
import { hex } from './file-entry.js';
import { intervalSections, isRawSection } from './pk/interval-partition.js';
import { PrimaryKeyStore } from './pk/primary-key-store.js';
import { widenValue } from './schema-change.js';
import type { TableContext } from './table-context.js';

/**
 * Reads the data files of planned entries (`TableRead`): each file is decoded with the schema it was written
 * with, then mapped by field id onto the reading schema, so added columns read as null. Primary-key tables
 * are merged on read (`MergeFileSplitRead`): overlapping files of a bucket, every level, merged per key
 * (k-way); keys whose merged record is a retraction are dropped; a file that overlaps none and holds no
 * retraction is read as it is.
 */
export class TableRead {
  private pkStore: PrimaryKeyStore | undefined;

  constructor(
    private readonly table: TableContext,
    private readonly projection?: readonly string[],
  ) {}

  read(entries: readonly ManifestEntry[]): Row[] {
    const out: Row[] = [];
    if (this.table.schema.primaryKeys.length === 0) {
      for (const entry of entries) for (const row of this.readFile(entry)) out.push(row);
      return out;
    }
    for (const part of this.primaryKeyParts(entries)) {
      const bytes = part.raw && this.rawBytes(part.raw);
      if (part.raw && bytes) for (const row of this.readFile(part.raw, bytes)) out.push(row);
      else for (const r of this.mergeOnRead(part.merged ?? [part.raw!], false)) out.push(r.row);
    }
    return out;
  }

  /**
   * Merged rows of a primary-key table with their row kinds (`$audit_log`); `keepDelete` keeps keys whose
   * merged record is a -D/-U (`forceKeepDelete`). Append tables give +I rows.
   */
  readWithKinds(entries: readonly ManifestEntry[], keepDelete: boolean): { kind: RowKindText; row: Row }[] {
    if (this.table.schema.primaryKeys.length === 0)
      return this.read(entries).map((row) => ({ kind: '+I' as const, row }));
    const out: { kind: RowKindText; row: Row }[] = [];
    for (const group of this.byBucket(entries))
      for (const r of this.mergeOnRead(group, keepDelete)) out.push(r);
    return out;
  }

  /** Entries grouped by partition and bucket, in the order the buckets first appear. */
  private byBucket(entries: readonly ManifestEntry[]): ManifestEntry[][] {
    const byBucket = new Map<string, ManifestEntry[]>();
    for (const e of entries) {
      const key = `${hex(e.partition)}|${e.bucket}`;
      const list = byBucket.get(key);
      if (list) list.push(e);
      else byBucket.set(key, [e]);
    }
    return [...byBucket.values()];
  }

  /**
   * The files of each bucket in key order, as sections of overlapping files (`IntervalPartition`): a section
   * that is one file without -U/-D records is read as it is, as Paimon reads a raw-convertible split
   * (`MergeTreeSplitGenerator`, `PrimaryKeyTableRawFileSplitReadProvider`); the others are merged on read.
   * Sections share no key, so the rows are those of merging the whole bucket, in the same order.
   */
  private *primaryKeyParts(
    entries: readonly ManifestEntry[],
  ): Iterable<{ raw: ManifestEntry; merged?: never } | { raw?: never; merged: ManifestEntry[] }> {
    const store = this.store();
    for (const group of this.byBucket(entries)) {
      const entryOf = new Map(group.map((e) => [e.file, e]));
      let pending: ManifestEntry[] = [];
      for (const section of intervalSections(
        group.map((e) => e.file),
        store.compareKeyBytes,
      )) {
        if (!isRawSection(section)) {
          for (const f of section) pending.push(entryOf.get(f)!);
          continue;
        }
        if (pending.length > 0) yield { merged: pending };
        pending = [];
        yield { raw: entryOf.get(section[0]!)! };
      }
      if (pending.length > 0) yield { merged: pending };
    }
  }

  /** Merged rows of files of one bucket (`MergeFileSplitRead`): each file is a sorted run, merged k-way. */
  private mergeOnRead(
    group: readonly ManifestEntry[],
    keepDelete: boolean,
  ): { kind: RowKindText; row: Row }[] {
    const store = this.store();
    const names = this.outputFields().map((f) => f.name);
    const out: { kind: RowKindText; row: Row }[] = [];
    const runs = group.map((e) => store.files.read(this.dataFilePath(e), e.file));
    for (const kv of store.mergeRuns(runs)) {
      if (!keepDelete && isRetract(kv.kind)) continue;
      const row: Row = {};
      for (const n of names) row[n] = kv.value[n] ?? null;
      out.push({ kind: rowKindText(kv.kind), row });
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
   * The entries as one Arrow table, without rows in between for append tables: each Parquet file's columns
   * (those of the projection, found by field id, so renamed columns read) come straight from Parquet as Arrow
   * and are laid out as the reading schema; columns a file lacks (added later) are all-null. A file is read
   * as rows and converted when it cannot be: another format (Avro), a column whose type changed since
   * (`widenValue`), or Arrow types that are not the table's (a file from another writer). Primary-key tables
   * read their raw sections (see `primaryKeyParts`) the same way; the others are merged as rows and converted
   * (`MergeFileSplitRead` merges per key).
   */
  readArrow(entries: readonly ManifestEntry[]): arrow.Table {
    const target = rowType(this.outputFields());
    const schema = toArrowSchema(target);
    const batches: arrow.RecordBatch[] = [];
    const add = (table: arrow.Table) => {
      for (const batch of table.batches) batches.push(new arrow.RecordBatch(schema, batch.data));
    };
    const asIs = (entry: ManifestEntry, bytes?: Uint8Array) =>
      add(this.readFileColumnar(entry, target, bytes) ?? rowsToArrow(target, this.readFile(entry, bytes)));
    if (this.table.schema.primaryKeys.length === 0) for (const entry of entries) asIs(entry);
    else {
      // Merged sections as rows, between them, in key order, the raw ones straight from Parquet.
      let merged: Row[] = [];
      for (const part of this.primaryKeyParts(entries)) {
        const bytes = part.raw && this.rawBytes(part.raw);
        if (!bytes) {
          for (const r of this.mergeOnRead(part.merged ?? [part.raw!], false)) merged.push(r.row);
          continue;
        }
        if (merged.length > 0) add(rowsToArrow(target, merged));
        merged = [];
        asIs(part.raw!, bytes);
      }
      if (merged.length > 0 || batches.length === 0) add(rowsToArrow(target, merged));
    }
    return new arrow.Table(schema, batches);
  }

  /** One Parquet data file as Arrow in the reading schema `target`; undefined where it needs rows. */
  private readFileColumnar(
    entry: ManifestEntry,
    target: RowType,
    bytes?: Uint8Array,
  ): arrow.Table | undefined {
    const path = this.dataFilePath(entry);
    if (!path.endsWith('.parquet')) return undefined;
    const fileType = this.table.schemaFor(entry.file.schemaId);
    const byId = new Map(fileType.fields.map((f) => [f.id, f]));
    const sources = target.fields.map((f) => byId.get(f.id));
    if (sources.some((s, i) => s !== undefined && !typesEqual(s.type, target.fields[i]!.type)))
      return undefined;
    const present = sources.flatMap((s) => (s ? [s.name] : []));
    // With no column to read, one is read all the same: the row count comes with it.
    const read = readParquetAsArrow(
      bytes ?? this.readBytes(path),
      path,
      present.length > 0 ? present : fileType.fields.slice(0, 1).map((f) => f.name),
    );
    if (read.numRows !== entry.file.rowCount) return undefined;
    // The file's columns under the reading names (absent ones are filled in by conformArrowTable).
    const kept = target.fields.flatMap((f, i) => {
      const source = sources[i];
      const at = source ? read.schema.fields.findIndex((x) => x.name === source.name) : -1;
      return at < 0 ? [] : [{ name: f.name, at }];
    });
    const schema = new arrow.Schema(kept.map((k) => new arrow.Field(k.name, read.schema.fields[k.at]!.type)));
    const renamed = new arrow.Table(
      schema,
      read.batches.map(
        (batch) =>
          new arrow.RecordBatch(
            schema,
            arrow.makeData({
              type: new arrow.Struct(schema.fields),
              length: batch.numRows,
              nullCount: 0,
              children: kept.map((k) => batch.data.children[k.at]!),
            }),
          ),
      ),
    );
    if (kept.length !== present.length) return undefined; // a column not found by its name: rows find it by id
    try {
      return conformArrowTable(renamed, target, this.table.name, false);
    } catch (e) {
      if (e instanceof SchemaMismatchError) return undefined;
      throw e;
    }
  }

  private readBytes(path: string): Uint8Array {
    try {
      return this.table.io.readFile(path);
    } catch (e) {
      if (e instanceof FileNotFoundError) throw new DataFileNotFoundError(path);
      throw e;
    }
  }

  /**
   * The bytes of a raw section's file, or undefined when the file must be merged after all: its metadata
   * counts no -U/-D record, but pypaimon (2.x) writes `deleteRowCount` 0 for every file, so the records'
   * `_VALUE_KIND` is what decides. Read once: the raw read goes on with these bytes.
   */
  private rawBytes(entry: ManifestEntry): Uint8Array | undefined {
    const path = this.dataFilePath(entry);
    const bytes = this.readBytes(path);
    const format = getFileFormat(path.slice(path.lastIndexOf('.') + 1));
    const kinds = format.read(bytes, rowType([VALUE_KIND_FIELD]), path, [VALUE_KIND_FIELD.name]);
    return kinds.some((r) => isRetract(r[VALUE_KIND_FIELD.name] as RowKind)) ? undefined : bytes;
  }

  private readFile(entry: ManifestEntry, read?: Uint8Array): Row[] {
    const path = this.dataFilePath(entry);
    const bytes = read ?? this.readBytes(path);
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
