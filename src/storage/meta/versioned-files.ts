import type { FileIO, FileStatus } from '../../common/io/file-io.js';

/**
 * Ids of the versioned files `<prefix><id>` in a directory (snapshots, schemas), ascending
 * (`FileUtils.listVersionedFiles`).
 *
 * Paimon parses whatever follows the prefix with `Long.parseLong`, so `snapshot-004` would list as id 4 (whose
 * file, `snapshot-4`, may not exist) and `snapshot-x` or an id beyond a long breaks the whole listing. Here only
 * canonical names count: the decimal text of an id in [minId, 2^53 - 1] without leading zeros, i.e. exactly the
 * names Paimon writes (`<prefix>` + `Long.toString(id)`). Any other name is skipped rather than reported as
 * corrupt: it can never be the file of an id (reads look files up by `<prefix><id>`), so listing it would
 * either alias another id or break every listing, while skipping it leaves reads of the real files
 * consistent with lookups by id.
 */
export function listVersionedIds(io: FileIO, dir: string, prefix: string, minId: number): number[] {
  const ids: number[] = [];
  for (const status of io.list(dir)) {
    const id = versionedId(status, prefix);
    if (id !== undefined && id >= minId) ids.push(id);
  }
  return ids.sort((a, b) => a - b);
}

/**
 * The id a listed file stands for, parsed once per status object: a FileIO that hands out the same
 * (frozen) statuses for unchanged files, as MemoryFileIO does, makes re-listing the snapshot directory at each
 * commit cost a lookup per file instead of a parse.
 */
const parsed = new WeakMap<FileStatus, { prefix: string; id: number | undefined }>();

function versionedId(status: FileStatus, prefix: string): number | undefined {
  const memo = parsed.get(status);
  if (memo !== undefined && memo.prefix === prefix) return memo.id;
  const name = status.path.slice(status.path.lastIndexOf('/') + 1);
  const id = name.startsWith(prefix) ? canonicalId(name.slice(prefix.length)) : undefined;
  if (Object.isFrozen(status)) parsed.set(status, { prefix, id });
  return id;
}

/** The id written as `text` (`0` or digits without a leading zero, at most 2^53 - 1), else undefined. */
export function canonicalId(text: string): number | undefined {
  if (!/^(0|[1-9]\d{0,15})$/.test(text)) return undefined;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : undefined;
}
