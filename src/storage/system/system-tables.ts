import type { Table as ArrowTable } from 'apache-arrow';
import { PaimonSimError } from '../errors.js';
import { rowsToArrow } from '../format/arrow-rows.js';
import { decodeBinaryRow } from '../spec/binary-row.js';
import {
  type DataField,
  type DataType,
  fieldToJson,
  parseDataType,
  type RowType,
  rowType,
} from '../spec/data-types.js';
import { trimmedPrimaryKeys } from '../spec/key-value.js';
import { type DecodedStats, decodeSimpleStats, decodeValueStats } from '../spec/simple-stats.js';
import { durationToIso } from '../spec/tag.js';
import { dateToIso, type Row, Timestamp } from '../spec/values.js';
import type { FileStoreTable } from '../table/table.js';
import { TableRead } from '../table/table-read.js';
import { timeTravelSnapshot, tryTimeTravel } from '../table/time-travel.js';

/**
 * Paimon's system tables (`org.apache.paimon.table.system.*Table`), read as `db.table$name`: the same column
 * names, types and order as Paimon 2.0, computed from the table's files.
 */
export interface SystemTable {
  readonly name: string;
  readonly rowType: RowType;
  readRows(): Row[];
  readArrow(): ArrowTable;
}

export const SYSTEM_TABLE_NAMES = [
  'snapshots',
  'tags',
  'schemas',
  'options',
  'manifests',
  'files',
  'audit_log',
  'partitions',
] as const;
export type SystemTableName = (typeof SYSTEM_TABLE_NAMES)[number];

type Columns = readonly (readonly [string, string])[];

const COLUMNS: Record<Exclude<SystemTableName, 'audit_log'>, Columns> = {
  snapshots: [
    ['snapshot_id', 'BIGINT NOT NULL'],
    ['schema_id', 'BIGINT NOT NULL'],
    ['commit_user', 'STRING NOT NULL'],
    ['commit_identifier', 'BIGINT NOT NULL'],
    ['commit_kind', 'STRING NOT NULL'],
    ['commit_time', 'TIMESTAMP(3) NOT NULL'],
    ['base_manifest_list', 'STRING NOT NULL'],
    ['delta_manifest_list', 'STRING NOT NULL'],
    ['changelog_manifest_list', 'STRING'],
    ['total_record_count', 'BIGINT'],
    ['delta_record_count', 'BIGINT'],
    ['changelog_record_count', 'BIGINT'],
    ['watermark', 'BIGINT'],
    ['next_row_id', 'BIGINT'],
    ['operation', 'STRING'],
    ['writer_version', 'STRING'],
  ],
  tags: [
    ['tag_name', 'STRING NOT NULL'],
    ['snapshot_id', 'BIGINT NOT NULL'],
    ['schema_id', 'BIGINT NOT NULL'],
    ['commit_time', 'TIMESTAMP(3) NOT NULL'],
    ['record_count', 'BIGINT'],
    ['create_time', 'TIMESTAMP(3)'],
    ['time_retained', 'STRING'],
  ],
  schemas: [
    ['schema_id', 'BIGINT NOT NULL'],
    ['fields', 'STRING NOT NULL'],
    ['partition_keys', 'STRING NOT NULL'],
    ['primary_keys', 'STRING NOT NULL'],
    ['options', 'STRING NOT NULL'],
    ['comment', 'STRING'],
    ['update_time', 'TIMESTAMP(3) NOT NULL'],
  ],
  options: [
    ['key', 'STRING NOT NULL'],
    ['value', 'STRING NOT NULL'],
  ],
  manifests: [
    ['file_name', 'STRING NOT NULL'],
    ['file_size', 'BIGINT NOT NULL'],
    ['num_added_files', 'BIGINT NOT NULL'],
    ['num_deleted_files', 'BIGINT NOT NULL'],
    ['schema_id', 'BIGINT NOT NULL'],
    ['min_partition_stats', 'STRING'],
    ['max_partition_stats', 'STRING'],
    ['min_row_id', 'BIGINT'],
    ['max_row_id', 'BIGINT'],
  ],
  files: [
    ['partition', 'STRING'],
    ['bucket', 'INT NOT NULL'],
    ['file_path', 'STRING NOT NULL'],
    ['file_format', 'STRING NOT NULL'],
    ['schema_id', 'BIGINT NOT NULL'],
    ['level', 'INT NOT NULL'],
    ['record_count', 'BIGINT NOT NULL'],
    ['file_size_in_bytes', 'BIGINT NOT NULL'],
    ['min_key', 'STRING'],
    ['max_key', 'STRING'],
    ['null_value_counts', 'STRING NOT NULL'],
    ['min_value_stats', 'STRING NOT NULL'],
    ['max_value_stats', 'STRING NOT NULL'],
    ['min_sequence_number', 'BIGINT'],
    ['max_sequence_number', 'BIGINT'],
    ['creation_time', 'TIMESTAMP(3)'],
    ['deleteRowCount', 'BIGINT'],
    ['file_source', 'STRING'],
    ['first_row_id', 'BIGINT'],
    ['write_cols', 'ARRAY<STRING>'],
  ],
  partitions: [
    ['partition', 'STRING'],
    ['record_count', 'BIGINT NOT NULL'],
    ['file_size_in_bytes', 'BIGINT NOT NULL'],
    ['file_count', 'BIGINT NOT NULL'],
    ['last_update_time', 'TIMESTAMP(3)'],
    ['created_at', 'TIMESTAMP(3)'],
    ['created_by', 'STRING'],
    ['updated_by', 'STRING'],
    ['options', 'STRING'],
    ['total_buckets', 'INT NOT NULL'],
    ['done', 'BOOLEAN NOT NULL'],
    ['deleted_record_count', 'BIGINT'],
  ],
};

function typeOf(columns: Columns): RowType {
  return rowType(columns.map(([name, type], id) => ({ id, name, type: parseDataType(type) })));
}

/**
 * A system table of `table`. Tables that read data at a snapshot ($files, $audit_log, $partitions,
 * $manifests) honour the table's time-travel options, as Paimon's wrap the data table copied with them: they
 * see the travelled-to snapshot, in its schema (`AbstractFileStoreTable.tryTimeTravel`).
 */
export function systemTable(dataTable: FileStoreTable, name: string): SystemTable {
  const table = tryTimeTravel(dataTable);
  const key = name.replace(/^\$/, '') as SystemTableName;
  if (!SYSTEM_TABLE_NAMES.includes(key)) {
    throw new PaimonSimError(
      `Unknown system table '${name}' of table ${table.name} (known: ${SYSTEM_TABLE_NAMES.map((n) => `$${n}`).join(', ')})`,
    );
  }
  const type =
    key === 'audit_log'
      ? rowType([
          { id: -1, name: 'rowkind', type: parseDataType('STRING NOT NULL') },
          ...table.rowType.fields,
        ])
      : typeOf(COLUMNS[key]);
  const readRows = () => ROWS[key](table);
  return {
    name: `${table.name}$${key}`,
    rowType: type,
    readRows,
    readArrow: () => rowsToArrow(type, readRows()),
  };
}

const ROWS: Record<SystemTableName, (t: FileStoreTable) => Row[]> = {
  snapshots: (t) =>
    t.snapshotManager.snapshots().map((s) => ({
      snapshot_id: BigInt(s.id),
      schema_id: BigInt(s.schemaId),
      commit_user: s.commitUser,
      commit_identifier: s.commitIdentifier,
      commit_kind: s.commitKind,
      commit_time: new Timestamp(s.timeMillis),
      base_manifest_list: s.baseManifestList,
      delta_manifest_list: s.deltaManifestList,
      changelog_manifest_list: s.changelogManifestList ?? null,
      total_record_count: BigInt(s.totalRecordCount),
      delta_record_count: BigInt(s.deltaRecordCount),
      changelog_record_count: s.changelogRecordCount === undefined ? null : BigInt(s.changelogRecordCount),
      watermark: s.watermark ?? null,
      next_row_id: s.nextRowId === undefined ? null : BigInt(s.nextRowId),
      operation: s.operation ?? null,
      writer_version: s.writerVersion ?? null,
    })),
  tags: (t) =>
    t
      .tagManager()
      .tags()
      .map(({ name, tag, snapshot }) => ({
        tag_name: name,
        snapshot_id: BigInt(snapshot.id),
        schema_id: BigInt(snapshot.schemaId),
        commit_time: new Timestamp(snapshot.timeMillis),
        record_count: BigInt(snapshot.totalRecordCount),
        create_time: tag.tagCreateTimeMs === null ? null : new Timestamp(tag.tagCreateTimeMs),
        time_retained: tag.tagTimeRetainedMs === null ? null : durationToIso(tag.tagTimeRetainedMs),
      })),
  schemas: (t) =>
    t.schemaManager.listIds().map((id) => {
      const s = t.schemaManager.schema(id);
      return {
        schema_id: BigInt(s.id),
        fields: JSON.stringify(s.fields.map(fieldToJson)),
        partition_keys: JSON.stringify(s.partitionKeys),
        primary_keys: JSON.stringify(s.primaryKeys),
        options: JSON.stringify(s.options),
        comment: s.comment,
        update_time: new Timestamp(s.timeMillis),
      };
    }),
  options: (t) => Object.entries(t.schema.options).map(([key, value]) => ({ key, value })),
  manifests: (t) => {
    // `ManifestsTable`: `TimeTravelUtil.tryTravelOrLatest`.
    const snapshot = timeTravelSnapshot(t) ?? t.snapshotManager.latestSnapshot();
    if (!snapshot) return [];
    return t
      .newScan()
      .dataManifests(snapshot)
      .map((m) => {
        const stats = decodeSimpleStats(t.partitionTypes, m.partitionStats);
        return {
          file_name: m.fileName,
          file_size: BigInt(m.fileSize),
          num_added_files: BigInt(m.numAddedFiles),
          num_deleted_files: BigInt(m.numDeletedFiles),
          schema_id: BigInt(m.schemaId),
          min_partition_stats: rowText(t.partitionTypes, stats.min),
          max_partition_stats: rowText(t.partitionTypes, stats.max),
          min_row_id: m.minRowId === null ? null : BigInt(m.minRowId),
          max_row_id: m.maxRowId === null ? null : BigInt(m.maxRowId),
        };
      });
  },
  files: (t) => {
    const read = new TableRead(t);
    const scan = t.newScan();
    // `FilesTable.StatsLazyGetter`: the stats print as a `TreeMap` of the table's current fields, by name.
    const current = [...t.rowType.fields].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // `FilesTable`: primary-key tables show keys as `Arrays.toString` of the key values; append tables null.
    const keyNames =
      t.schema.primaryKeys.length === 0
        ? []
        : trimmedPrimaryKeys(t.schema.primaryKeys, t.schema.partitionKeys);
    const keyTypes = keyNames.map((k) => t.rowType.fields.find((x) => x.name === k)!.type);
    const keyText = (bytes: Uint8Array) =>
      keyTypes.length === 0
        ? null
        : `[${decodeBinaryRow(keyTypes, bytes)
            .map((v, i) => valueText(keyTypes[i]!, v))
            .join(', ')}]`;
    return t
      .newReadBuilder()
      .plan()
      .map((e) => {
        const f = e.file;
        const path = read.dataFilePath(e);
        const stats = fileStatsByCurrentField(
          t.schemaFor(f.schemaId).fields,
          current,
          decodeValueStats(t.schemaFor(f.schemaId).fields, f.valueStats, f.valueStatsCols),
          f.rowCount,
        );
        const named = (text: (s: FieldStats) => string) =>
          `{${stats.map((s) => `${s.name}=${text(s)}`).join(', ')}}`;
        return {
          partition: rowText(t.partitionTypes, scan.partitionValues(e.partition)),
          bucket: e.bucket,
          file_path: path,
          file_format: path.slice(path.lastIndexOf('.') + 1),
          schema_id: BigInt(f.schemaId),
          level: f.level,
          record_count: BigInt(f.rowCount),
          file_size_in_bytes: BigInt(f.fileSize),
          min_key: keyText(f.minKey),
          max_key: keyText(f.maxKey),
          null_value_counts: named((s) => String(s.nullCount)),
          min_value_stats: named((s) => valueText(s.type, s.min)),
          max_value_stats: named((s) => valueText(s.type, s.max)),
          min_sequence_number: BigInt(f.minSequenceNumber),
          max_sequence_number: BigInt(f.maxSequenceNumber),
          creation_time: f.creationTimeMs === null ? null : new Timestamp(f.creationTimeMs),
          deleteRowCount: f.deleteRowCount === null ? null : BigInt(f.deleteRowCount),
          file_source: f.fileSource === null ? null : f.fileSource === 0 ? 'APPEND' : 'COMPACT',
          first_row_id: f.firstRowId === null ? null : BigInt(f.firstRowId),
          write_cols: f.writeCols === null ? null : [...f.writeCols],
        };
      });
  },
  // `AuditLogTable`: merged rows with their row kind; deletes not yet compacted away are kept.
  audit_log: (t) =>
    t
      .newReadBuilder()
      .readWithKinds(true)
      .map(({ kind, row }) => ({ rowkind: kind, ...row })),
  partitions: (t) => {
    if (t.schema.partitionKeys.length === 0) return [];
    const scan = t.newScan();
    const byPartition = new Map<
      string,
      { values: unknown[]; rows: number; bytes: number; files: number; last: number; buckets: number }
    >();
    for (const e of t.newReadBuilder().plan()) {
      const values = scan.partitionValues(e.partition);
      const key = JSON.stringify(values, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
      // `PartitionEntry.totalBuckets`: the bucket number the partition's files were written with, which
      // differs from the `bucket` option after an ALTER TABLE until the partition is rescaled.
      const p = byPartition.get(key) ?? {
        values,
        rows: 0,
        bytes: 0,
        files: 0,
        last: 0,
        buckets: e.totalBuckets,
      };
      p.rows += e.file.rowCount;
      p.bytes += e.file.fileSize;
      p.files += 1;
      p.last = Math.max(p.last, e.file.creationTimeMs ?? 0);
      byPartition.set(key, p);
    }
    const defaultName = t.options.string('partition.default-name')!;
    return [...byPartition.values()].map((p) => ({
      partition: t.schema.partitionKeys
        .map(
          (k, i) =>
            `${k}=${p.values[i] === null ? defaultName : valueText(t.partitionTypes[i]!, p.values[i])}`,
        )
        .join('/'),
      record_count: BigInt(p.rows),
      file_size_in_bytes: BigInt(p.bytes),
      file_count: BigInt(p.files),
      last_update_time: new Timestamp(p.last),
      created_at: null,
      created_by: null,
      updated_by: null,
      options: null,
      total_buckets: p.buckets,
      done: false,
      deleted_record_count: null,
    }));
  },
};

/** A row as Paimon casts it to a string: `{v1, v2}`. */
/** One current field's stats in a data file. */
interface FieldStats {
  readonly name: string;
  /** The field's type in the file (the stats are not cast to a changed type). */
  readonly type: DataType;
  readonly min: unknown;
  readonly max: unknown;
  readonly nullCount: number | null;
}

/**
 * A file's decoded value stats (over its own schema's fields) for the table's current fields, matched by
 * field id (`SimpleStatsEvolution`): a field the file's schema lacks has no min/max and, being null in every
 * row, a null count of the file's row count (`NullCountsEvoArray`).
 */
function fileStatsByCurrentField(
  fileFields: readonly DataField[],
  current: readonly DataField[],
  stats: DecodedStats,
  rowCount: number,
): FieldStats[] {
  return current.map((field) => {
    const i = fileFields.findIndex((f) => f.id === field.id);
    if (i < 0) return { name: field.name, type: field.type, min: null, max: null, nullCount: rowCount };
    return {
      name: field.name,
      type: fileFields[i]!.type,
      min: stats.min[i] ?? null,
      max: stats.max[i] ?? null,
      nullCount: stats.nullCounts?.[i] ?? null,
    };
  });
}

function rowText(types: readonly DataType[], values: readonly unknown[]): string {
  return `{${values.map((v, i) => valueText(types[i]!, v)).join(', ')}}`;
}

/** A value as Paimon's cast to STRING prints it (DATE as ISO date, TIMESTAMP as `yyyy-MM-dd HH:mm:ss.SSS`). */
function valueText(type: DataType, v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (type.root === 'DATE') return dateToIso(v as number);
  if (v instanceof Timestamp) return v.toString().replace('T', ' ');
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  return String(v);
}
