import type { FileIO } from '../../common/index.js';

/** The mutating FileIO calls the simulator watches (reads and listings are not fault sites). */
export type IOKind = 'write' | 'rename' | 'create-exclusive' | 'delete' | 'delete-directory';

/**
 * Told about every mutating call: `before` may throw (the call then never happens), `after` runs once the
 * call took effect and may throw too (the effect stays: a crash after the write). `created` is
 * createExclusive's answer; `data` is what was written.
 */
export interface IOListener {
  before?(kind: IOKind, path: string): void;
  after?(kind: IOKind, path: string, effect: { created?: boolean; data?: Uint8Array }): void;
}

/**
 * Wraps the FileIO that storage and runtime share, so that one place sees every write, atomic rename,
 * exclusive create and delete: the storage tap (events into the trace) and the fault injector both listen.
 * `writeAtomic` is one site, 'rename': its temp file is invisible to readers.
 */
export class InstrumentedFileIO implements FileIO {
  constructor(
    private readonly inner: FileIO,
    private readonly listeners: readonly IOListener[],
  ) {}

  private around<T>(
    kind: IOKind,
    path: string,
    work: () => T,
    effect: (r: T) => { created?: boolean; data?: Uint8Array },
  ): T {
    for (const l of this.listeners) l.before?.(kind, path);
    const result = work();
    for (const l of this.listeners) l.after?.(kind, path, effect(result));
    return result;
  }

  readFile(path: string) {
    return this.inner.readFile(path);
  }
  writeFile(path: string, data: Uint8Array, overwrite?: boolean) {
    this.around(
      'write',
      path,
      () => this.inner.writeFile(path, data, overwrite),
      () => ({ data }),
    );
  }
  writeAtomic(path: string, data: Uint8Array) {
    this.around(
      'rename',
      path,
      () => this.inner.writeAtomic(path, data),
      () => ({ data }),
    );
  }
  createExclusive(path: string, data: Uint8Array) {
    return this.around(
      'create-exclusive',
      path,
      () => this.inner.createExclusive(path, data),
      (created) => ({ created, data }),
    );
  }
  exists(path: string) {
    return this.inner.exists(path);
  }
  status(path: string) {
    return this.inner.status(path);
  }
  list(dir: string) {
    return this.inner.list(dir);
  }
  delete(path: string) {
    return this.around(
      'delete',
      path,
      () => this.inner.delete(path),
      (created) => ({ created }),
    );
  }
  deleteDirectory(path: string) {
    return this.around(
      'delete-directory',
      path,
      () => this.inner.deleteDirectory(path),
      () => ({}),
    );
  }
  mkdirs(dir: string) {
    this.inner.mkdirs(dir);
  }
}
