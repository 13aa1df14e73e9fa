import type { ManifestFileMeta } from '../spec/manifest-file-meta.js';
import { mergeEntries } from './file-entry.js';
import type { ManifestStore } from './manifest-io.js';

export interface MergeSettings {
  /** `manifest.target-file-size`. */
  readonly targetFileSize: number;
  /** `manifest.merge-min-count`. */
  readonly mergeMinCount: number;
  /** `manifest.full-compaction-threshold-size`. */
  readonly fullCompactionThresholdSize: number;
}

/**
 * Keeps the number of manifests bounded as commits accumulate (`ManifestFileMerger.merge`): a full
 * compaction when the small/deleting tail has grown past the threshold, otherwise a minor compaction that
 * merges runs of small manifests once they reach the target size or the minimum count. Returns the new
 * list; `created` receives the manifests written, so a failed commit can delete them.
 */
export function mergeManifests(
  input: readonly ManifestFileMeta[],
  store: ManifestStore,
  settings: MergeSettings,
  created: ManifestFileMeta[],
): ManifestFileMeta[] {
  return (
    tryFullCompaction(input, store, settings, created) ?? minorCompaction(input, store, settings, created)
  );
}

function tryFullCompaction(
  input: readonly ManifestFileMeta[],
  store: ManifestStore,
  settings: MergeSettings,
  created: ManifestFileMeta[],
): ManifestFileMeta[] | undefined {
  // Leading large manifests without deletions are the stable base; the rest is the delta.
  let i = 0;
  while (i < input.length && input[i]!.numDeletedFiles === 0 && input[i]!.fileSize >= settings.targetFileSize)
    i++;
  const delta = input.slice(i);
  const deltaSize = delta.reduce((sum, m) => sum + m.fileSize, 0);
  if (deltaSize < settings.fullCompactionThresholdSize) return undefined;
  const merged = mergeEntries(input.flatMap((m) => store.readEntries(m.fileName)));
  const written = store.writeEntries(merged);
  created.push(...written);
  return written;
}

function minorCompaction(
  input: readonly ManifestFileMeta[],
  store: ManifestStore,
  settings: MergeSettings,
  created: ManifestFileMeta[],
): ManifestFileMeta[] {
  const result: ManifestFileMeta[] = [];
  let candidates: ManifestFileMeta[] = [];
  let totalSize = 0;
  for (const manifest of input) {
    totalSize += manifest.fileSize;
    candidates.push(manifest);
    if (totalSize >= settings.targetFileSize) {
      result.push(...mergeCandidates(candidates, store, created));
      candidates = [];
      totalSize = 0;
    }
  }
  if (candidates.length >= settings.mergeMinCount)
    result.push(...mergeCandidates(candidates, store, created));
  else result.push(...candidates);
  return result;
}

function mergeCandidates(
  candidates: readonly ManifestFileMeta[],
  store: ManifestStore,
  created: ManifestFileMeta[],
): ManifestFileMeta[] {
  if (candidates.length === 1) return [candidates[0]!];
  const merged = mergeEntries(candidates.flatMap((m) => store.readEntries(m.fileName)));
  const written = store.writeEntries(merged);
  created.push(...written);
  return written;
}
