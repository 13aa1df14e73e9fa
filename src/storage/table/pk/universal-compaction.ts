import type { DataFileMeta } from '../../spec/data-file-meta.js';
import type { LevelSortedRun } from './levels.js';

/** Files to merge and the level they go to (`CompactUnit`). */
export interface CompactUnit {
  readonly outputLevel: number;
  readonly files: readonly DataFileMeta[];
}

export interface UniversalCompactionOptions {
  /** `compaction.max-size-amplification-percent`. */
  readonly maxSizeAmp: number;
  /** `compaction.size-ratio`. */
  readonly sizeRatio: number;
  /** `num-sorted-run.compaction-trigger`. */
  readonly numRunCompactionTrigger: number;
}

/**
 * Universal compaction (`UniversalCompaction.pick`, RocksDB style): first by size amplification (all runs
 * above the oldest together exceed `max-size-amplification-percent` of it: compact everything), then by size
 * ratio, then by run count (more than the trigger).
 */
export function pickUniversal(
  o: UniversalCompactionOptions,
  numLevels: number,
  runs: readonly LevelSortedRun[],
): CompactUnit | undefined {
  const maxLevel = numLevels - 1;
  if (runs.length >= o.numRunCompactionTrigger) {
    const candidateSize = runs.slice(0, -1).reduce((s, r) => s + r.totalSize, 0);
    const earliest = runs[runs.length - 1]!.totalSize;
    if (candidateSize * 100 > o.maxSizeAmp * earliest) return unit(maxLevel, runs);
    const byRatio = pickForSizeRatio(o, maxLevel, runs, 1);
    if (byRatio) return byRatio;
  }
  if (runs.length > o.numRunCompactionTrigger) {
    return pickForSizeRatio(o, maxLevel, runs, runs.length - o.numRunCompactionTrigger + 1);
  }
  return undefined;
}

/** `CompactStrategy.pickFullCompaction`: everything to the max level, unless that is already the case. */
export function pickFull(numLevels: number, runs: readonly LevelSortedRun[]): CompactUnit | undefined {
  const maxLevel = numLevels - 1;
  if (runs.length === 0 || (runs.length === 1 && runs[0]!.level === maxLevel)) return undefined;
  return unit(maxLevel, runs);
}

function pickForSizeRatio(
  o: UniversalCompactionOptions,
  maxLevel: number,
  runs: readonly LevelSortedRun[],
  candidateCount: number,
): CompactUnit | undefined {
  let count = candidateCount;
  let candidateSize = runs.slice(0, count).reduce((s, r) => s + r.totalSize, 0);
  let triggered = count > 1;
  for (let i = count; i < runs.length; i++) {
    const next = runs[i]!;
    if ((candidateSize * (100 + o.sizeRatio)) / 100 < next.totalSize) {
      if (!triggered || next.level > 1) break;
    }
    candidateSize += next.totalSize;
    count++;
    triggered = true;
  }
  return triggered ? createUnit(runs, maxLevel, count) : undefined;
}

/** `UniversalCompaction.createUnit`: output to the level below the next run; never to level 0. */
function createUnit(runs: readonly LevelSortedRun[], maxLevel: number, runCount: number): CompactUnit {
  let count = runCount;
  let outputLevel = count === runs.length ? maxLevel : Math.max(0, runs[count]!.level - 1);
  if (outputLevel === 0) {
    for (let i = count; i < runs.length; i++) {
      const next = runs[i]!;
      count++;
      if (next.level !== 0) {
        outputLevel = next.level;
        break;
      }
    }
  }
  if (count === runs.length) outputLevel = maxLevel;
  return unit(outputLevel, runs.slice(0, count));
}

function unit(outputLevel: number, runs: readonly LevelSortedRun[]): CompactUnit {
  return { outputLevel, files: runs.flatMap((r) => r.files) };
}
