import * as fs from 'node:fs';
import { nextUuid, type Random, SystemRandom } from '../../common/random.js';
import { FileAlreadyExistsError, FileNotFoundError } from '../errors.js';
import { baseName, type FileIO, type FileStatus, joinPath, parentOf } from './file-io.js';

/** FileIO on the real local filesystem: the tables it writes are what real Paimon reads. */
export class LocalFileIO implements FileIO {
  constructor(private readonly random: Random = new SystemRandom()) {}

  readFile(path: string): Uint8Array {
    try {
      return fs.readFileSync(path);
    } catch (e) {
      throw rethrow(e, path);
    }
  }

  writeFile(path: string, data: Uint8Array, overwrite = false): void {
    fs.mkdirSync(parentOf(path), { recursive: true });
    try {
      fs.writeFileSync(path, data, { flag: overwrite ? 'w' : 'wx' });
    } catch (e) {
      throw rethrow(e, path);
    }
  }

  writeAtomic(path: string, data: Uint8Array): void {
    const temp = this.tempSibling(path);
    fs.mkdirSync(parentOf(path), { recursive: true });
    fs.writeFileSync(temp, data);
    fs.renameSync(temp, path);
  }

  createExclusive(path: string, data: Uint8Array): boolean {
    // Write fully to a hidden temp file, then hard-link it into place: link(2) fails if the target exists,
    // so the claim is atomic and a reader never sees a partial file.
    const temp = this.tempSibling(path);
    fs.mkdirSync(parentOf(path), { recursive: true });
    fs.writeFileSync(temp, data);
    try {
      fs.linkSync(temp, path);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw e;
    } finally {
      fs.rmSync(temp, { force: true });
    }
  }

  exists(path: string): boolean {
    return fs.existsSync(path);
  }

  status(path: string): FileStatus | undefined {
    const st = fs.statSync(path, { throwIfNoEntry: false });
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
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
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
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }

  deleteDirectory(path: string): boolean {
    if (!fs.existsSync(path)) return false;
    fs.rmSync(path, { recursive: true, force: true });
    return true;
  }

  mkdirs(dir: string): void {
    fs.mkdirSync(dir, { recursive: true });
  }

  private tempSibling(path: string): string {
    return joinPath(parentOf(path), `.${baseName(path)}.${nextUuid(this.random)}.tmp`);
  }
}

function rethrow(e: unknown, path: string): Error {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new FileNotFoundError(path);
  if (code === 'EEXIST') return new FileAlreadyExistsError(path);
  return e as Error;
}
