/**
 * `paimon-sim/storage`: the Paimon-compatible table engine — catalog, tables, write builders and commits,
 * reads and time travel, tags, expiration, rollback, orphan cleaning, system tables, options and typed errors.
 * Only names the README's "API reference" documents are exported (test/readme/exports.test.ts checks it both
 * ways); everything else (file formats, manifests, the LSM, BinaryRow…) is internal.
 */
export { type CatalogOptions, FileSystemCatalog } from './catalog.js';
export {
  BinaryRowError,
  CatalogError,
  CommitConflictError,
  CorruptFileError,
  DataFileNotFoundError,
  InvalidOptionError,
  InvalidTypeError,
  PartialCommitError,
  PathOutsideRootError,
  RollbackError,
  SchemaMismatchError,
  SchemaValidationError,
  SnapshotNotFoundError,
  TagError,
} from './errors.js';
export {
  type ExpireConfig,
  type ExpireResult,
  expireConfigOf,
  expireSnapshots,
} from './lifecycle/expire-snapshots.js';
export { removeOrphanFiles } from './lifecycle/orphan-files.js';
export {
  type RollbackResult,
  rollbackToSnapshot,
  rollbackToTag,
  rollbackToTimestamp,
} from './lifecycle/rollback.js';
export { expireTags } from './lifecycle/tag-maintenance.js';
export type { ColumnDefinition, SchemaDefinition } from './meta/schema-manager.js';
export { type TagInfo, TagManager } from './meta/tag-manager.js';
export { TableOptions, type UnknownOptionKey, unknownOptionKeys } from './options.js';
export type { DataField, DataType } from './spec/data-types.js';
export type { RowKindText } from './spec/key-value.js';
export { BATCH_COMMIT_IDENTIFIER, type CommitKind, type Snapshot } from './spec/snapshot.js';
export type { TableSchema } from './spec/table-schema.js';
export type { Row } from './spec/values.js';
export { SYSTEM_TABLE_NAMES, type SystemTable, type SystemTableName } from './system/system-tables.js';
export type { CommitMessage } from './table/commit-message.js';
export type { CommitWarning, PostCommitStep } from './table/commit-warnings.js';
export { dataFilePath } from './table/data-file-path.js';
export { ReadBuilder } from './table/read-builder.js';
export type { SchemaChange } from './table/schema-change.js';
export { FileStoreTable } from './table/table.js';
export { TableWrite } from './table/table-write.js';
export {
  BatchTableCommit,
  BatchWriteBuilder,
  StreamTableCommit,
  StreamWriteBuilder,
} from './table/write-builders.js';
