import type { Clock } from '../../../common/clock.js';
import type { FileIO } from '../../../common/io/file-io.js';
import type { Random } from '../../../common/random.js';
import { DataFileNotFoundError, FileNotFoundError } from '../../errors.js';
import { getFileFormat } from '../../format/registry.js';
import { FileNameGenerator } from '../../meta/path-factory.js';
import { encodeBinaryRow } from '../../spec/binary-row.js';
import type { DataFileMeta, FileSource } from '../../spec/data-file-meta.js';
import type { DataField, DataType, RowType } from '../../spec/data-types.js';
import { isRetract, KEY_FIELD_PREFIX, keyValueRowType } from '../../spec/key-value.js';
import { SimpleStatsCollector, statsSourceOf } from '../../spec/simple-stats.js';
import type { Row } from '../../spec/values.js';
import { widenValue } from '../schema-change.js';
import { columnStatsModes, type StatsSettings } from '../stats-modes.js';
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

  constructor(private readonly ctx: KeyValueFileContext) {
    this.rowType = keyValueRowType(ctx.fields, ctx.keyNames);
    this.keyNames = ctx.keyNames.map((k) => KEY_FIELD_PREFIX + k);
  }

  newNames(): FileNameGenerator {
    return new FileNameGenerator(this.ctx.random, 'data-', `.${this.ctx.formatIdentifier}`);
  }

  /** Writes sorted records into files of about `target-file-size`; returns their metadata. */
  write(
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

  /** Deletes a data file no snapshot references (an intermediate compaction output). */
  delete(path: string): void {
    this.ctx.io.delete(path);
  }

  /** Reads every record of a file, values mapped onto the current schema by field id. */
  read(path: string, meta: DataFileMeta): KeyValue[] {
    let bytes: Uint8Array;
    try {
      bytes = this.ctx.io.readFile(path);
    } catch (e) {
      if (e instanceof FileNotFoundError) throw new DataFileNotFoundError(path);
      throw e;
    }
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
    const source = statsSourceOf(this.ctx.formatIdentifier);
    // `KeyValueFileWriterFactory.statsProducer`: one mode per column of the written row (`_KEY_<k>`…, the
    // value columns); the `_KEY_` columns of a Parquet file are system fields with truncate(128).
    const keyStats = new SimpleStatsCollector(
      this.ctx.keyTypes,
      columnStatsModes(this.ctx.stats, this.keyNames, source),
      source,
    );
    const fields = this.ctx.fields;
    const valueNames = fields.map((f) => f.name);
    const valueStats = new SimpleStatsCollector(
      fields.map((f) => f.type),
      columnStatsModes(this.ctx.stats, valueNames, source),
      source,
    );
    let minSeq = Number.MAX_SAFE_INTEGER;
    let maxSeq = -1;
    let retractions = 0;
    for (const r of records) {
      for (let i = 0; i < r.key.length; i++) keyStats.addField(i, r.key[i]);
      for (let i = 0; i < fields.length; i++) valueStats.addField(i, r.value[fields[i]!.name] ?? null);
      if (r.sequenceNumber < minSeq) minSeq = r.sequenceNumber;
      if (r.sequenceNumber > maxSeq) maxSeq = r.sequenceNumber;
      if (isRetract(r.kind)) retractions++;
    }
    // `KeyValueDataFileWriter.result`: key stats in all mode, value stats dense or not as the table says.
    const values = valueStats.toBinary(valueNames, this.ctx.stats.denseStore);
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
