import type { FileIO } from '../../common/io/file-io.js';
import { getFileFormat } from '../format/registry.js';
import { deleteUnreferencedFiles } from '../lifecycle/file-cleaner.js';
import { commitMaintenanceOf } from '../lifecycle/maintenance.js';
import { TablePaths } from '../meta/path-factory.js';
import { SchemaManager } from '../meta/schema-manager.js';
import { SnapshotManager } from '../meta/snapshot-manager.js';
import { TagManager } from '../meta/tag-manager.js';
import { TableOptions, validateOptions } from '../options.js';
import { decodeBinaryRow } from '../spec/binary-row.js';
import { type DataType, type RowType, rowType } from '../spec/data-types.js';
import { trimmedPrimaryKeys } from '../spec/key-value.js';
import type { Snapshot } from '../spec/snapshot.js';
import type { TableSchema } from '../spec/table-schema.js';
import type { AppendWriterContext } from './append-writer.js';
import type { CommitMaintenance } from './commit-maintenance.js';
import type { AssignerSlot } from './dynamic-bucket-assigner.js';
import { FileStoreCommit } from './file-store-commit.js';
import { FileStoreScan } from './file-store-scan.js';
import { IndexFileStore } from './index-file-store.js';
import { ManifestStore } from './manifest-io.js';
import { keyComparator } from './pk/record-order.js';
import { ReadBuilder } from './read-builder.js';
import { RowBucketAssigner } from './row-bucket-assigner.js';
import { checkAlterTableOption } from './schema-change.js';
import { statsSettingsOf } from './stats-modes.js';
import type { TableContext, TableEnvironment } from './table-context.js';
import { tryTimeTravel } from './time-travel.js';
import { BatchWriteBuilder, StreamWriteBuilder } from './write-builders.js';

/**
 * A Paimon table on a filesystem (`FileStoreTable`), bound to its latest schema when loaded. Entry point
 * for writing (`newBatchWriteBuilder`, `newStreamWriteBuilder`), reading (`newReadBuilder`) and metadata
 * (`snapshotManager`, `schemaManager`). It wires the table's parts together; they see it as a `TableContext`.
 */
export class FileStoreTable implements TableContext {
  readonly paths: TablePaths;
  readonly options: TableOptions;
  readonly snapshotManager: SnapshotManager;
  readonly schemaManager: SchemaManager;
  readonly rowType: RowType;
  readonly partitionTypes: DataType[];
  private readonly rowTypesBySchemaId = new Map<number, RowType>();

  constructor(
    /** `database.table`. */
    readonly name: string,
    root: string,
    readonly schema: TableSchema,
    readonly env: TableEnvironment,
  ) {
    this.paths = new TablePaths(root);
    this.options = new TableOptions(schema.options);
    this.snapshotManager = new SnapshotManager(env.io, this.paths);
    this.schemaManager = new SchemaManager(env.io, this.paths, env.clock);
    this.rowType = rowType(schema.fields);
    this.partitionTypes = schema.partitionKeys.map((k) => schema.fields.find((f) => f.name === k)!.type);
    this.rowTypesBySchemaId.set(schema.id, this.rowType);
  }

  get io(): FileIO {
    return this.env.io;
  }

  /**
   * The tags of this table (`FileStoreTable.tagManager()`): retention defaults to `tag.default-time-retained`,
   * and deleting a tag whose snapshot expired cleans the files only it kept alive (`store().newTagDeletion()`).
   */
  tagManager(): TagManager {
    return new TagManager(this.env.io, this.paths, this.env.clock, {
      options: this.options,
      snapshotManager: this.snapshotManager,
      tagDeletion: (tagged, kept) => {
        deleteUnreferencedFiles(this, [tagged], kept);
      },
    });
  }

  /**
   * The same table with some options overridden (`FileStoreTable.copy`), e.g. `{ 'scan.tag-name': 't1' }`.
   * Options that change the data layout cannot be overridden (`checkImmutability`). A time-travel option binds
   * the copy to the schema of the snapshot it travels to, as `AbstractFileStoreTable.copyInternal` does.
   */
  copy(dynamicOptions: Readonly<Record<string, string>>): FileStoreTable {
    validateOptions(dynamicOptions);
    for (const [key, value] of Object.entries(dynamicOptions)) {
      const old = this.schema.options[key];
      if (old !== value) checkAlterTableOption(key, old, value, true);
    }
    const schema = { ...this.schema, options: { ...this.schema.options, ...dynamicOptions } };
    return tryTimeTravel(new FileStoreTable(this.name, this.paths.root, schema, this.env));
  }

  /**
   * This table bound to the schema `snapshot` was committed with, keeping this table's options
   * (`schemaManager.schema(snapshot.schemaId).copy(options)` in `AbstractFileStoreTable.tryTimeTravel`).
   */
  withSchemaOf(snapshot: Snapshot): FileStoreTable {
    if (snapshot.schemaId === this.schema.id) return this;
    const schema = { ...this.schemaManager.schema(snapshot.schemaId), options: this.schema.options };
    return new FileStoreTable(this.name, this.paths.root, schema, this.env);
  }

  newBatchWriteBuilder(): BatchWriteBuilder {
    return new BatchWriteBuilder(this);
  }

  newStreamWriteBuilder(): StreamWriteBuilder {
    return new StreamWriteBuilder(this);
  }

  newReadBuilder(): ReadBuilder {
    return new ReadBuilder(this);
  }

  /** The row type of the schema a data file was written with. */
  schemaFor(schemaId: number): RowType {
    let type = this.rowTypesBySchemaId.get(schemaId);
    if (!type) {
      type = rowType(this.schemaManager.schema(schemaId).fields);
      this.rowTypesBySchemaId.set(schemaId, type);
    }
    return type;
  }

  /** A manifest store with fresh file-name UUIDs (one per commit, as Paimon's path factory per commit). */
  newManifestStore(): ManifestStore {
    return new ManifestStore(this.env.io, this.paths, this.env.random, {
      codec: normalizeCodec(this.options.string('manifest.compression')!),
      targetFileSize: this.options.amount('manifest.target-file-size'),
      schemaId: this.schema.id,
      partitionTypes: this.partitionTypes,
    });
  }

  newScan(store: ManifestStore = this.newManifestStore()): FileStoreScan {
    return new FileStoreScan(store, this.partitionTypes);
  }

  newCommit(): FileStoreCommit {
    const store = this.newManifestStore();
    return new FileStoreCommit(
      this.snapshotManager,
      store,
      this.newScan(store),
      this.env.clock,
      this.env.random,
      {
        schemaId: this.schema.id,
        maxRetries: this.options.int('commit.max-retries'),
        minRetryWaitMs: this.options.amount('commit.min-retry-wait'),
        maxRetryWaitMs: this.options.amount('commit.max-retry-wait'),
        timeoutMs: this.options.optionalAmount('commit.timeout') ?? Number.POSITIVE_INFINITY,
        tableName: this.name,
        targetFileSize: this.options.amount('manifest.target-file-size'),
        mergeMinCount: this.options.int('manifest.merge-min-count'),
        fullCompactionThresholdSize: this.options.amount('manifest.full-compaction-threshold-size'),
        ...(this.schema.primaryKeys.length > 0 ? { compareKeyBytes: keyBytesComparator(this) } : {}),
      },
      this.newIndexFileStore(),
    );
  }

  /**
   * Post-commit maintenance for the commits of this table's write builders, handed into them as
   * `AbstractFileStoreTable.newCommit` hands `newExpireRunnable()` and `newTagAutoManager()` to
   * `TableCommitImpl`: tag auto-creation, tag expiration, snapshot expiration (off with `write-only`), batch tags.
   */
  newCommitMaintenance(): CommitMaintenance {
    return commitMaintenanceOf(this);
  }

  /** Index files with fresh file-name UUIDs (`IndexFileHandler`). */
  newIndexFileStore(): IndexFileStore {
    return new IndexFileStore(
      this.env.io,
      this.paths,
      this.env.random,
      normalizeCodec(this.options.string('manifest.compression')!),
    );
  }

  /** Bucket assignment of a dynamic-bucket table, for the Flink sink's assigner operator. */
  newBucketAssigner(slot?: AssignerSlot): RowBucketAssigner {
    return new RowBucketAssigner(this, slot);
  }

  /** `CoreOptions.targetFileSize(hasPrimaryKey)`: 128 mb for primary-key tables, 256 mb for append tables. */
  targetFileSize(): number {
    if (this.options.get('target-file-size') !== null) return this.options.amount('target-file-size');
    return (this.schema.primaryKeys.length > 0 ? 128 : 256) * 1024 * 1024;
  }

  appendWriterContext(): AppendWriterContext {
    return {
      io: this.env.io,
      clock: this.env.clock,
      random: this.env.random,
      rowType: this.rowType,
      schemaId: this.schema.id,
      format: getFileFormat(this.options.string('file.format')!),
      compression: this.options.string('file.compression')!,
      targetFileSize: this.targetFileSize(),
      stats: statsSettingsOf(this.options),
    };
  }
}

/** `manifest.compression` 'none' is Avro's 'null' codec. */
function normalizeCodec(codec: string): string {
  return codec === 'none' ? 'null' : codec;
}

/** Orders BinaryRow-encoded primary keys of a table (file min/max keys). */
function keyBytesComparator(table: FileStoreTable): (a: Uint8Array, b: Uint8Array) => number {
  const keys = trimmedPrimaryKeys(table.schema.primaryKeys, table.schema.partitionKeys);
  const types = keys.map((k) => table.rowType.fields.find((f) => f.name === k)!.type);
  const compare = keyComparator(types);
  return (a, b) => compare(decodeBinaryRow(types, a), decodeBinaryRow(types, b));
}
