import { CommitConflictError } from '../errors.js';
import { FileKind, type ManifestEntry } from '../spec/manifest-entry.js';

/**
 * Identity of a data file across manifest entries (`FileEntry.Identifier`): the same file added and then
 * deleted cancels out.
 */
export function entryIdentifier(e: ManifestEntry): string {
  let id = identifiers.get(e);
  if (id === undefined) {
    id = `${hex(e.partition)}|${e.bucket}|${e.file.level}|${e.file.fileName}|${e.file.extraFiles.join(',')}|${e.file.externalPath ?? ''}`;
    identifiers.set(e, id);
  }
  return id;
}

/**
 * Identifiers per entry object: entries decoded from a manifest are shared through the decoded-file cache
 * and merged again at every plan and commit, and building the string (partition bytes in hex) was most of
 * a merge's time. Entries are values, never changed once made.
 */
const identifiers = new WeakMap<ManifestEntry, string>();

/** A manifest inconsistency found while merging entries (`IllegalStateException` in Paimon). */
export class FileEntryMergeError extends Error {}

/**
 * Merges entries in order (`FileEntry.mergeEntries`): an ADD then a DELETE of the same file cancel; a second
 * ADD of a live file is an error; a DELETE whose ADD is not among `entries` stays as a DELETE.
 */
export function mergeEntries(entries: Iterable<ManifestEntry>): ManifestEntry[] {
  const map = new Map<string, ManifestEntry>();
  for (const entry of entries) {
    const id = entryIdentifier(entry);
    if (entry.kind === FileKind.ADD) {
      const existing = map.get(id);
      if (existing !== undefined) {
        // Message as in Paimon >= 1.4 (FileEntry.mergeEntries), including its doubled "the the".
        throw new FileEntryMergeError(
          `Trying to add file ${entry.file.fileName} which is already in the the map: ${describeEntry(existing)}`,
        );
      }
      map.set(id, entry);
    } else if (map.get(id)?.kind === FileKind.ADD) {
      map.delete(id);
    } else {
      map.set(id, entry);
    }
  }
  return [...map.values()];
}

/** Live files: the ADD entries left after merging; unmatched DELETEs are ignored, as a scan does. */
export function liveFiles(entries: Iterable<ManifestEntry>): ManifestEntry[] {
  return mergeEntries(entries).filter((e) => e.kind === FileKind.ADD);
}

export function describeEntry(e: ManifestEntry): string {
  return `{kind=${e.kind === FileKind.ADD ? 'ADD' : 'DELETE'}, partition=${hex(e.partition)}, bucket=${e.bucket}, level=${e.file.level}, fileName=${e.file.fileName}, rowCount=${e.file.rowCount}}`;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

const MAX_ENTRIES_IN_MESSAGE = 50;

/**
 * The conflict exception Paimon throws when a commit's changes do not apply to the latest snapshot
 * (`ConflictDetection.createConflictException`), with its exact text.
 */
export function fileDeletionConflict(args: {
  /** The first line; default the file-deletion one. */
  headline?: string;
  baseCommitUser: string;
  commitUser: string;
  baseEntries: readonly ManifestEntry[];
  changes: readonly ManifestEntry[];
  cause?: Error;
}): CommitConflictError {
  const list = (entries: readonly ManifestEntry[]): string => {
    const shown = entries.slice(0, MAX_ENTRIES_IN_MESSAGE).map(describeEntry).join('\n');
    return entries.length > MAX_ENTRIES_IN_MESSAGE
      ? `${shown}\nThe entry list above are not fully displayed, please refer to taskmanager.log for more information.`
      : shown;
  };
  const message =
    (args.headline ?? 'File deletion conflicts detected! Give up committing.') +
    '\n\n' +
    CONFLICT_HINT +
    `\n\nBase commit user is: ${args.baseCommitUser}; Current commit user is: ${args.commitUser}` +
    `\n\nBase entries are:\n${list(args.baseEntries)}` +
    `\n\nChanges are:\n${list(args.changes)}`;
  return new CommitConflictError(message, args.cause ? { cause: args.cause } : undefined);
}

export const CONFLICT_HINT =
  "Don't panic!\n" +
  'Conflicts during commits are normal and this failure is intended to resolve the conflicts.\n' +
  'Conflicts are mainly caused by the following scenarios:\n' +
  '1. Multiple jobs are writing into the same partition at the same time, or you use STATEMENT SET to execute multiple INSERT statements into the same Paimon table.\n' +
  "   You'll probably see different base commit user and current commit user below.\n" +
  '   You can use https://paimon.apache.org/docs/master/maintenance/dedicated-compaction#dedicated-compaction-job to support multiple writing.\n' +
  "2. You're recovering from an old savepoint, or you're creating multiple jobs from a savepoint.\n" +
  '   The job will fail continuously in this scenario to protect metadata from corruption.\n' +
  '   You can either recover from the latest savepoint, or you can revert the table to the snapshot corresponding to the old savepoint.';
