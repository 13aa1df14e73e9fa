import { type FileIO, joinPath } from '../../common/io/file-io.js';
import { deleteUnderTable } from '../meta/contained-path.js';
import type { TableContext } from '../table/table-context.js';
import { FileReferences } from './file-references.js';

/** Paimon's default for `older_than`: files younger than a day may belong to a commit in progress. */
export const DEFAULT_ORPHAN_AGE_MS = 24 * 60 * 60 * 1000;

/** Directories that hold metadata managed elsewhere; never scanned for orphans. */
const METADATA_DIRS = new Set([
  'snapshot',
  'schema',
  'tag',
  'branch',
  'changelog',
  'consumer',
  'index',
  'statistics',
]);

/**
 * `remove_orphan_files` (`OrphanFilesClean`): deletes data files and manifests that no snapshot and no tag
 * references and that are older than `olderThanMs` (epoch millis). Rollback (Paimon >= 1.2) and failed
 * writes leave such files; this is what eventually deletes them. Returns the deleted paths.
 */
export function removeOrphanFiles(
  table: TableContext,
  olderThanMs = table.env.clock.nowMs() - DEFAULT_ORPHAN_AGE_MS,
): string[] {
  const refs = new FileReferences(table);
  const usedData = new Set<string>();
  const usedManifests = new Set<string>();
  const tags = table.tagManager().tags();
  const snapshots = [...table.snapshotManager.snapshots(), ...tags.map((t) => t.snapshot)];
  for (const s of snapshots) {
    for (const f of refs.dataFilesOf(s)) usedData.add(f);
    for (const m of refs.manifestsOf(s)) usedManifests.add(joinPath(table.paths.manifestDir, m));
  }
  const deleted: string[] = [];
  for (const path of listFiles(table.io, table.paths.root, true)) {
    const used = usedData.has(path) || usedManifests.has(path);
    if (used) continue;
    const status = table.io.status(path);
    if (
      status &&
      status.modificationTimeMs < olderThanMs &&
      deleteUnderTable(table.io, table.paths.root, path)
    )
      deleted.push(path);
  }
  return deleted;
}

function listFiles(io: FileIO, dir: string, top: boolean): string[] {
  const out: string[] = [];
  for (const status of io.list(dir)) {
    const name = status.path.slice(status.path.lastIndexOf('/') + 1);
    if (status.isDirectory) {
      if (!(top && METADATA_DIRS.has(name))) out.push(...listFiles(io, status.path, false));
    } else {
      out.push(status.path);
    }
  }
  return out;
}
