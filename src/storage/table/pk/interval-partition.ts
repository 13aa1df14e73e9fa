import type { DataFileMeta } from '../../spec/data-file-meta.js';

/**
 * `IntervalPartition`: groups files whose key ranges overlap (transitively) into sections, in key order.
 * Files of different sections share no key, so each section can be merged (or read) on its own.
 */
export function intervalSections(
  files: readonly DataFileMeta[],
  compareKeyBytes: (a: Uint8Array, b: Uint8Array) => number,
): DataFileMeta[][] {
  const cmp = compareKeyBytes;
  const sorted = [...files].sort((a, b) => cmp(a.minKey, b.minKey) || cmp(a.maxKey, b.maxKey));
  const sections: DataFileMeta[][] = [];
  let current: DataFileMeta[] = [];
  let boundary: Uint8Array | undefined;
  for (const f of sorted) {
    if (boundary && cmp(f.minKey, boundary) > 0) {
      sections.push(current);
      current = [];
      boundary = undefined;
    }
    current.push(f);
    if (!boundary || cmp(f.maxKey, boundary) > 0) boundary = f.maxKey;
  }
  if (current.length > 0) sections.push(current);
  return sections;
}

/**
 * A section that needs no merge on read (`MergeTreeSplitGenerator.withoutDeleteRow` of a one-file split, and
 * `PrimaryKeyTableRawFileSplitReadProvider`, which also refuses files whose delete count is unknown): one file
 * with no -U/-D record. Its rows are the merged rows: a file holds one record per key, and no other file of
 * the bucket holds its keys.
 */
export function isRawSection(section: readonly DataFileMeta[]): boolean {
  return section.length === 1 && section[0]!.deleteRowCount === 0;
}
