import { PaimonSimError } from '../../errors.js';
import type { DataFileMeta } from '../../spec/data-file-meta.js';

/** One sorted run of an LSM tree: a level-0 file alone, or all files of a higher level. */
export interface LevelSortedRun {
  readonly level: number;
  readonly files: readonly DataFileMeta[];
  readonly totalSize: number;
}

/**
 * The LSM levels of one bucket (`mergetree/Levels`): level 0 holds overlapping files, newest first (by max
 * sequence number); each level above is one sorted run of non-overlapping files.
 */
export class Levels {
  private level0: DataFileMeta[] = [];
  private readonly upper: DataFileMeta[][];

  constructor(
    readonly numLevels: number,
    files: readonly DataFileMeta[],
    private readonly compareKeyBytes: (a: Uint8Array, b: Uint8Array) => number,
  ) {
    this.upper = Array.from({ length: numLevels - 1 }, () => []);
    for (const f of files) {
      if (f.level >= numLevels)
        throw new PaimonSimError(
          `Data file ${f.fileName} is at level ${f.level}, but 'num-levels' is ${numLevels} (levels 0 .. ${numLevels - 1})`,
        );
    }
    this.add(files);
  }

  addLevel0File(file: DataFileMeta): void {
    this.add([file]);
  }

  /** Applies a compaction: removes `before`, adds `after` (`Levels.update`). */
  update(before: readonly DataFileMeta[], after: readonly DataFileMeta[]): void {
    const gone = new Set(before.map((f) => `${f.level}/${f.fileName}`));
    this.level0 = this.level0.filter((f) => !gone.has(`0/${f.fileName}`));
    for (let i = 0; i < this.upper.length; i++)
      this.upper[i] = this.upper[i]!.filter((f) => !gone.has(`${i + 1}/${f.fileName}`));
    this.add(after);
  }

  private add(files: readonly DataFileMeta[]): void {
    for (const f of files) {
      if (f.level === 0) this.level0.push(f);
      else this.upper[f.level - 1]!.push(f);
    }
    // Level 0: newest first, as Paimon's TreeSet (max sequence desc, then min sequence, creation, name).
    this.level0.sort(
      (a, b) =>
        b.maxSequenceNumber - a.maxSequenceNumber ||
        a.minSequenceNumber - b.minSequenceNumber ||
        (a.creationTimeMs ?? 0) - (b.creationTimeMs ?? 0) ||
        (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0),
    );
    for (const run of this.upper) run.sort((a, b) => this.compareKeyBytes(a.minKey, b.minKey));
  }

  /** Level-0 files one run each (newest first), then each non-empty level (`levelSortedRuns`). */
  sortedRuns(): LevelSortedRun[] {
    const runs: LevelSortedRun[] = this.level0.map((f) => ({ level: 0, files: [f], totalSize: f.fileSize }));
    this.upper.forEach((files, i) => {
      if (files.length > 0)
        runs.push({ level: i + 1, files, totalSize: files.reduce((s, f) => s + f.fileSize, 0) });
    });
    return runs;
  }

  numberOfSortedRuns(): number {
    return this.level0.length + this.upper.filter((l) => l.length > 0).length;
  }

  /** Highest level holding a file, or -1 (`nonEmptyHighestLevel`). */
  nonEmptyHighestLevel(): number {
    for (let i = this.upper.length - 1; i >= 0; i--) if (this.upper[i]!.length > 0) return i + 1;
    return this.level0.length > 0 ? 0 : -1;
  }

  allFiles(): DataFileMeta[] {
    return [...this.level0, ...this.upper.flat()];
  }

  maxSequenceNumber(): number {
    return this.allFiles().reduce((m, f) => Math.max(m, f.maxSequenceNumber), -1);
  }
}
