import { FileNotFoundError } from '../errors.js';
import { FileKind, type ManifestEntry } from '../spec/manifest-entry.js';
import type { Snapshot } from '../spec/snapshot.js';
import { dataFilePath } from '../table/data-file-path.js';
import { liveFiles } from '../table/file-entry.js';
import type { IndexFileStore } from '../table/index-file-store.js';
import type { TableContext } from '../table/table-context.js';

/**
 * What a snapshot (or a tag's snapshot) keeps alive on disk: its manifest lists, the manifests they name,
 * and its live data files. Expiration, tag deletion and orphan cleaning delete only files that no retained
 * snapshot or tag references. Manifest reads are cached for the lifetime of one operation.
 */
export class FileReferences {
  private readonly entriesByManifest = new Map<string, ManifestEntry[]>();
  private readonly store;
  private readonly indexes: IndexFileStore;

  constructor(private readonly table: TableContext) {
    this.store = table.newManifestStore();
    this.indexes = table.newIndexFileStore();
  }

  /**
   * Manifest-list and manifest file names (relative to `manifest/`). With `quiet`, files already gone are
   * skipped: a snapshot half-deleted by an interrupted expiration is being removed anyway
   * (Paimon reads those "quietly" too).
   */
  manifestsOf(snapshot: Snapshot, quiet = false): Set<string> {
    const names = new Set<string>();
    for (const list of listsOf(snapshot)) {
      names.add(list);
      // The index manifest is not a manifest list: it names index files (see dataFilesOf).
      if (list === snapshot.indexManifest) continue;
      for (const meta of this.list(list, quiet)) names.add(meta.fileName);
    }
    return names;
  }

  /** Absolute paths of the snapshot's live data files (`quiet` as in `manifestsOf`). */
  dataFilesOf(snapshot: Snapshot, quiet = false): Set<string> {
    const entries = [snapshot.baseManifestList, snapshot.deltaManifestList]
      .flatMap((list) => this.list(list, quiet))
      .flatMap((meta) => this.entries(meta.fileName, quiet));
    const files = new Set(liveFiles(entries).map((e) => dataFilePath(this.table, e)));
    // Index files (HASH indexes of dynamic-bucket tables) live and die with the snapshots that list them.
    for (const f of this.indexFilesOf(snapshot, quiet)) files.add(f);
    return files;
  }

  /**
   * Absolute paths of the data files a snapshot's delta deletes (DELETE entries of its delta manifest list):
   * the files that were live in the snapshot before it and are not in it (`quiet` as in `manifestsOf`).
   */
  dataFilesDeletedBy(snapshot: Snapshot, quiet = false): string[] {
    return this.list(snapshot.deltaManifestList, quiet)
      .flatMap((meta) => this.entries(meta.fileName, quiet))
      .filter((e) => e.kind === FileKind.DELETE)
      .map((e) => dataFilePath(this.table, e));
  }

  /** Absolute paths of the index files a snapshot's index manifest names (`quiet` as in `manifestsOf`). */
  indexFilesOf(snapshot: Snapshot, quiet = false): string[] {
    if (!snapshot.indexManifest) return [];
    try {
      return this.indexes.read(snapshot.indexManifest).map((e) => this.indexes.path(e.fileName));
    } catch (e) {
      if (!(quiet && e instanceof FileNotFoundError)) throw e;
      return [];
    }
  }

  private list(name: string, quiet: boolean) {
    try {
      return this.store.readList(name);
    } catch (e) {
      if (quiet && e instanceof FileNotFoundError) return [];
      throw e;
    }
  }

  private entries(manifest: string, quiet: boolean): ManifestEntry[] {
    let entries = this.entriesByManifest.get(manifest);
    if (!entries) {
      try {
        entries = this.store.readEntries(manifest);
      } catch (e) {
        if (quiet && e instanceof FileNotFoundError) return [];
        throw e;
      }
      this.entriesByManifest.set(manifest, entries);
    }
    return entries;
  }
}

export function listsOf(snapshot: Snapshot): string[] {
  const lists = [snapshot.baseManifestList, snapshot.deltaManifestList];
  if (snapshot.changelogManifestList) lists.push(snapshot.changelogManifestList);
  if (snapshot.indexManifest) lists.push(snapshot.indexManifest);
  return lists;
}
