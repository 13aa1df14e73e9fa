import type { Clock } from '../../common/clock.js';
import type { FileIO } from '../../common/io/file-io.js';
import type { Random } from '../../common/random.js';
import type { TablePaths } from '../meta/path-factory.js';
import type { SnapshotManager } from '../meta/snapshot-manager.js';
import type { TagManager } from '../meta/tag-manager.js';
import type { TableOptions } from '../options.js';
import type { DataType, RowType } from '../spec/data-types.js';
import type { Snapshot } from '../spec/snapshot.js';
import type { TableSchema } from '../spec/table-schema.js';
import type { AppendWriterContext } from './append-writer.js';
import type { CommitMaintenance } from './commit-maintenance.js';
import type { FileStoreCommit } from './file-store-commit.js';
import type { FileStoreScan } from './file-store-scan.js';
import type { IndexFileStore } from './index-file-store.js';
import type { ManifestStore } from './manifest-io.js';

/** The environment a table runs in: injected IO, time and randomness (see src/common). */
export interface TableEnvironment {
  readonly io: FileIO;
  readonly clock: Clock;
  readonly random: Random;
}

/**
 * What the parts of a table (readers, writers, commits, maintenance) need from it: its schema, options,
 * environment, metadata managers and the factories of its file stores. `FileStoreTable` (table.ts) implements
 * it and wires the parts together; the parts depend on this interface, not on table.ts, so that the table can
 * import them without an import cycle (Paimon's `FileStoreTable` interface and `AbstractFileStoreTable`).
 */
export interface TableContext {
  /** `database.table`. */
  readonly name: string;
  readonly schema: TableSchema;
  readonly env: TableEnvironment;
  readonly io: FileIO;
  readonly paths: TablePaths;
  readonly options: TableOptions;
  readonly rowType: RowType;
  readonly partitionTypes: DataType[];
  readonly snapshotManager: SnapshotManager;
  /** Tags of this table, deleting a tag cleans the files only it kept alive (`FileStoreTable.tagManager`). */
  tagManager(): TagManager;
  /** The same table bound to the schema `snapshot` was committed with (see FileStoreTable.withSchemaOf). */
  withSchemaOf(snapshot: Snapshot): TableContext;
  /** The row type of the schema a data file was written with. */
  schemaFor(schemaId: number): RowType;
  /** `CoreOptions.targetFileSize(hasPrimaryKey)`. */
  targetFileSize(): number;
  /** A manifest store with fresh file-name UUIDs. */
  newManifestStore(): ManifestStore;
  newScan(store?: ManifestStore): FileStoreScan;
  /** A commit with its own manifest store (one per commit, as Paimon's path factory per commit). */
  newCommit(): FileStoreCommit;
  /** What write builders' commits run after committing: tags and expiration (`TableCommitImpl.maintain`). */
  newCommitMaintenance(): CommitMaintenance;
  /** Index files (HASH indexes of dynamic-bucket tables), with fresh file-name UUIDs. */
  newIndexFileStore(): IndexFileStore;
  appendWriterContext(): AppendWriterContext;
}
