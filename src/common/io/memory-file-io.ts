import type { Clock } from '../clock.js';
import { FileAlreadyExistsError, FileNotFoundError } from '../errors.js';
import { baseName, type FileIO, type FileStatus, joinPath, parentOf } from './file-io.js';

/** One step of IO, as seen by a hook. Atomic writes show their two steps so a crash can fall between them. */
export type FileOperationKind =
  | 'read'
  | 'write'
  | 'writeAtomic.temp'
  | 'writeAtomic.rename'
  | 'createExclusive'
  | 'delete'
  | 'deleteDirectory'
  | 'list'
  | 'mkdirs';

export interface FileOperation {
  readonly kind: FileOperationKind;
  readonly path: string;
}

/** Called before every operation; throwing from it makes the operation fail (or "crash") at that point. */
export type FileIOHook = (op: FileOperation) => void;

interface StoredFile {
  data: Uint8Array;
  modificationTimeMs: number;
}

/**
 * A deterministic in-memory filesystem. Iteration is by sorted path, times come from the injected clock,
 * and a hook can fail any call: the simulator's way to crash a commit at every step.
 */
export class MemoryFileIO implements FileIO {
  private readonly files = new Map<string, StoredFile>();
  private readonly dirs = new Set<string>(['/']);
  /**
   * Names of the files and of the directories directly in each directory, so `list` costs what the directory
   * holds rather than every file of the filesystem (a snapshot directory is listed at every commit).
   */
  private readonly fileNames = new Map<string, Set<string>>();
  private readonly dirNames = new Map<string, Set<string>>();
  /**
   * Sorted listings, kept until something in the directory changes: the snapshot directory is listed at
   * every commit (`earliestSnapshotId` before the first expiration), and re-sorting it each time made a
   * long run's commits cost O(history). Each change updates its directory's listing in place.
   */
  private readonly listings = new Map<string, FileStatus[]>();
  private hook: FileIOHook | undefined;
  private tempCounter = 0;

  constructor(private readonly clock: Pick<Clock, 'nowMs'> = { nowMs: () => 0 }) {}

  /** Installs (or with undefined removes) the hook called before each operation. */
  setHook(hook: FileIOHook | undefined): void {
    this.hook = hook;
  }

  readFile(path: string): Uint8Array {
    this.fire('read', path);
    const file = this.files.get(path);
    if (!file) throw new FileNotFoundError(path);
    return file.data.slice();
  }

  writeFile(path: string, data: Uint8Array, overwrite = false): void {
    this.fire('write', path);
    if (!overwrite && this.files.has(path)) throw new FileAlreadyExistsError(path);
    this.put(path, data);
  }

  writeAtomic(path: string, data: Uint8Array): void {
    const temp = joinPath(parentOf(path), `.${baseName(path)}.${this.tempCounter++}.tmp`);
    this.fire('writeAtomic.temp', temp);
    this.put(temp, data);
    this.fire('writeAtomic.rename', path);
    this.removeFile(temp);
    this.put(path, data);
  }

  createExclusive(path: string, data: Uint8Array): boolean {
    this.fire('createExclusive', path);
    if (this.files.has(path)) return false;
    this.put(path, data);
    return true;
  }

  exists(path: string): boolean {
    return this.files.has(path) || this.dirs.has(path);
  }

  status(path: string): FileStatus | undefined {
    const file = this.files.get(path);
    if (file)
      return {
        path,
        size: file.data.length,
        isDirectory: false,
        modificationTimeMs: file.modificationTimeMs,
      };
    if (this.dirs.has(path)) return { path, size: 0, isDirectory: true, modificationTimeMs: 0 };
    return undefined;
  }

  list(dir: string): FileStatus[] {
    this.fire('list', dir);
    const prefix = dir.endsWith('/') ? dir : `${dir}/`;
    const key = prefix === '/' ? '/' : prefix.slice(0, -1);
    let listing = this.listings.get(key);
    if (listing === undefined) {
      const children = new Set<string>([
        ...(this.fileNames.get(key) ?? []),
        ...(this.dirNames.get(key) ?? []),
      ]);
      listing = [...children]
        .sort()
        .map((name) => this.status(prefix + name))
        .filter((s): s is FileStatus => s !== undefined)
        .map((s) => Object.freeze(s));
      this.listings.set(key, listing);
    }
    return listing.slice();
  }

  /** Brings the cached listing of `path`'s directory (if any) up to date with `path`'s current status. */
  private relist(path: string): void {
    const listing = this.listings.get(parentOf(path));
    if (listing === undefined) return;
    const status = this.status(path);
    // Binary search by path: the listing is sorted by name and every entry shares the directory prefix.
    let lo = 0;
    let hi = listing.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (listing[mid]!.path < path) lo = mid + 1;
      else hi = mid;
    }
    const found = listing[lo]?.path === path;
    if (status === undefined) {
      if (found) listing.splice(lo, 1);
    } else if (found) listing[lo] = Object.freeze(status);
    else listing.splice(lo, 0, Object.freeze(status));
  }

  delete(path: string): boolean {
    this.fire('delete', path);
    return this.removeFile(path);
  }

  deleteDirectory(path: string): boolean {
    this.fire('deleteDirectory', path);
    const prefix = path.endsWith('/') ? path : `${path}/`;
    let found = this.removeDir(path);
    // Every file's parent directories exist, so walking the directory index reaches everything below.
    const pending = [prefix === '/' ? '/' : prefix.slice(0, -1)];
    for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
      const below = dir === '/' ? '/' : `${dir}/`;
      for (const name of [...(this.fileNames.get(dir) ?? [])]) found = this.removeFile(below + name) || found;
      for (const name of [...(this.dirNames.get(dir) ?? [])]) {
        this.removeDir(below + name);
        pending.push(below + name);
      }
    }
    return found;
  }

  mkdirs(dir: string): void {
    this.fire('mkdirs', dir);
    this.addDirs(dir);
  }

  /** All file paths, sorted: for tests and checkers. */
  allFiles(): string[] {
    return [...this.files.keys()].sort();
  }

  private put(path: string, data: Uint8Array): void {
    this.addDirs(parentOf(path));
    this.files.set(path, { data: data.slice(), modificationTimeMs: this.clock.nowMs() });
    indexName(this.fileNames, path);
    this.relist(path);
  }

  private removeFile(path: string): boolean {
    if (!this.files.delete(path)) return false;
    unindexName(this.fileNames, path);
    this.relist(path);
    return true;
  }

  private removeDir(dir: string): boolean {
    if (!this.dirs.delete(dir)) return false;
    unindexName(this.dirNames, dir);
    this.relist(dir);
    this.listings.delete(dir);
    return true;
  }

  private addDirs(dir: string): void {
    let d = dir;
    while (d !== '/' && d !== '' && !this.dirs.has(d)) {
      this.dirs.add(d);
      indexName(this.dirNames, d);
      this.relist(d);
      d = parentOf(d);
    }
  }

  private fire(kind: FileOperationKind, path: string): void {
    this.hook?.({ kind, path });
  }
}

function indexName(index: Map<string, Set<string>>, path: string): void {
  const parent = parentOf(path);
  let names = index.get(parent);
  if (names === undefined) {
    names = new Set();
    index.set(parent, names);
  }
  names.add(baseName(path));
}

function unindexName(index: Map<string, Set<string>>, path: string): void {
  const parent = parentOf(path);
  const names = index.get(parent);
  if (names === undefined) return;
  names.delete(baseName(path));
  if (names.size === 0) index.delete(parent);
}
