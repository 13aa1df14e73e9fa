import * as arrow from 'apache-arrow';
import type { Clock } from '../../../common/clock.js';
import type { FileIO } from '../../../common/io/file-io.js';
import type { Random } from '../../../common/random.js';
import { DataFileNotFoundError, FileNotFoundError } from '../../errors.js';
import { arrowToRows, columnsToArrow } from '../../format/arrow-rows.js';
import { toArrowSchema } from '../../format/arrow-schema.js';
import type { FileFormat } from '../../format/file-format.js';
import { getFileFormat } from '../../format/registry.js';
import { FileNameGenerator } from '../../meta/path-factory.js';
import { encodeBinaryRow } from '../../spec/binary-row.js';
import type { DataFileMeta, FileSource } from '../../spec/data-file-meta.js';
import { type DataField, type DataType, type RowType, rowType } from '../../spec/data-types.js';
import { isRetract, KEY_FIELD_PREFIX, keyValueRowType, type RowKind } from '../../spec/key-value.js';
import { SimpleStatsCollector, statsSourceOf } from '../../spec/simple-stats.js';
import type { Row } from '../../spec/values.js';
import { collectArrowStats } from '../arrow-stats.js';
import { widenValue } from '../schema-change.js';
import { columnStatsModes, type StatsSettings } from '../stats-modes.js';
import { gatherColumn, isGatherable } from './arrow-gather.js';
import type { KeyValue } from './merge-function.js';

export interface KeyValueFileContext {
  readonly io: FileIO;
  readonly clock: Clock;
  readonly random: Random;
  readonly schemaId: number;
  /** Fields of the current schema (the value part of every record). */
  readonly fields: readonly DataField[];
  /** Trimmed primary key (without partition keys): the `_KEY_` columns. */
  readonly keyNames: readonly string[];
  readonly keyTypes: readonly DataType[];
  readonly formatIdentifier: string;
  readonly compression: string;
  readonly targetFileSize: number;
  /** `metadata.stats-mode`, `fields.<column>.stats-mode`, `metadata.stats-dense-store`. */
  readonly stats: StatsSettings;
  /** Row type of the table at a schema id (files keep the schema they were written with). */
  readonly fieldsOfSchema: (schemaId: number) => readonly DataField[];
}

/**
 * Writes and reads primary-key data files (`KeyValueFileWriterFactory`, `KeyValueDataFileWriter`,
 * `KeyValueFileReaderFactory`). Records must arrive sorted by key, one per key after merging; each file
 * records its min/max key as BinaryRow, key and value stats in the table's stats modes, the sequence number range and how many retractions (-U/-D) it holds.
 */
export class KeyValueFileIO {
  private readonly rowType: RowType;
  private readonly keyNames: string[];
  private readonly rowTypes = new Map<number, RowType>();
  /** The format, when it writes and reads Arrow and its stats come from the file's footer (Parquet). */
  private readonly columnarFormat: FileFormat | undefined;
  private readonly arrowSchema: arrow.Schema;

  constructor(private readonly ctx: KeyValueFileContext) {
    this.rowType = keyValueRowType(ctx.fields, ctx.keyNames);
    this.keyNames = ctx.keyNames.map((k) => KEY_FIELD_PREFIX + k);
    this.arrowSchema = toArrowSchema(this.rowType);
    const format = getFileFormat(ctx.formatIdentifier);
    const columnar = format.writeArrow && format.readArrow && statsSourceOf(format.identifier) === 'footer';
    this.columnarFormat = columnar ? format : undefined;
  }

  newNames(): FileNameGenerator {
    return new FileNameGenerator(this.ctx.random, 'data-', `.${this.ctx.formatIdentifier}`);
  }

  /**
   * Writes sorted records into files of about `target-file-size`; returns their metadata. A columnar format
   * gets the records as Arrow columns (no row object per record), with stats from the Arrow buffers: the
   * same file and stats as the row path (key-value-file.property.test.ts).
   */
  write(
    bucketDir: string,
    records: readonly KeyValue[],
    level: number,
    fileSource: FileSource,
    names: FileNameGenerator,
  ): DataFileMeta[] {
    if (records.length === 0) return [];
    if (this.columnarFormat)
      return this.writeTable(bucketDir, this.recordsToArrow(records), records, level, fileSource, names);
    return this.writeRows(bucketDir, records, level, fileSource, names);
  }

  /** The row path of `write` (Avro, whose stats Paimon collects from the rows). */
  writeRows(
    bucketDir: string,
    records: readonly KeyValue[],
    level: number,
    fileSource: FileSource,
    names: FileNameGenerator,
  ): DataFileMeta[] {
    if (records.length === 0) return [];
    const rows = records.map((r) => this.toRow(r));
    const whole = this.encode(rows);
    const parts = Math.min(rows.length, Math.ceil(whole.length / this.ctx.targetFileSize));
    if (parts <= 1) return [this.writeFile(bucketDir, records, whole, level, fileSource, names)];
    const chunk = Math.ceil(rows.length / parts);
    const files: DataFileMeta[] = [];
    for (let i = 0; i < rows.length; i += chunk) {
      const bytes = this.encode(rows.slice(i, i + chunk));
      files.push(this.writeFile(bucketDir, records.slice(i, i + chunk), bytes, level, fileSource, names));
    }
    return files;
  }

  /**
   * Reads a file for a columnar compaction: its columns as Arrow, and per record the key, sequence number,
   * kind and the `valueNames` columns (what ordering and choosing among records of one key need) with
   * where it sits (`run`, row). Undefined where only rows will do: a row format, a file of another schema,
   * several batches, or a column whose Arrow type is not the one this writer writes.
   */
  readColumnar(
    path: string,
    meta: DataFileMeta,
    run: number,
    valueNames: readonly string[],
  ): ColumnarRun | undefined {
    const format = this.columnarFormat;
    if (!format || meta.schemaId !== this.ctx.schemaId || !path.endsWith(`.${format.identifier}`))
      return undefined;
    const table = format.readArrow!(this.readBytes(path), this.rowType, path);
    if (table.batches.length !== 1) return undefined;
    const columns = table.batches[0]!.data.children;
    const fields = this.arrowSchema.fields;
    if (columns.length !== fields.length) return undefined;
    for (let c = 0; c < fields.length; c++) {
      const want = fields[c]!.type;
      if (!isGatherable(want) || !arrow.util.compareTypes(columns[c]!.type, want)) return undefined;
    }
    // The columns records are ordered and chosen by, as rows (value columns under their own names).
    const wanted = [...this.keyNames, '_SEQUENCE_NUMBER', '_VALUE_KIND', ...valueNames];
    const at = wanted.map((name) => this.rowType.fields.findIndex((f) => f.name === name));
    const narrowType = rowType(at.map((i) => this.rowType.fields[i]!));
    const narrowSchema = new arrow.Schema(at.map((i) => fields[i]!));
    const narrow = new arrow.Table(
      narrowSchema,
      new arrow.RecordBatch(
        narrowSchema,
        arrow.makeData({
          type: new arrow.Struct(narrowSchema.fields),
          length: table.numRows,
          nullCount: 0,
          children: at.map((i) => columns[i]!),
        }),
      ),
    );
    const rows = arrowToRows(narrow, narrowType);
    const keyNames = this.keyNames;
    const records: LocatedKeyValue[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      records[i] = {
        key: keyNames.map((k) => row[k]),
        sequenceNumber: Number(row._SEQUENCE_NUMBER),
        kind: row._VALUE_KIND as RowKind,
        value: row,
        level: meta.level,
        run,
        row: i,
      };
    }
    return { columns, records };
  }

  /**
   * Writes records chosen from columnar runs (records of `readColumnar`, in key order): their rows are
   * gathered column by column from the runs' Arrow columns, as they were read.
   */
  writeGathered(
    bucketDir: string,
    runs: readonly ColumnarRun[],
    records: readonly LocatedKeyValue[],
    level: number,
    fileSource: FileSource,
    names: FileNameGenerator,
  ): DataFileMeta[] {
    const n = records.length;
    if (n === 0) return [];
    const runOf = new Int32Array(n);
    const rowOf = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      runOf[k] = records[k]!.run;
      rowOf[k] = records[k]!.row;
    }
    const columns = this.arrowSchema.fields.map((f, c) =>
      gatherColumn(
        f.type,
        runs.map((r) => r.columns[c]!),
        runOf,
        rowOf,
      ),
    );
    return this.writeTable(
      bucketDir,
      columnsToArrow(this.rowType, columns, n),
      records,
      level,
      fileSource,
      names,
    );
  }

  /** Records as the Arrow columns of the key-value row type (`_KEY_`…, sequence number, kind, values). */
  private recordsToArrow(records: readonly KeyValue[]): arrow.Table {
    const n = records.length;
    const columns: (unknown[] | arrow.Data)[] = [];
    for (let i = 0; i < this.keyNames.length; i++) columns.push(records.map((r) => r.key[i]));
    const sequence = new BigInt64Array(n);
    const kinds = new Int8Array(n);
    for (let i = 0; i < n; i++) {
      sequence[i] = BigInt(records[i]!.sequenceNumber);
      kinds[i] = records[i]!.kind;
    }
    columns.push(arrow.makeData({ type: new arrow.Int64(), length: n, nullCount: 0, data: sequence }));
    columns.push(arrow.makeData({ type: new arrow.Int8(), length: n, nullCount: 0, data: kinds }));
    for (const f of this.ctx.fields) columns.push(records.map((r) => r.value[f.name] ?? null));
    return columnsToArrow(this.rowType, columns, n);
  }

  /** `writeRows` on an Arrow table of the records: the same split by `target-file-size`, the same stats. */
  private writeTable(
    bucketDir: string,
    table: arrow.Table,
    records: readonly KeyValue[],
    level: number,
    fileSource: FileSource,
    names: FileNameGenerator,
  ): DataFileMeta[] {
    const n = records.length;
    const whole = this.encodeArrow(table);
    const parts = Math.min(n, Math.ceil(whole.length / this.ctx.targetFileSize));
    if (parts <= 1) return [this.writeArrowFile(bucketDir, table, records, whole, level, fileSource, names)];
    const chunk = Math.ceil(n / parts);
    const files: DataFileMeta[] = [];
    for (let i = 0; i < n; i += chunk) {
      const slice = table.slice(i, i + chunk);
      const bytes = this.encodeArrow(slice);
      files.push(
        this.writeArrowFile(bucketDir, slice, records.slice(i, i + chunk), bytes, level, fileSource, names),
      );
    }
    return files;
  }

  private encodeArrow(table: arrow.Table): Uint8Array {
    return this.columnarFormat!.writeArrow!(this.rowType, table, {
      compression: this.ctx.compression,
      random: this.ctx.random,
    });
  }

  /** Deletes a data file no snapshot references (an intermediate compaction output). */
  delete(path: string): void {
    this.ctx.io.delete(path);
  }

  /** Reads every record of a file, values mapped onto the current schema by field id. */
  read(path: string, meta: DataFileMeta): KeyValue[] {
    const bytes = this.readBytes(path);
    const fileFields = this.ctx.fieldsOfSchema(meta.schemaId);
    const fileType = this.rowTypeOf(meta.schemaId, fileFields);
    const rows = getFileFormat(path.slice(path.lastIndexOf('.') + 1)).read(bytes, fileType, path);
    const sameSchema = meta.schemaId === this.ctx.schemaId;
    const byId = new Map(fileFields.map((f) => [f.id, f]));
    const keyNames = this.keyNames;
    const out: KeyValue[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      out[i] = {
        key: keyNames.map((k) => row[k]),
        sequenceNumber: Number(row._SEQUENCE_NUMBER),
        kind: row._VALUE_KIND as KeyValue['kind'],
        value: sameSchema ? row : this.evolve(row, byId),
        level: meta.level,
      };
    }
    return out;
  }

  private readBytes(path: string): Uint8Array {
    try {
      return this.ctx.io.readFile(path);
    } catch (e) {
      if (e instanceof FileNotFoundError) throw new DataFileNotFoundError(path);
      throw e;
    }
  }

  private evolve(row: Row, byId: Map<number, DataField>): Row {
    const out: Row = {};
    for (const f of this.ctx.fields) {
      const source = byId.get(f.id);
      out[f.name] = source ? widenValue(source.type, f.type, row[source.name] ?? null) : null;
    }
    return out;
  }

  private rowTypeOf(schemaId: number, fields: readonly DataField[]): RowType {
    let t = this.rowTypes.get(schemaId);
    if (!t) {
      t = keyValueRowType(fields, this.ctx.keyNames);
      this.rowTypes.set(schemaId, t);
    }
    return t;
  }

  private toRow(r: KeyValue): Row {
    // A record read from a file of the current schema carries that file's row (key, sequence number and kind
    // columns included); compaction mostly writes such records unchanged, so their row is written as it is.
    const v = r.value;
    if (
      r.level >= 0 &&
      typeof v._SEQUENCE_NUMBER === 'bigint' &&
      Number(v._SEQUENCE_NUMBER) === r.sequenceNumber &&
      v._VALUE_KIND === r.kind
    )
      return v;
    const row: Row = {};
    for (let i = 0; i < this.keyNames.length; i++) row[this.keyNames[i]!] = r.key[i];
    row._SEQUENCE_NUMBER = BigInt(r.sequenceNumber);
    row._VALUE_KIND = r.kind;
    for (const f of this.ctx.fields) row[f.name] = r.value[f.name] ?? null;
    return row;
  }

  private encode(rows: readonly Row[]): Uint8Array {
    return getFileFormat(this.ctx.formatIdentifier).write(this.rowType, rows, {
      compression: this.ctx.compression,
      random: this.ctx.random,
    });
  }

  private writeFile(
    bucketDir: string,
    records: readonly KeyValue[],
    bytes: Uint8Array,
    level: number,
    fileSource: FileSource,
    names: FileNameGenerator,
  ): DataFileMeta {
    const fileName = names.next();
    this.ctx.io.writeFile(`${bucketDir}/${fileName}`, bytes);
    const { keyStats, valueStats } = this.statsCollectors();
    const fields = this.ctx.fields;
    for (const r of records) {
      for (let i = 0; i < r.key.length; i++) keyStats.collector.addField(i, r.key[i]);
      for (let i = 0; i < fields.length; i++)
        valueStats.collector.addField(i, r.value[fields[i]!.name] ?? null);
    }
    return this.fileMeta(
      fileName,
      bytes,
      records,
      level,
      fileSource,
      keyStats.collector,
      valueStats.collector,
    );
  }

  /** `writeFile` for a file written from Arrow: the footer stats come from the Arrow buffers. */
  private writeArrowFile(
    bucketDir: string,
    table: arrow.Table,
    records: readonly KeyValue[],
    bytes: Uint8Array,
    level: number,
    fileSource: FileSource,
    names: FileNameGenerator,
  ): DataFileMeta {
    const fileName = names.next();
    this.ctx.io.writeFile(`${bucketDir}/${fileName}`, bytes);
    const { keyStats, valueStats } = this.statsCollectors();
    const keyCount = this.keyNames.length;
    const keyFields = this.rowType.fields.slice(0, keyCount);
    collectArrowStats(keyStats.collector, rowType(keyFields), keyStats.modes, columnsOf(table, 0, keyCount));
    collectArrowStats(
      valueStats.collector,
      rowType(this.ctx.fields),
      valueStats.modes,
      columnsOf(table, keyCount + 2, this.ctx.fields.length),
    );
    return this.fileMeta(
      fileName,
      bytes,
      records,
      level,
      fileSource,
      keyStats.collector,
      valueStats.collector,
    );
  }

  /**
   * `KeyValueFileWriterFactory.statsProducer`: one mode per column of the written row (`_KEY_<k>`…, the
   * value columns); the `_KEY_` columns of a Parquet file are system fields with truncate(128).
   */
  private statsCollectors() {
    const source = statsSourceOf(this.ctx.formatIdentifier);
    const keyModes = columnStatsModes(this.ctx.stats, this.keyNames, source);
    const valueModes = columnStatsModes(
      this.ctx.stats,
      this.ctx.fields.map((f) => f.name),
      source,
    );
    return {
      keyStats: { modes: keyModes, collector: new SimpleStatsCollector(this.ctx.keyTypes, keyModes, source) },
      valueStats: {
        modes: valueModes,
        collector: new SimpleStatsCollector(
          this.ctx.fields.map((f) => f.type),
          valueModes,
          source,
        ),
      },
    };
  }

  private fileMeta(
    fileName: string,
    bytes: Uint8Array,
    records: readonly KeyValue[],
    level: number,
    fileSource: FileSource,
    keyStats: SimpleStatsCollector,
    valueStats: SimpleStatsCollector,
  ): DataFileMeta {
    let minSeq = Number.MAX_SAFE_INTEGER;
    let maxSeq = -1;
    let retractions = 0;
    for (const r of records) {
      if (r.sequenceNumber < minSeq) minSeq = r.sequenceNumber;
      if (r.sequenceNumber > maxSeq) maxSeq = r.sequenceNumber;
      if (isRetract(r.kind)) retractions++;
    }
    // `KeyValueDataFileWriter.result`: key stats in all mode, value stats dense or not as the table says.
    const values = valueStats.toBinary(
      this.ctx.fields.map((f) => f.name),
      this.ctx.stats.denseStore,
    );
    return {
      fileName,
      fileSize: bytes.length,
      rowCount: records.length,
      minKey: encodeBinaryRow(this.ctx.keyTypes, records[0]!.key),
      maxKey: encodeBinaryRow(this.ctx.keyTypes, records[records.length - 1]!.key),
      keyStats: keyStats.result(),
      valueStats: values.stats,
      minSequenceNumber: minSeq,
      maxSequenceNumber: maxSeq,
      schemaId: this.ctx.schemaId,
      level,
      extraFiles: [],
      creationTimeMs: this.ctx.clock.nowMs(),
      deleteRowCount: retractions,
      embeddedIndex: null,
      fileSource,
      valueStatsCols: values.cols,
      externalPath: null,
      firstRowId: null,
      writeCols: null,
    };
  }
}

/** A record of a file read for columnar compaction, with where its row sits: run (file) and row. */
export interface LocatedKeyValue extends KeyValue {
  readonly run: number;
  readonly row: number;
}

/** One file read for columnar compaction: its Arrow columns (key-value row type) and its records. */
export interface ColumnarRun {
  readonly columns: readonly arrow.Data[];
  readonly records: LocatedKeyValue[];
}

/** Columns `from` .. `from + count` of a table, as a table of their own (no copy). */
function columnsOf(table: arrow.Table, from: number, count: number): arrow.Table {
  const schema = new arrow.Schema(table.schema.fields.slice(from, from + count));
  return new arrow.Table(
    schema,
    table.batches.map(
      (b) =>
        new arrow.RecordBatch(
          schema,
          arrow.makeData({
            type: new arrow.Struct(schema.fields),
            length: b.numRows,
            nullCount: 0,
            children: b.data.children.slice(from, from + count),
          }),
        ),
    ),
  );
}
