import * as arrow from 'apache-arrow';
import type { Clock } from '../../common/clock.js';
import type { FileIO } from '../../common/io/file-io.js';
import type { Random } from '../../common/random.js';
import { arrowToRows, rowsToArrow } from '../format/arrow-rows.js';
import type { FileFormat } from '../format/file-format.js';
import { FileNameGenerator } from '../meta/path-factory.js';
import { EMPTY_BINARY_ROW } from '../spec/binary-row.js';
import { type DataFileMeta, FileSource } from '../spec/data-file-meta.js';
import type { RowType } from '../spec/data-types.js';
import {
  EMPTY_SIMPLE_STATS,
  type SimpleStats,
  SimpleStatsCollector,
  type StatsMode,
  statsSourceOf,
} from '../spec/simple-stats.js';
import type { Row } from '../spec/values.js';
import { collectArrowStats } from './arrow-stats.js';
import { columnStatsModes, type StatsSettings } from './stats-modes.js';

export interface AppendWriterContext {
  readonly io: FileIO;
  readonly clock: Clock;
  readonly random: Random;
  readonly rowType: RowType;
  readonly schemaId: number;
  readonly format: FileFormat;
  readonly compression: string;
  /** `target-file-size`: a flush larger than this is split into several files. */
  readonly targetFileSize: number;
  /** `metadata.stats-mode`, `fields.<column>.stats-mode`, `metadata.stats-dense-store`. */
  readonly stats: StatsSettings;
}

/**
 * Buffers the rows of one partition + bucket of an append table and flushes them to data files
 * (`AppendOnlyWriter`). Every row takes the next sequence number, continuing from the bucket's largest
 * committed one in a fixed bucket, so its files have increasing, non-overlapping sequence ranges; a
 * bucket-unaware writer starts at 0 (`AppendFileStoreWrite` ignores previous files).
 */
export class AppendBucketWriter {
  /** Buffered input in write order: runs of rows and Arrow tables laid out as `toArrowSchema(rowType)`. */
  private chunks: (Row[] | arrow.Table)[] = [];
  private buffered = 0;
  private readonly names: FileNameGenerator;

  constructor(
    private readonly ctx: AppendWriterContext,
    private readonly bucketDir: string,
    private nextSequenceNumber: number,
  ) {
    this.names = new FileNameGenerator(ctx.random, 'data-', `.${ctx.format.identifier}`);
  }

  write(row: Row): void {
    const last = this.chunks[this.chunks.length - 1];
    if (Array.isArray(last)) last.push(row);
    else this.chunks.push([row]);
    this.buffered++;
  }

  /** Buffers an Arrow table already checked and laid out as `toArrowSchema(rowType)` (arrow-input.ts). */
  writeArrow(table: arrow.Table): void {
    if (table.numRows === 0) return;
    this.chunks.push(table);
    this.buffered += table.numRows;
  }

  get bufferedRows(): number {
    return this.buffered;
  }

  /**
   * Writes buffered rows to new data files and returns their metadata (nothing when the buffer is empty).
   * Input that came as Arrow stays columnar when the format writes Arrow (Parquet): files and stats come
   * from the Arrow buffers, rows written alongside are converted once; otherwise everything goes as rows.
   */
  flush(): DataFileMeta[] {
    if (this.buffered === 0) return [];
    const chunks = this.chunks;
    this.chunks = [];
    this.buffered = 0;
    const { rowType, format } = this.ctx;
    if (chunks.every((c) => Array.isArray(c))) return this.flushRows(chunks.flat());
    if (!format.writeArrow)
      return this.flushRows(chunks.flatMap((c) => (Array.isArray(c) ? c : arrowToRows(c, rowType))));
    const tables = chunks.map((c) => (Array.isArray(c) ? rowsToArrow(rowType, c) : c));
    const schema = tables[0]!.schema;
    return this.flushArrow(
      new arrow.Table(
        schema,
        tables.flatMap((t) => t.batches.map((b) => new arrow.RecordBatch(schema, b.data))),
      ),
    );
  }

  private flushRows(rows: Row[]): DataFileMeta[] {
    const whole = this.encode(rows);
    const parts = Math.min(rows.length, Math.ceil(whole.length / this.ctx.targetFileSize));
    if (parts <= 1) return [this.writeFile(rows, whole)];
    const chunk = Math.ceil(rows.length / parts);
    const files: DataFileMeta[] = [];
    for (let i = 0; i < rows.length; i += chunk) {
      const slice = rows.slice(i, i + chunk);
      files.push(this.writeFile(slice, this.encode(slice)));
    }
    return files;
  }

  /** `flushRows` on an Arrow table: the same split by `target-file-size`, the same stats. */
  private flushArrow(table: arrow.Table): DataFileMeta[] {
    const whole = this.encodeArrow(table);
    const n = table.numRows;
    const parts = Math.min(n, Math.ceil(whole.length / this.ctx.targetFileSize));
    if (parts <= 1) return [this.writeArrowFile(table, whole)];
    const chunk = Math.ceil(n / parts);
    const files: DataFileMeta[] = [];
    for (let i = 0; i < n; i += chunk) {
      const slice = table.slice(i, i + chunk);
      files.push(this.writeArrowFile(slice, this.encodeArrow(slice)));
    }
    return files;
  }

  private encodeArrow(table: arrow.Table): Uint8Array {
    return this.ctx.format.writeArrow!(this.ctx.rowType, table, {
      compression: this.ctx.compression,
      random: this.ctx.random,
    });
  }

  private writeArrowFile(table: arrow.Table, bytes: Uint8Array): DataFileMeta {
    const fileName = this.names.next();
    this.ctx.io.writeFile(`${this.bucketDir}/${fileName}`, bytes);
    const { collector, modes, names } = this.statsCollector();
    collectArrowStats(collector, this.ctx.rowType, modes, table);
    return this.fileMeta(
      fileName,
      bytes,
      table.numRows,
      collector.toBinary(names, this.ctx.stats.denseStore),
    );
  }

  private encode(rows: readonly Row[]): Uint8Array {
    return this.ctx.format.write(this.ctx.rowType, rows, {
      compression: this.ctx.compression,
      random: this.ctx.random,
    });
  }

  private writeFile(rows: readonly Row[], bytes: Uint8Array): DataFileMeta {
    const fileName = this.names.next();
    this.ctx.io.writeFile(`${this.bucketDir}/${fileName}`, bytes);
    const { collector: stats, names } = this.statsCollector();
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      for (const row of rows) stats.addField(i, row[name]);
    }
    return this.fileMeta(fileName, bytes, rows.length, stats.toBinary(names, this.ctx.stats.denseStore));
  }

  private statsCollector(): { collector: SimpleStatsCollector; modes: StatsMode[]; names: string[] } {
    const fields = this.ctx.rowType.fields;
    const names = fields.map((f) => f.name);
    const source = statsSourceOf(this.ctx.format.identifier);
    const modes = columnStatsModes(this.ctx.stats, names, source);
    // `BaseAppendFileStoreWrite.statsCollectors` → `StatsCollectorFactories.createStatsFactories`.
    const collector = new SimpleStatsCollector(
      fields.map((f) => f.type),
      modes,
      source,
    );
    return { collector, modes, names };
  }

  private fileMeta(
    fileName: string,
    bytes: Uint8Array,
    rowCount: number,
    valueStats: { stats: SimpleStats; cols: string[] | null },
  ): DataFileMeta {
    const minSequenceNumber = this.nextSequenceNumber;
    this.nextSequenceNumber += rowCount;
    return {
      fileName,
      fileSize: bytes.length,
      rowCount,
      minKey: EMPTY_BINARY_ROW,
      maxKey: EMPTY_BINARY_ROW,
      keyStats: EMPTY_SIMPLE_STATS,
      valueStats: valueStats.stats,
      minSequenceNumber,
      maxSequenceNumber: this.nextSequenceNumber - 1,
      schemaId: this.ctx.schemaId,
      level: 0,
      extraFiles: [],
      creationTimeMs: this.ctx.clock.nowMs(),
      deleteRowCount: 0,
      embeddedIndex: null,
      fileSource: FileSource.APPEND,
      valueStatsCols: valueStats.cols,
      externalPath: null,
      firstRowId: null,
      writeCols: null,
    };
  }
}
