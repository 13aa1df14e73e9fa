import type { Random } from '../../common/random.js';
import { readAvroContainer, writeAvroContainer } from '../format/avro/container.js';
import { checkPlainFileName } from './file-name.js';
import { MANIFEST_FILE_META_SCHEMA, MANIFEST_FORMAT_IDENTIFIER } from './manifest-avro.js';
import { manifestRecord, statsFromAvro, statsToAvro } from './manifest-records.js';
import type { SimpleStats } from './simple-stats.js';

/**
 * One record of a manifest list `manifest/manifest-list-<uuid>-<n>`: a manifest file and a summary of it
 * (`org.apache.paimon.manifest.ManifestFileMeta`).
 */
export interface ManifestFileMeta {
  readonly fileName: string;
  readonly fileSize: number;
  readonly numAddedFiles: number;
  readonly numDeletedFiles: number;
  /** Min/max of partition values over the manifest's entries. */
  readonly partitionStats: SimpleStats;
  readonly schemaId: number;
  readonly minBucket: number | null;
  readonly maxBucket: number | null;
  readonly minLevel: number | null;
  readonly maxLevel: number | null;
  readonly minRowId: number | null;
  readonly maxRowId: number | null;
}

export interface ManifestCodecOptions {
  /** Avro codec (`manifest.compression`): zstd, snappy, deflate or null. */
  readonly codec: string;
  readonly random: Random;
}

/** Encodes a manifest list (`ManifestList`, `ManifestFileMetaSerializer`). */
export function writeManifestFileMetas(
  metas: readonly ManifestFileMeta[],
  options: ManifestCodecOptions,
): Uint8Array {
  return writeAvroContainer(
    MANIFEST_FILE_META_SCHEMA,
    { values: metas, toRecord, memo: encodedMetas },
    options,
  );
}

/**
 * Encoded records per (immutable) ManifestFileMeta: a commit rewrites the base manifest list with the same
 * metas as the previous one plus the new ones. Every suite checks what is written against decoding
 * (test/setup/check-written-values.ts), which would catch a stale encoding.
 */
const encodedMetas = new WeakMap<ManifestFileMeta, Uint8Array>();

function toRecord(m: ManifestFileMeta): object {
  return {
    _VERSION: MANIFEST_FORMAT_IDENTIFIER,
    _FILE_NAME: m.fileName,
    _FILE_SIZE: m.fileSize,
    _NUM_ADDED_FILES: m.numAddedFiles,
    _NUM_DELETED_FILES: m.numDeletedFiles,
    _PARTITION_STATS: statsToAvro(m.partitionStats),
    _SCHEMA_ID: m.schemaId,
    _MIN_BUCKET: m.minBucket,
    _MAX_BUCKET: m.maxBucket,
    _MIN_LEVEL: m.minLevel,
    _MAX_LEVEL: m.maxLevel,
    _MIN_ROW_ID: m.minRowId,
    _MAX_ROW_ID: m.maxRowId,
  };
}

const MANIFEST_LIST = 'a Paimon manifest list';

export function readManifestFileMetas(bytes: Uint8Array, path: string): ManifestFileMeta[] {
  const { records } = readAvroContainer(bytes, path);
  return records.map((value, i) => {
    const r = manifestRecord(value, path, i);
    r.checkVersion();
    return {
      fileName: checkPlainFileName(r.string('_FILE_NAME'), `record ${i}: _FILE_NAME`, path, MANIFEST_LIST),
      fileSize: r.number('_FILE_SIZE'),
      numAddedFiles: r.number('_NUM_ADDED_FILES'),
      numDeletedFiles: r.number('_NUM_DELETED_FILES'),
      partitionStats: statsFromAvro(r.get('_PARTITION_STATS'), path),
      schemaId: r.number('_SCHEMA_ID'),
      minBucket: r.optionalNumber('_MIN_BUCKET'),
      maxBucket: r.optionalNumber('_MAX_BUCKET'),
      minLevel: r.optionalNumber('_MIN_LEVEL'),
      maxLevel: r.optionalNumber('_MAX_LEVEL'),
      minRowId: r.optionalNumber('_MIN_ROW_ID'),
      maxRowId: r.optionalNumber('_MAX_ROW_ID'),
    };
  });
}
