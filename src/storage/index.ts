export * from '../common/io/index.js';
export { type CatalogOptions, FileSystemCatalog } from './catalog.js';
export * from './errors.js';
export {
  type ExpireConfig,
  type ExpireResult,
  expireConfigOf,
  expireSnapshots,
} from './lifecycle/expire-snapshots.js';
export { DEFAULT_ORPHAN_AGE_MS, removeOrphanFiles } from './lifecycle/orphan-files.js';
export {
  RollbackError,
  type RollbackResult,
  rollbackToSnapshot,
  rollbackToTag,
  rollbackToTimestamp,
} from './lifecycle/rollback.js';
export { expireTags } from './lifecycle/tag-maintenance.js';
export { TagError, type TagInfo, TagManager } from './lifecycle/tag-manager.js';
export {
  OPTION_DEFS,
  type OptionDef,
  TableOptions,
  type UnknownOptionKey,
  unknownOptionKeys,
  validateOptions,
} from './options.js';
export type { DataFileMeta } from './spec/data-file-meta.js';
export * from './spec/data-types.js';
export type { IndexManifestEntry } from './spec/index-manifest.js';
export { isRetract, RowKind, type RowKindText, rowKindFromText, rowKindText } from './spec/key-value.js';
export type { ManifestEntry } from './spec/manifest-entry.js';
export type { ManifestFileMeta } from './spec/manifest-file-meta.js';
export type { SimpleStats } from './spec/simple-stats.js';
export { BATCH_COMMIT_IDENTIFIER, type CommitKind, type Snapshot } from './spec/snapshot.js';
export type { TableSchema } from './spec/table-schema.js';
export type { Tag } from './spec/tag.js';
export { dateFromIso, dateToIso, type Row, Timestamp } from './spec/values.js';
export {
  SYSTEM_TABLE_NAMES,
  type SystemTable,
  type SystemTableName,
  systemTable,
} from './system/system-tables.js';
export type { CommitMessage } from './table/commit-message.js';
export type { CommitWarning, PostCommitStep } from './table/commit-warnings.js';
export type { AssignerSlot } from './table/dynamic-bucket-assigner.js';
export { AGGREGATE_FUNCTIONS } from './table/pk/field-aggregators.js';
export type { MergeEngine } from './table/pk/merge-function.js';
export { ReadBuilder } from './table/read-builder.js';
export { applySchemaChanges, canWiden, type SchemaChange } from './table/schema-change.js';
export type { ColumnDefinition, SchemaDefinition } from './table/schema-manager.js';
export { SnapshotNotFoundError } from './table/snapshot-manager.js';
export { FileStoreTable, type TableEnvironment } from './table/table.js';
export { dataFilePath } from './table/table-read.js';
export { TableWrite, type TableWriteOptions } from './table/table-write.js';
export {
  BatchTableCommit,
  BatchWriteBuilder,
  StreamTableCommit,
  StreamWriteBuilder,
} from './table/write-builders.js';
