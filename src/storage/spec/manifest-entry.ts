import { CorruptFileError } from '../errors.js';
import { readAvroContainer, writeAvroContainer } from '../format/avro/container.js';
import { type DataFileMeta, FileSource } from './data-file-meta.js';
import { checkPlainFileName, externalPathProblem } from './file-name.js';
import { MANIFEST_ENTRY_SCHEMA, MANIFEST_FORMAT_IDENTIFIER } from './manifest-avro.js';
import type { ManifestCodecOptions } from './manifest-file-meta.js';
import { manifestRecord, statsFromAvro, statsToAvro } from './manifest-records.js';

/** `FileKind`: an entry adds a file to the table or deletes it. */
export const FileKind = { ADD: 0, DELETE: 1 } as const;
export type FileKind = (typeof FileKind)[keyof typeof FileKind];

/** One record of a manifest file `manifest/manifest-<uuid>-<n>` (`org.apache.paimon.manifest.ManifestEntry`). */
export interface ManifestEntry {
  readonly kind: FileKind;
  /** Partition values as BinaryRow bytes (empty row for unpartitioned tables). */
  readonly partition: Uint8Array;
  readonly bucket: number;
  /** Number of buckets when written (`bucket` option; -1 for unaware/dynamic). */
  readonly totalBuckets: number;
  readonly file: DataFileMeta;
}

/** Encodes a manifest file (`ManifestFile`, `ManifestEntrySerializer`, `DataFileMetaSerializer`). */
export function writeManifestEntries(
  entries: readonly ManifestEntry[],
  options: ManifestCodecOptions,
): Uint8Array {
  return writeAvroContainer(
    MANIFEST_ENTRY_SCHEMA,
    { values: entries, toRecord, memo: encodedEntries },
    options,
  );
}

/**
 * Encoded records per ManifestEntry object: a manifest merge (`manifest.merge-min-count`) writes again the
 * entries of the manifests it merges, which are the decoded-file cache's shared (immutable) values. Every
 * suite checks what is written against decoding (test/setup/check-written-values.ts).
 */
const encodedEntries = new WeakMap<ManifestEntry, Uint8Array>();

function toRecord(e: ManifestEntry): object {
  return {
    _VERSION: MANIFEST_FORMAT_IDENTIFIER,
    _KIND: e.kind,
    _PARTITION: Buffer.from(e.partition),
    _BUCKET: e.bucket,
    _TOTAL_BUCKETS: e.totalBuckets,
    _FILE: dataFileToAvro(e.file),
  };
}

export function readManifestEntries(bytes: Uint8Array, path: string): ManifestEntry[] {
  const { records } = readAvroContainer(bytes, path);
  return records.map((value, i) => {
    const r = manifestRecord(value, path, i);
    r.checkVersion();
    const kind = r.number('_KIND');
    if (kind !== FileKind.ADD && kind !== FileKind.DELETE) {
      throw new CorruptFileError(
        path,
        'a Paimon manifest',
        `record ${i}: _KIND ${kind} is neither ADD (0) nor DELETE (1)`,
      );
    }
    return {
      kind,
      partition: r.bytes('_PARTITION'),
      bucket: r.number('_BUCKET'),
      totalBuckets: r.number('_TOTAL_BUCKETS'),
      file: dataFileFromAvro(r.get('_FILE'), path, i),
    };
  });
}

function dataFileToAvro(f: DataFileMeta): object {
  return {
    _FILE_NAME: f.fileName,
    _FILE_SIZE: f.fileSize,
    _ROW_COUNT: f.rowCount,
    _MIN_KEY: Buffer.from(f.minKey),
    _MAX_KEY: Buffer.from(f.maxKey),
    _KEY_STATS: statsToAvro(f.keyStats),
    _VALUE_STATS: statsToAvro(f.valueStats),
    _MIN_SEQUENCE_NUMBER: f.minSequenceNumber,
    _MAX_SEQUENCE_NUMBER: f.maxSequenceNumber,
    _SCHEMA_ID: f.schemaId,
    _LEVEL: f.level,
    _EXTRA_FILES: [...f.extraFiles],
    _CREATION_TIME: f.creationTimeMs,
    _DELETE_ROW_COUNT: f.deleteRowCount,
    _EMBEDDED_FILE_INDEX: f.embeddedIndex === null ? null : Buffer.from(f.embeddedIndex),
    _FILE_SOURCE: f.fileSource,
    _VALUE_STATS_COLS: f.valueStatsCols === null ? null : [...f.valueStatsCols],
    _EXTERNAL_PATH: f.externalPath,
    _FIRST_ROW_ID: f.firstRowId,
    _WRITE_COLS: f.writeCols === null ? null : [...f.writeCols],
    _WRITE_COLS_SEQUENCES: f.writeColsSequences == null ? null : [...f.writeColsSequences],
  };
}

function dataFileFromAvro(value: unknown, path: string, index: number): DataFileMeta {
  const r = manifestRecord(value, path, index);
  const source = r.optionalNumber('_FILE_SOURCE');
  if (source !== null && source !== FileSource.APPEND && source !== FileSource.COMPACT) {
    throw new CorruptFileError(
      path,
      'a Paimon manifest',
      `record ${index}: _FILE_SOURCE ${source} is not 0 or 1`,
    );
  }
  const sequences = r.optionalNumbers('_WRITE_COLS_SEQUENCES');
  // File names end up joined to the bucket directory: only plain names (file-name.ts).
  const at = `record ${index}: `;
  const fileName = checkPlainFileName(r.string('_FILE_NAME'), `${at}_FILE_NAME`, path, MANIFEST);
  const meta: DataFileMeta = {
    fileName,
    fileSize: r.number('_FILE_SIZE'),
    rowCount: r.number('_ROW_COUNT'),
    minKey: r.bytes('_MIN_KEY'),
    maxKey: r.bytes('_MAX_KEY'),
    keyStats: statsFromAvro(r.get('_KEY_STATS'), path),
    valueStats: statsFromAvro(r.get('_VALUE_STATS'), path),
    minSequenceNumber: r.number('_MIN_SEQUENCE_NUMBER'),
    maxSequenceNumber: r.number('_MAX_SEQUENCE_NUMBER'),
    schemaId: r.number('_SCHEMA_ID'),
    level: r.number('_LEVEL'),
    extraFiles: (r.optionalStrings('_EXTRA_FILES') ?? []).map((name, k) =>
      checkPlainFileName(name, `${at}_EXTRA_FILES[${k}]`, path, MANIFEST),
    ),
    creationTimeMs: r.optionalNumber('_CREATION_TIME'),
    deleteRowCount: r.optionalNumber('_DELETE_ROW_COUNT'),
    embeddedIndex: r.optionalBytes('_EMBEDDED_FILE_INDEX'),
    fileSource: source,
    valueStatsCols: r.optionalStrings('_VALUE_STATS_COLS'),
    externalPath: externalPathOf(
      r.get('_EXTERNAL_PATH') == null ? null : r.string('_EXTERNAL_PATH'),
      path,
      at,
    ),
    firstRowId: r.optionalNumber('_FIRST_ROW_ID'),
    writeCols: r.optionalStrings('_WRITE_COLS'),
  };
  return sequences === null ? meta : { ...meta, writeColsSequences: sequences };
}

const MANIFEST = 'a Paimon manifest';

function externalPathOf(externalPath: string | null, path: string, at: string): string | null {
  const problem = externalPath === null ? undefined : externalPathProblem(externalPath);
  if (problem !== undefined)
    throw new CorruptFileError(
      path,
      MANIFEST,
      `${at}_EXTERNAL_PATH '${externalPath}' is not usable: ${problem}`,
    );
  return externalPath;
}
