import type { Clock } from '../../common/clock.js';
import { type FileIO, readUtf8, utf8 } from '../../common/io/file-io.js';
import { CorruptFileError, FileNotFoundError, TagError } from '../errors.js';
import type { TableOptions } from '../options.js';
import type { Snapshot } from '../spec/snapshot.js';
import { decodeTag, encodeTag, type Tag } from '../spec/tag.js';
import { deleteUnderTable } from './contained-path.js';
import { TAG_PREFIX, type TablePaths } from './path-factory.js';
import { SnapshotManager } from './snapshot-manager.js';

export interface TagInfo {
  readonly name: string;
  readonly tag: Tag;
  readonly snapshot: Snapshot;
}

/**
 * `TagDeletion`: deletes the files that only `tagged` (an expired snapshot a deleted tag held) still kept alive,
 * given the snapshots and tags that stay. The table provides it (see `FileStoreTable.tagManager`).
 */
export type TagDeletion = (tagged: Snapshot, kept: readonly Snapshot[]) => void;

/** What a tag manager takes from its table besides IO, paths and clock. */
export interface TagManagerSettings {
  /** The table's options: `tag.default-time-retained` is the retention of `createTagAt` without one. */
  readonly options?: TableOptions;
  /** The table's snapshot manager (default: one over the same IO and paths). */
  readonly snapshotManager?: SnapshotManager;
  /** Cleans the files of a deleted tag's expired snapshot; without it `deleteTag` leaves them as orphans. */
  readonly tagDeletion?: TagDeletion;
}

/**
 * Named, long-lived references to snapshots (`TagManager`): `tag/tag-<name>` holds the snapshot's JSON
 * (plus creation time and retention when the tag has a TTL). A tag keeps its snapshot's files alive after the
 * snapshot itself has expired. Built from a FileIO, the table's paths and a clock, as Paimon's
 * `TagManager(fileIO, tablePath)`; `FileStoreTable.tagManager()` gives one wired to the table.
 */
export class TagManager {
  private readonly snapshotManager: SnapshotManager;

  constructor(
    private readonly io: FileIO,
    private readonly paths: TablePaths,
    private readonly clock: Clock,
    private readonly settings: TagManagerSettings = {},
  ) {
    this.snapshotManager = settings.snapshotManager ?? new SnapshotManager(io, paths);
  }

  tagExists(name: string): boolean {
    return this.io.exists(this.tagFile(name));
  }

  tag(name: string): Tag {
    return this.read(name, this.tagFile(name));
  }

  /** `tag/tag-<name>` for a user-supplied name, which must be safe as a file name (`checkTagNameUsable`). */
  private tagFile(name: string): string {
    checkTagNameUsable(name);
    return this.paths.tagFile(name);
  }

  private read(name: string, path: string): Tag {
    let text: string;
    try {
      text = readUtf8(this.io, path);
    } catch (e) {
      if (e instanceof FileNotFoundError) throw new TagError(`Tag '${name}' doesn't exist.`);
      if (e instanceof TypeError)
        throw new CorruptFileError(path, 'a tag file', 'not valid UTF-8', { cause: e });
      throw e;
    }
    return decodeTag(text, path);
  }

  /** All tags, ordered by snapshot id then name (`TagManager.tags()` is a map sorted by snapshot). */
  tags(): TagInfo[] {
    const names = this.io
      .list(this.paths.tagDir)
      .filter((s) => !s.isDirectory) // a directory is never a tag file
      .map((s) => s.path.slice(s.path.lastIndexOf('/') + 1))
      .filter((n) => n.startsWith(TAG_PREFIX))
      .map((n) => n.slice(TAG_PREFIX.length));
    return names
      .map((name) => {
        // Names listed from the directory are file names already, whatever rules created them.
        const tag = this.read(name, this.paths.tagFile(name));
        return { name, tag, snapshot: tag.snapshot };
      })
      .sort((a, b) => a.snapshot.id - b.snapshot.id || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  tagsOnSnapshot(snapshotId: number): string[] {
    return this.tags()
      .filter((t) => t.snapshot.id === snapshotId)
      .map((t) => t.name);
  }

  /**
   * Creates tag `name` on `snapshot`. An existing tag is an error ("Tag '%s' already exists.") unless
   * `ignoreIfExists`, in which case it is left pointing where it was (the savepoint auto-tag relies on this).
   */
  createTag(snapshot: Snapshot, name: string, timeRetainedMs: number | null, ignoreIfExists: boolean): void {
    validateTagName(name);
    if (this.tagExists(name)) {
      if (ignoreIfExists) return;
      throw new TagError(`Tag '${name}' already exists.`);
    }
    const tag: Tag = {
      snapshot,
      tagCreateTimeMs: timeRetainedMs === null ? null : this.clock.nowMs(),
      tagTimeRetainedMs: timeRetainedMs,
    };
    this.io.writeAtomic(this.tagFile(name), utf8(encodeTag(tag)));
  }

  /**
   * Creates a tag on a snapshot id, or on the latest snapshot (`create_tag` procedure): the id may also be an
   * expired snapshot that another tag still holds. Retention defaults to `tag.default-time-retained`.
   */
  createTagAt(name: string, snapshotId?: number, timeRetainedMs?: number | null): void {
    const sm = this.snapshotManager;
    const id = snapshotId ?? sm.latestSnapshotId();
    let snapshot: Snapshot | undefined;
    if (id !== undefined && sm.snapshotExists(id)) snapshot = sm.snapshot(id);
    else if (id !== undefined) snapshot = this.tags().find((t) => t.snapshot.id === id)?.snapshot;
    if (!snapshot)
      throw new TagError(`Cannot create tag because given snapshot #${id ?? 'latest'} doesn't exist.`);
    const retained =
      timeRetainedMs === undefined
        ? (this.settings.options?.optionalAmount('tag.default-time-retained') ?? null)
        : timeRetainedMs;
    this.createTag(snapshot, name, retained, false);
  }

  /** Renames a tag ("Tag '%s' doesn't exist." / "Tag '%s' already exists."). */
  renameTag(from: string, to: string): void {
    validateTagName(to);
    const tag = this.tag(from);
    if (this.tagExists(to)) throw new TagError(`Tag '${to}' already exists.`);
    this.io.writeAtomic(this.tagFile(to), utf8(encodeTag(tag)));
    deleteUnderTable(this.io, this.paths.root, this.tagFile(from));
  }

  /** Deletes only the tag file; returns false when the tag did not exist (Paimon logs a warning). */
  deleteTagFile(name: string): boolean {
    return deleteUnderTable(this.io, this.paths.root, this.tagFile(name));
  }

  /**
   * Deletes a tag (`TagManager.deleteTag`): a missing tag is a no-op. When the tagged snapshot has expired
   * and no other tag shares it, the files only it still kept alive are deleted too; the tag file goes last,
   * so a crash leaves at worst orphans.
   */
  deleteTag(name: string): boolean {
    if (!this.tagExists(name)) return false;
    const snapshot = this.tag(name).snapshot;
    const sm = this.snapshotManager;
    const others = this.tags().filter((t) => t.name !== name);
    if (!sm.snapshotExists(snapshot.id) && !others.some((t) => t.snapshot.id === snapshot.id)) {
      this.settings.tagDeletion?.(snapshot, [...sm.snapshots(), ...others.map((t) => t.snapshot)]);
    }
    return this.deleteTagFile(name);
  }
}

/** Paimon's tag name rules for a new tag: usable as a file name, and not a number. */
export function validateTagName(name: string): void {
  checkTagNameUsable(name);
  if (/^\d+$/.test(name)) {
    // A numeric tag would be ambiguous with snapshot ids in `--version` / time travel.
    throw new TagError(`Tag name cannot be pure numeric string but is '${name}'.`);
  }
}

/** Longest file name most filesystems allow (NAME_MAX), in UTF-8 bytes. */
const MAX_FILE_NAME_BYTES = 255;

/**
 * Every name that becomes `tag/tag-<name>` (create, look up, rename, delete, rollback, `scan.tag-name`): not
 * blank, one plain path component, and short enough for the file system. Looking up a name that could never
 * have been created is an error, not a path outside `tag/`.
 */
export function checkTagNameUsable(name: string): void {
  if (name.trim().length === 0) throw new TagError("Tag name shouldn't be blank.");
  if (name.includes('/')) throw new TagError(`Tag name '${name}' cannot contain '/'.`);
  if (name.includes('\\')) throw new TagError(`Tag name '${name}' cannot contain '\\'.`);
  if (name.includes('\0'))
    throw new TagError(`Tag name '${name.replaceAll('\0', '\\0')}' cannot contain a NUL byte.`);
  const bytes = Buffer.byteLength(`${TAG_PREFIX}${name}`, 'utf8');
  if (bytes > MAX_FILE_NAME_BYTES)
    throw new TagError(
      `Tag name '${name.slice(0, 32)}…' is too long: its file name '${TAG_PREFIX}<name>' has ${bytes} bytes, at most ${MAX_FILE_NAME_BYTES} are allowed.`,
    );
}
