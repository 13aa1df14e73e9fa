import { type FileIO, readUtf8, utf8 } from '../../common/io/file-io.js';
import { CorruptFileError, FileNotFoundError, InjectedFaultError, SnapshotNotFoundError } from '../errors.js';
import { decodeSnapshot, encodeSnapshot, type Snapshot } from '../spec/snapshot.js';
import { readDecoded, rememberWritten } from './decoded-file-cache.js';
import { SNAPSHOT_PREFIX, type TablePaths } from './path-factory.js';
import { canonicalId, listVersionedIds } from './versioned-files.js';

/**
 * Finds and reads snapshots (`SnapshotManager`, `HintFileUtils`). LATEST and EARLIEST are only hints:
 * when one is missing or stale the snapshot directory is listed instead.
 */
export class SnapshotManager {
  constructor(
    private readonly io: FileIO,
    private readonly paths: TablePaths,
  ) {}

  /** Ids of all snapshot files present, ascending; names that are not `snapshot-<id>` are skipped. */
  listIds(): number[] {
    // Snapshot ids start at 1 (`Snapshot.FIRST_SNAPSHOT_ID`): `snapshot-0` is no snapshot.
    return listVersionedIds(this.io, this.paths.snapshotDir, SNAPSHOT_PREFIX, 1);
  }

  snapshotExists(id: number): boolean {
    return this.io.exists(this.paths.snapshotFile(id));
  }

  latestSnapshotId(): number | undefined {
    const hint = this.readHint('LATEST');
    // The hint is trusted only if the next id is absent (`HintFileUtils.findLatest`).
    if (hint !== undefined && this.snapshotExists(hint) && !this.snapshotExists(hint + 1)) return hint;
    const ids = this.listIds();
    return ids.length === 0 ? undefined : ids[ids.length - 1];
  }

  earliestSnapshotId(): number | undefined {
    const hint = this.readHint('EARLIEST');
    if (hint !== undefined && this.snapshotExists(hint) && !this.snapshotExists(hint - 1)) return hint;
    return this.listIds()[0];
  }

  latestSnapshot(): Snapshot | undefined {
    const id = this.latestSnapshotId();
    return id === undefined ? undefined : this.snapshot(id);
  }

  earliestSnapshot(): Snapshot | undefined {
    const id = this.earliestSnapshotId();
    return id === undefined ? undefined : this.snapshot(id);
  }

  /**
   * Snapshot `id`, decoded once per process while its bytes stay the same (decoded-file-cache.ts): a commit
   * reads the latest snapshot and expiration the earliest, at every commit. The value is shared: read-only.
   */
  snapshot(id: number): Snapshot {
    const path = this.paths.snapshotFile(id);
    try {
      return readDecoded(this.io, path, 'snapshot', (bytes) => decodeSnapshotBytes(bytes, path, id));
    } catch (e) {
      if (e instanceof FileNotFoundError) throw new SnapshotNotFoundError(id, path);
      throw e;
    }
  }

  /** All snapshots present, ascending by id. */
  snapshots(): Snapshot[] {
    return this.listIds().map((id) => this.snapshot(id));
  }

  /**
   * The newest snapshot committed by `commitUser`, scanning down from the latest; stops at the first missing
   * (expired) snapshot (`SnapshotManager.latestSnapshotOfUser`).
   */
  latestSnapshotOfUser(commitUser: string): Snapshot | undefined {
    const latest = this.latestSnapshotId();
    if (latest === undefined) return undefined;
    // Paimon bounds the walk by `earliestSnapshotId()`, which lists the directory until the first
    // expiration writes EARLIEST. Every id below the earliest is absent, so stopping at the first missing
    // id ends the walk at the same snapshot without listing (a walk per checkpoint must not cost O(history)).
    for (let id = latest; id >= 1; id--) {
      if (!this.snapshotExists(id)) return undefined;
      const snapshot = this.snapshot(id);
      if (snapshot.commitUser === commitUser) return snapshot;
    }
    return undefined;
  }

  /**
   * Claims `snapshot-<id>` atomically; false when another committer got there first. The caller then moves
   * the LATEST hint (a stale hint is harmless: readers verify it).
   */
  tryClaim(snapshot: Snapshot): boolean {
    const path = this.paths.snapshotFile(snapshot.id);
    const bytes = utf8(encodeSnapshot(snapshot));
    if (!this.io.createExclusive(path, bytes)) return false;
    // Remembered as decoded (one parse here instead of one per later read): the writer's object may carry
    // fields the file leaves out (a null changelogManifestList).
    const decode = (b: Uint8Array) => decodeSnapshotBytes(b, path, snapshot.id);
    rememberWritten(this.io, path, 'snapshot', bytes, decode(bytes), decode);
    return true;
  }

  commitLatestHint(id: number): void {
    this.io.writeAtomic(this.paths.hintFile('LATEST'), utf8(String(id)));
  }

  commitEarliestHint(id: number): void {
    this.io.writeAtomic(this.paths.hintFile('EARLIEST'), utf8(String(id)));
  }

  private readHint(name: 'LATEST' | 'EARLIEST'): number | undefined {
    const path = this.paths.hintFile(name);
    if (!this.io.exists(path)) return undefined;
    try {
      return canonicalId(readUtf8(this.io, path).trim());
    } catch (e) {
      if (e instanceof InjectedFaultError) throw e; // a simulated crash is never swallowed
      return undefined; // a hint that cannot be read is ignored, as Paimon does
    }
  }
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function decodeSnapshotBytes(bytes: Uint8Array, path: string, id: number): Snapshot {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch (e) {
    throw new CorruptFileError(path, 'a snapshot file', 'not valid UTF-8', { cause: e });
  }
  return decodeSnapshot(text, path, id);
}
