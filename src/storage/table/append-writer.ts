import type { Clock } from '../../common/clock.js';
import type { FileIO } from '../../common/io/file-io.js';
import type { Random } from '../../common/random.js';
import type { FileFormat } from '../format/file-format.js';
import { FileNameGenerator } from '../meta/path-factory.js';
import { EMPTY_BINARY_ROW } from '../spec/binary-row.js';
import { type DataFileMeta, FileSource } from '../spec/data-file-meta.js';
import type { RowType } from '../spec/data-types.js';
import { EMPTY_SIMPLE_STATS, SimpleStatsCollector, statsSourceOf } from '../spec/simple-stats.js';
import type { Row } from '../spec/values.js';
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
  private buffer: Row[] = [];
  private readonly names: FileNameGenerator;

  constructor(
    private readonly ctx: AppendWriterContext,
    private readonly bucketDir: string,
    private nextSequenceNumber: number,
  ) {
    this.names = new FileNameGenerator(ctx.random, 'data-', `.${ctx.format.identifier}`);
  }

  write(row: Row): void {
    this.buffer.push(row);
  }

  get bufferedRows(): number {
    return this.buffer.length;
  }

  /** Writes buffered rows to new data files and returns their metadata (nothing when the buffer is empty). */
  flush(): DataFileMeta[] {
    if (this.buffer.length === 0) return [];
    const rows = this.buffer;
    this.buffer = [];
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

  private encode(rows: readonly Row[]): Uint8Array {
    return this.ctx.format.write(this.ctx.rowType, rows, {
      compression: this.ctx.compression,
      random: this.ctx.random,
    });
  }

  private writeFile(rows: readonly Row[], bytes: Uint8Array): DataFileMeta {
    const fileName = this.names.next();
    this.ctx.io.writeFile(`${this.bucketDir}/${fileName}`, bytes);
    const fields = this.ctx.rowType.fields;
    const names = fields.map((f) => f.name);
    const source = statsSourceOf(this.ctx.format.identifier);
    // `BaseAppendFileStoreWrite.statsCollectors` → `StatsCollectorFactories.createStatsFactories`.
    const stats = new SimpleStatsCollector(
      fields.map((f) => f.type),
      columnStatsModes(this.ctx.stats, names, source),
      source,
    );
    for (let i = 0; i < fields.length; i++) {
      const name = fields[i]!.name;
      for (const row of rows) stats.addField(i, row[name]);
    }
    const valueStats = stats.toBinary(names, this.ctx.stats.denseStore);
    const minSequenceNumber = this.nextSequenceNumber;
    this.nextSequenceNumber += rows.length;
    return {
      fileName,
      fileSize: bytes.length,
      rowCount: rows.length,
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
