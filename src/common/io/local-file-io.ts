import * as fs from 'node:fs';
import { FileIOError } from '../errors.js';
import { nextUuid, type Random, SystemRandom } from '../random.js';
import { baseName, type FileIO, type FileStatus, joinPath, parentOf } from './file-io.js';
import { errorCode, toFileIOError } from './fs-error.js';

/**
 * FileIO on the real local filesystem: the tables it writes are what real Paimon reads. Every failure is a
 * typed error naming the operation and the path (see fs-error.ts), never a raw Node error.
 */
export class LocalFileIO implements FileIO {
  constructor(private readonly random: Random = new SystemRandom()) {}

  readFile(path: string): Uint8Array {
    return attempt('read', path, () => fs.readFileSync(path));
  }

  writeFile(path: string, data: Uint8Array, overwrite = false): void {
    this.mkdirs(parentOf(path));
    attempt('write', path, () => fs.writeFileSync(path, data, { flag: overwrite ? 'w' : 'wx' }));
  }

  writeAtomic(path: string, data: Uint8Array): void {
    const temp = this.tempSibling(path);
    this.mkdirs(parentOf(path));
    try {
      attempt('write', temp, () => fs.writeFileSync(temp, data));
      attempt('rename into', path, () => fs.renameSync(temp, path));
    } catch (e) {
      removeQuietly(temp);
      throw e;
    }
  }

  createExclusive(path: string, data: Uint8Array): boolean {
    // Write fully to a hidden temp file, then hard-link it into place: link(2) fails if the target exists,
    // so the claim is atomic and a reader never sees a partial file.
    const temp = this.tempSibling(path);
    this.mkdirs(parentOf(path));
    try {
      attempt('write', temp, () => fs.writeFileSync(temp, data));
      fs.linkSync(temp, path);
      return true;
    } catch (e) {
      if (errorCode(e) === 'EEXIST') return false;
      throw toFileIOError(e, 'create', path);
    } finally {
      removeQuietly(temp);
    }
  }

  exists(path: string): boolean {
    return this.status(path) !== undefined;
  }

  status(path: string): FileStatus | undefined {
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(path, { throwIfNoEntry: false });
    } catch (e) {
      // Below a regular file nothing can exist: absent, as java.io.File.exists answers.
      if (errorCode(e) === 'ENOTDIR') return undefined;
      throw toFileIOError(e, 'stat', path);
    }
    if (!st) return undefined;
    return {
      path,
      size: st.isDirectory() ? 0 : st.size,
      isDirectory: st.isDirectory(),
      modificationTimeMs: st.mtimeMs,
    };
  }

  list(dir: string): FileStatus[] {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch (e) {
      if (errorCode(e) === 'ENOENT') return [];
      throw toFileIOError(e, 'list', dir);
    }
    names.sort();
    const out: FileStatus[] = [];
    for (const name of names) {
      const st = this.status(joinPath(dir, name));
      if (st) out.push(st);
    }
    return out;
  }

  delete(path: string): boolean {
    try {
      fs.unlinkSync(path);
      return true;
    } catch (e) {
      const code = errorCode(e);
      if (code === 'ENOENT' || code === 'ENOTDIR') return false;
      throw toFileIOError(e, 'delete', path);
    }
  }

  deleteDirectory(path: string): boolean {
    if (!this.exists(path)) return false;
    attempt('delete directory', path, () => fs.rmSync(path, { recursive: true, force: true }));
    return true;
  }

  mkdirs(dir: string): void {
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (e) {
      // With `recursive`, EEXIST means a file (not a directory) holds the name.
      if (errorCode(e) === 'EEXIST')
        throw new FileIOError(
          'create directory',
          dir,
          'EEXIST',
          'a file exists where a directory is expected',
        );
      throw toFileIOError(e, 'create directory', dir);
    }
  }

  /**
   * A hidden temp file next to `path` (`.<name>.<uuid>.tmp`, as Paimon's renaming output streams name theirs).
   * When that would exceed NAME_MAX although `path` itself fits, the name part is left out: the UUID alone
   * keeps it unique.
   */
  private tempSibling(path: string): string {
    const uuid = nextUuid(this.random);
    const named = `.${baseName(path)}.${uuid}.tmp`;
    const name = Buffer.byteLength(named, 'utf8') <= MAX_FILE_NAME_BYTES ? named : `.${uuid}.tmp`;
    return joinPath(parentOf(path), name);
  }
}

/** NAME_MAX of Linux and macOS file systems, in bytes. */
const MAX_FILE_NAME_BYTES = 255;

function attempt<T>(op: string, path: string, action: () => T): T {
  try {
    return action();
  } catch (e) {
    throw toFileIOError(e, op, path);
  }
}

/** Cleanup of a temp file after a failure: the original error is the one to report. */
function removeQuietly(path: string): void {
  try {
    fs.rmSync(path, { force: true });
  } catch {
    // An undeletable temp file is a harmless hidden orphan; the caller reports the real failure.
  }
}
