import { joinPath } from '../../common/io/file-io.js';
import { nextUuid, type Random } from '../../common/random.js';

/**
 * Where each file of a table lives (`FileStorePathFactory`, `DataFilePathFactory`, `SnapshotManager`,
 * `SchemaManager`). File names carry a UUID chosen once per factory plus a counter, as Paimon's do.
 */
export class TablePaths {
  constructor(readonly root: string) {}

  get schemaDir(): string {
    return joinPath(this.root, 'schema');
  }
  schemaFile(id: number): string {
    return joinPath(this.schemaDir, `schema-${id}`);
  }
  get snapshotDir(): string {
    return joinPath(this.root, 'snapshot');
  }
  snapshotFile(id: number): string {
    return joinPath(this.snapshotDir, `snapshot-${id}`);
  }
  hintFile(name: 'LATEST' | 'EARLIEST'): string {
    return joinPath(this.snapshotDir, name);
  }
  get manifestDir(): string {
    return joinPath(this.root, 'manifest');
  }
  manifestFile(name: string): string {
    return joinPath(this.manifestDir, name);
  }
  get tagDir(): string {
    return joinPath(this.root, 'tag');
  }
  tagFile(name: string): string {
    return joinPath(this.tagDir, `tag-${name}`);
  }
  /** Directory of a bucket: `<root>/<partition path>/bucket-<b>` (no partition part when unpartitioned). */
  bucketDir(partitionPath: string, bucket: number): string {
    return joinPath(this.root, partitionPath, `bucket-${bucket}`);
  }
  dataFile(partitionPath: string, bucket: number, fileName: string): string {
    return joinPath(this.bucketDir(partitionPath, bucket), fileName);
  }
}

export const SNAPSHOT_PREFIX = 'snapshot-';
export const SCHEMA_PREFIX = 'schema-';
export const TAG_PREFIX = 'tag-';

/** Generates unique file names with one UUID and a running counter: `<prefix><uuid>-<n><suffix>`. */
export class FileNameGenerator {
  private readonly uuid: string;
  private counter = 0;

  constructor(
    random: Random,
    private readonly prefix: string,
    private readonly suffix = '',
  ) {
    this.uuid = nextUuid(random);
  }

  next(): string {
    return `${this.prefix}${this.uuid}-${this.counter++}${this.suffix}`;
  }
}
