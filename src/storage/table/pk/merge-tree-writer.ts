import { PaimonSimError } from '../../errors.js';
import type { FileNameGenerator } from '../../meta/path-factory.js';
import { type DataFileMeta, FileSource } from '../../spec/data-file-meta.js';
import { isRetract, type RowKind } from '../../spec/key-value.js';
import type { Row } from '../../spec/values.js';
import { intervalSections } from './interval-partition.js';
import type { ColumnarRun, LocatedKeyValue } from './key-value-file.js';
import { Levels } from './levels.js';
import type { KeyValue } from './merge-function.js';
import type { PrimaryKeyStore } from './primary-key-store.js';
import { type CompactUnit, pickFull, pickUniversal } from './universal-compaction.js';
import { SortBufferMemory, type WriteBufferOwner, type WriteBufferPool } from './write-buffer-memory.js';

/** What one bucket hands to the commit: new level-0 files and a finished compaction, if any. */
export interface BucketIncrement {
  readonly newFiles: DataFileMeta[];
  readonly compactBefore: DataFileMeta[];
  readonly compactAfter: DataFileMeta[];
}

export interface MergeTreeWriterOptions {
  /** `write-only`: never compact. */
  readonly writeOnly: boolean;
  /** `num-sorted-run.stop-trigger` (default trigger + 3): beyond it a commit waits for compaction. */
  readonly stopTrigger: number;
  /** `write-buffer-size`, shared by the writers of one table write. */
  readonly writeBufferPool: WriteBufferPool;
}

/**
 * The writer of one bucket of a primary-key table (`MergeTreeWriter` + `MergeTreeCompactManager`): records
 * take increasing sequence numbers (continuing from the bucket's files), are sorted and merged per key in
 * the write buffer, and each flush adds level-0 files. The buffer is flushed at `prepareCommit`, and
 * earlier when `write-buffer-size` is used up (`MergeTreeWriter.write`). After a flush a universal compaction
 * may be submitted; its result is collected at a later flush or `prepareCommit` (asynchronous, as Paimon's
 * compaction thread) or at once when the caller waits (batch writes, `sim.compaction.async` = false).
 */
export class MergeTreeBucketWriter implements WriteBufferOwner {
  private buffer: KeyValue[] = [];
  private readonly memory: SortBufferMemory;
  private readonly levels: Levels;
  private nextSequenceNumber: number;
  private readonly names: FileNameGenerator;
  private submitted: { unit: CompactUnit; ready: boolean } | undefined;
  private increment: BucketIncrement = { newFiles: [], compactBefore: [], compactAfter: [] };

  constructor(
    private readonly store: PrimaryKeyStore,
    private readonly bucketDir: string,
    restoredFiles: readonly DataFileMeta[],
    private readonly options: MergeTreeWriterOptions,
  ) {
    this.levels = new Levels(store.numLevels, restoredFiles, store.compareKeyBytes);
    this.nextSequenceNumber = this.levels.maxSequenceNumber() + 1;
    this.names = store.files.newNames();
    options.writeBufferPool.register(this);
    this.memory = new SortBufferMemory(options.writeBufferPool, this, store.sortIndexEntrySize);
  }

  write(kind: RowKind, key: readonly unknown[], row: Row): void {
    // `ignore-delete`: retractions are dropped before they reach the buffer.
    if (this.store.merge.ignoreDelete && isRetract(kind)) return;
    const bytes = this.store.recordSize(row);
    if (!this.memory.tryPut(bytes)) {
      this.flushWriteBuffer();
      if (!this.memory.tryPut(bytes))
        throw new PaimonSimError('Mem table is too small to hold a single element.');
    }
    this.buffer.push({ key, sequenceNumber: this.nextSequenceNumber++, kind, value: row, level: -1 });
  }

  memoryOccupancy(): number {
    return this.memory.occupancy;
  }

  /** The pool needs pages back (`MergeTreeWriter.flushMemory`; nothing spills to disk here). */
  flushMemory(): void {
    this.flushWriteBuffer();
  }

  /** The writer is closed: its buffer's pages go back to the pool, its records are dropped. */
  close(): void {
    this.buffer = [];
    this.memory.clear();
    this.options.writeBufferPool.unregister(this);
  }

  get bufferedRecords(): number {
    return this.buffer.length;
  }

  /** Flushes, collects/submits compaction, and drains what the next commit carries. */
  prepareCommit(waitCompaction: boolean, fullCompaction = false): BucketIncrement {
    this.flush();
    this.syncCompaction(waitCompaction);
    this.triggerCompaction(fullCompaction);
    const wait =
      waitCompaction || fullCompaction || this.levels.numberOfSortedRuns() > this.options.stopTrigger;
    this.syncCompaction(wait);
    // Whatever is still running finishes before the next commit.
    if (this.submitted) this.submitted.ready = true;
    const out = this.increment;
    this.increment = { newFiles: [], compactBefore: [], compactAfter: [] };
    return out;
  }

  /** Every file the writer currently sees (restored and written). */
  files(): DataFileMeta[] {
    return this.levels.allFiles();
  }

  /**
   * `MergeTreeWriter.flushWriteBuffer(false, false)` between commits: the buffer becomes level-0 files; a
   * finished compaction is collected (waited for when sorted runs exceed the stop trigger) and another may start.
   */
  private flushWriteBuffer(): void {
    const wait = this.buffer.length > 0 && this.levels.numberOfSortedRuns() > this.options.stopTrigger;
    this.flush();
    this.syncCompaction(wait);
    this.triggerCompaction(false);
  }

  private flush(): void {
    this.memory.clear();
    if (this.buffer.length === 0) return;
    const merged = this.store.sortAndMerge(this.buffer);
    this.buffer = [];
    const files = this.store.files.write(this.bucketDir, merged, 0, FileSource.APPEND, this.names);
    for (const f of files) {
      this.levels.addLevel0File(f);
      this.increment.newFiles.push(f);
    }
  }

  private triggerCompaction(full: boolean): void {
    if (this.submitted) return; // one compaction at a time, as Paimon's compact manager
    if (this.options.writeOnly) {
      if (full)
        throw new PaimonSimError(
          "NoopCompactManager does not support user triggered compaction.\nIf you really need a guaranteed compaction, please set 'write-only' property of this table to false.",
        );
      return;
    }
    const runs = this.levels.sortedRuns();
    const unit = full
      ? pickFull(this.levels.numLevels, runs)
      : pickUniversal(this.store.compaction, this.levels.numLevels, runs);
    if (unit && unit.files.length > 0) this.submitted = { unit, ready: false };
  }

  private syncCompaction(wait: boolean): void {
    const s = this.submitted;
    if (!s || !(wait || s.ready)) return;
    this.submitted = undefined;
    const { before, after } = this.compact(s.unit);
    this.levels.update(before, after);
    this.addCompactResult(before, after);
  }

  /**
   * `MergeTreeWriter.updateCompactResult`: a file that an earlier compaction of the same increment wrote and
   * this one consumed is intermediate: it leaves the increment and is deleted (unless it is an upgraded file,
   * whose bytes a committed snapshot still references at its old level).
   */
  private addCompactResult(before: readonly DataFileMeta[], after: readonly DataFileMeta[]): void {
    const inc = this.increment;
    for (const f of before) {
      const i = inc.compactAfter.findIndex((x) => x.fileName === f.fileName && x.level === f.level);
      if (i < 0) {
        inc.compactBefore.push(f);
        continue;
      }
      inc.compactAfter.splice(i, 1);
      const stillReferenced =
        inc.compactBefore.some((x) => x.fileName === f.fileName) ||
        after.some((x) => x.fileName === f.fileName);
      if (!stillReferenced) this.store.files.delete(`${this.bucketDir}/${f.fileName}`);
    }
    inc.compactAfter.push(...after);
  }

  /**
   * `MergeTreeCompactTask.doCompact`: overlapping files are merged and rewritten to the output level; a
   * large file that overlaps nothing is only moved up a level ("upgrade"); deletes are dropped when the
   * output is the highest non-empty level.
   */
  private compact(unit: CompactUnit): { before: DataFileMeta[]; after: DataFileMeta[] } {
    const maxLevel = this.levels.numLevels - 1;
    const dropDelete = unit.outputLevel !== 0 && unit.outputLevel >= this.levels.nonEmptyHighestLevel();
    const before: DataFileMeta[] = [];
    const after: DataFileMeta[] = [];
    let candidate: DataFileMeta[] = [];
    const upgrade = (file: DataFileMeta) => {
      if (unit.outputLevel === maxLevel && (file.deleteRowCount ?? 1) > 0) {
        before.push(file);
        after.push(...this.rewrite([file], unit.outputLevel, dropDelete));
      } else if (file.level !== unit.outputLevel) {
        before.push(file);
        after.push({ ...file, level: unit.outputLevel });
      }
    };
    // `rewrite(candidate)`: a single file is upgraded, several are merged into new files.
    const flushCandidate = () => {
      if (candidate.length === 1) upgrade(candidate[0]!);
      else if (candidate.length > 1) {
        before.push(...candidate);
        after.push(...this.rewrite(candidate, unit.outputLevel, dropDelete));
      }
      candidate = [];
    };
    for (const section of intervalSections(unit.files, this.store.compareKeyBytes)) {
      const file = section[0]!;
      if (section.length > 1 || file.fileSize < this.store.minFileSize) {
        candidate.push(...section);
      } else {
        flushCandidate();
        upgrade(file);
      }
    }
    flushCandidate();
    return { before, after };
  }

  private rewrite(files: readonly DataFileMeta[], level: number, dropDelete: boolean): DataFileMeta[] {
    const columnar = this.rewriteColumnar(files, level, dropDelete);
    if (columnar) return columnar;
    // Every data file is one sorted run: merged k-way, not re-sorted (`MergeTreeCompactRewriter`).
    const runs = files.map((f) => this.store.files.read(`${this.bucketDir}/${f.fileName}`, f));
    let merged = this.store.mergeRuns(runs);
    if (dropDelete) merged = merged.filter((kv) => !isRetract(kv.kind));
    return this.store.files.write(this.bucketDir, merged, level, FileSource.COMPACT, this.names);
  }

  /**
   * `rewrite` without row objects, where the merge only chooses among records (`deduplicate`, `first-row`):
   * each file's columns stay Arrow, only keys, sequence numbers, kinds and `sequence.field` columns are
   * decoded to order and choose, and the chosen rows are gathered column by column into the new files.
   * Undefined (nothing read yet or wasted) when a file needs the row path.
   */
  private rewriteColumnar(
    files: readonly DataFileMeta[],
    level: number,
    dropDelete: boolean,
  ): DataFileMeta[] | undefined {
    if (!this.store.mergeChoosesRecords) return undefined;
    const orderBy = this.store.sequenceFields.map((f) => f.name);
    const runs: ColumnarRun[] = [];
    for (const f of files) {
      const run = this.store.files.readColumnar(`${this.bucketDir}/${f.fileName}`, f, runs.length, orderBy);
      if (!run) return undefined;
      runs.push(run);
    }
    // The merge function returns one of the records it was given (see `mergeChoosesRecords`).
    let merged = this.store.mergeRuns(runs.map((r) => r.records)) as LocatedKeyValue[];
    if (dropDelete) merged = merged.filter((kv) => !isRetract(kv.kind));
    return this.store.files.writeGathered(
      this.bucketDir,
      runs,
      merged,
      level,
      FileSource.COMPACT,
      this.names,
    );
  }
}
