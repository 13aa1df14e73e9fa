import { type FileIO, joinPath } from '../../common/index.js';

/**
 * A FileIO whose absolute paths live under `root`: the simulator's '/warehouse' and '/flink' land in one
 * directory on disk (`--out DIR`), where the CLI's table commands can open them afterwards.
 */
export class RootedFileIO implements FileIO {
  constructor(
    private readonly inner: FileIO,
    readonly root: string,
  ) {}

  private at(path: string): string {
    return joinPath(this.root, path);
  }

  readFile(path: string) {
    return this.inner.readFile(this.at(path));
  }
  writeFile(path: string, data: Uint8Array, overwrite?: boolean) {
    this.inner.writeFile(this.at(path), data, overwrite);
  }
  writeAtomic(path: string, data: Uint8Array) {
    this.inner.writeAtomic(this.at(path), data);
  }
  createExclusive(path: string, data: Uint8Array) {
    return this.inner.createExclusive(this.at(path), data);
  }
  exists(path: string) {
    return this.inner.exists(this.at(path));
  }
  status(path: string) {
    const st = this.inner.status(this.at(path));
    return st && { ...st, path };
  }
  list(dir: string) {
    return this.inner.list(this.at(dir)).map((st) => ({ ...st, path: this.strip(st.path) }));
  }
  delete(path: string) {
    return this.inner.delete(this.at(path));
  }
  deleteDirectory(path: string) {
    return this.inner.deleteDirectory(this.at(path));
  }
  mkdirs(dir: string) {
    this.inner.mkdirs(this.at(dir));
  }

  private strip(path: string): string {
    const root = this.root.endsWith('/') ? this.root.slice(0, -1) : this.root;
    return path.startsWith(root) ? path.slice(root.length) || '/' : path;
  }
}
