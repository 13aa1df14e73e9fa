/**
 * The only way storage touches files. Synchronous on purpose: the runtime is cooperative and
 * single-threaded, so a commit inside `notifyCheckpointComplete` runs to completion without interleaving,
 * exactly as in a Flink task thread.
 *
 * Paths are absolute, '/'-separated strings.
 */
export interface FileStatus {
  readonly path: string;
  /** Bytes; 0 for directories. */
  readonly size: number;
  readonly isDirectory: boolean;
  readonly modificationTimeMs: number;
}

export interface FileIO {
  /** The whole file. Throws FileNotFoundError. */
  readFile(path: string): Uint8Array;
  /** Writes a new file, creating parent directories. Throws FileAlreadyExistsError unless `overwrite`. */
  writeFile(path: string, data: Uint8Array, overwrite?: boolean): void;
  /**
   * Writes to a temporary sibling then renames it over `path`, so readers see the old or the new bytes,
   * never a prefix. Used for hints (LATEST, EARLIEST) and metadata that may be replaced.
   */
  writeAtomic(path: string, data: Uint8Array): void;
  /**
   * Creates `path` with `data` only if nothing is there; returns false if it already exists. Atomic: how a
   * snapshot id is claimed (Paimon: rename without overwrite / `tryToWriteAtomic`).
   */
  createExclusive(path: string, data: Uint8Array): boolean;
  exists(path: string): boolean;
  /** Status of a file or directory, or undefined when absent. */
  status(path: string): FileStatus | undefined;
  /** Direct children of a directory, sorted by name; empty when the directory does not exist. */
  list(dir: string): FileStatus[];
  /** Deletes a file; returns false when it did not exist. */
  delete(path: string): boolean;
  /** Deletes a directory and everything below it; returns false when it did not exist. */
  deleteDirectory(path: string): boolean;
  mkdirs(dir: string): void;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function readUtf8(io: FileIO, path: string): string {
  return decoder.decode(io.readFile(path));
}

export function joinPath(...parts: string[]): string {
  const joined = parts.filter((p) => p.length > 0).join('/');
  // Every file access joins a path: skip the regex when there is nothing to collapse.
  return joined.includes('//') ? joined.replace(/\/{2,}/g, '/') : joined;
}

export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
