/** Paimon's on-disk metadata structures: pure encode/decode, no IO. */

export { BinaryRowError } from '../errors.js';
export { compareValues, decodeBinaryRow, EMPTY_BINARY_ROW, encodeBinaryRow } from './binary-row.js';
export { type DataFileMeta, FileSource } from './data-file-meta.js';
export * from './data-types.js';
export { javaHashMapOrder, javaStringHash } from './java-hash-map.js';
export {
  asBigInt,
  asObject,
  asSafeInteger,
  asString,
  JsonSyntaxError,
  type JsonValue,
  parseJson,
  RawJsonNumber,
  stringifyJackson,
} from './json.js';
export {
  MANIFEST_ENTRY_SCHEMA,
  MANIFEST_FILE_META_SCHEMA,
  MANIFEST_FORMAT_IDENTIFIER,
} from './manifest-avro.js';
export { FileKind, type ManifestEntry, readManifestEntries, writeManifestEntries } from './manifest-entry.js';
export {
  type ManifestCodecOptions,
  type ManifestFileMeta,
  readManifestFileMetas,
  writeManifestFileMetas,
} from './manifest-file-meta.js';
export {
  DEFAULT_STATS_MODE,
  decodeSimpleStats,
  EMPTY_SIMPLE_STATS,
  parseStatsMode,
  type SimpleStats,
  SimpleStatsCollector,
  type StatsMode,
} from './simple-stats.js';
export {
  BATCH_COMMIT_IDENTIFIER,
  type CommitKind,
  decodeSnapshot,
  encodeSnapshot,
  NO_WATERMARK,
  SNAPSHOT_CURRENT_VERSION,
  type Snapshot,
  snapshotFromJson,
  snapshotToJson,
} from './snapshot.js';
export { decodeSchema, encodeSchema, SCHEMA_CURRENT_VERSION, type TableSchema } from './table-schema.js';
export { decodeTag, durationToIso, encodeTag, type Tag } from './tag.js';
export * from './values.js';
