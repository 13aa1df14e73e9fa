import { CorruptFileError } from '../errors.js';
import { readAvroContainer, writeAvroContainer } from '../format/avro/container.js';
import { checkPlainFileName } from './file-name.js';
import type { ManifestCodecOptions } from './manifest-file-meta.js';
import { manifestRecord } from './manifest-records.js';

/**
 * Index manifests (`IndexManifestEntry`, `IndexFileMeta`, `IndexManifestEntrySerializer` version 1) and HASH
 * index files (`HashIndexFile`): a dynamic-bucket table remembers which bucket each key hash went to, one
 * index file per partition + bucket holding the hashes as big-endian int32s. Each snapshot's index manifest
 * lists the full current set of index files (`snapshot.indexManifest`).
 */
export const INDEX_MANIFEST_VERSION = 1;
export const HASH_INDEX = 'HASH';

export interface IndexManifestEntry {
  /** 0 ADD, 1 DELETE (`FileKind`). */
  readonly kind: 0 | 1;
  readonly partition: Uint8Array;
  readonly bucket: number;
  readonly indexType: string;
  readonly fileName: string;
  readonly fileSize: number;
  readonly rowCount: number;
}

const nullable = (name: string, type: unknown) => ({ name, type: ['null', type], default: null });

/** As `AvroSchemaConverter` derives it from `IndexManifestEntry.SCHEMA` with `_VERSION` first. */
export const INDEX_MANIFEST_ENTRY_SCHEMA = {
  type: 'record',
  name: 'record',
  namespace: 'org.apache.paimon.avro.generated',
  fields: [
    { name: '_VERSION', type: 'int' },
    { name: '_KIND', type: 'int' },
    { name: '_PARTITION', type: 'bytes' },
    { name: '_BUCKET', type: 'int' },
    { name: '_INDEX_TYPE', type: 'string' },
    { name: '_FILE_NAME', type: 'string' },
    { name: '_FILE_SIZE', type: 'long' },
    { name: '_ROW_COUNT', type: 'long' },
    nullable('_DELETIONS_VECTORS_RANGES', {
      type: 'array',
      items: [
        'null',
        {
          type: 'record',
          name: 'record__DELETIONS_VECTORS_RANGES',
          fields: [
            { name: 'f0', type: 'string' },
            { name: 'f1', type: 'int' },
            { name: 'f2', type: 'int' },
            nullable('_CARDINALITY', 'long'),
          ],
        },
      ],
    }),
    nullable('_EXTERNAL_PATH', 'string'),
    nullable('_GLOBAL_INDEX', {
      type: 'record',
      name: 'record__GLOBAL_INDEX',
      fields: [
        { name: '_ROW_RANGE_START', type: 'long' },
        { name: '_ROW_RANGE_END', type: 'long' },
        { name: '_INDEX_FIELD_ID', type: 'int' },
        nullable('_EXTRA_FIELD_IDS', { type: 'array', items: 'int' }),
        nullable('_INDEX_META', 'bytes'),
        nullable('_SOURCE_META', 'bytes'),
      ],
    }),
  ],
};

export function writeIndexManifest(
  entries: readonly IndexManifestEntry[],
  options: ManifestCodecOptions,
): Uint8Array {
  const records = entries.map((e) => ({
    _VERSION: INDEX_MANIFEST_VERSION,
    _KIND: e.kind,
    _PARTITION: Buffer.from(e.partition),
    _BUCKET: e.bucket,
    _INDEX_TYPE: e.indexType,
    _FILE_NAME: e.fileName,
    _FILE_SIZE: e.fileSize,
    _ROW_COUNT: e.rowCount,
    _DELETIONS_VECTORS_RANGES: null,
    _EXTERNAL_PATH: null,
    _GLOBAL_INDEX: null,
  }));
  return writeAvroContainer(INDEX_MANIFEST_ENTRY_SCHEMA, records, options);
}

export function readIndexManifest(bytes: Uint8Array, path: string): IndexManifestEntry[] {
  const { records } = readAvroContainer(bytes, path);
  return records.map((value, i) => {
    const r = manifestRecord(value, path, i);
    const version = r.number('_VERSION');
    if (version !== INDEX_MANIFEST_VERSION)
      throw new CorruptFileError(
        path,
        'an index manifest',
        `record ${i} has _VERSION ${version}, expected 1`,
      );
    const kind = r.number('_KIND');
    if (kind !== 0 && kind !== 1)
      throw new CorruptFileError(path, 'an index manifest', `record ${i} has _KIND ${kind}, expected 0 or 1`);
    return {
      kind,
      partition: r.bytes('_PARTITION'),
      bucket: r.number('_BUCKET'),
      indexType: r.string('_INDEX_TYPE'),
      fileName: checkPlainFileName(
        r.string('_FILE_NAME'),
        `record ${i}: _FILE_NAME`,
        path,
        'an index manifest',
      ),
      fileSize: r.number('_FILE_SIZE'),
      rowCount: r.number('_ROW_COUNT'),
    };
  });
}

/** `HashIndexFile`: key hashes as big-endian int32s. */
export function writeHashIndex(hashes: Iterable<number>): Uint8Array {
  const list = [...hashes];
  const out = new Uint8Array(list.length * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < list.length; i++) view.setInt32(i * 4, list[i]!, false);
  return out;
}

export function readHashIndex(bytes: Uint8Array, path: string): number[] {
  if (bytes.length % 4 !== 0)
    throw new CorruptFileError(path, 'a HASH index file', `length ${bytes.length} is not a multiple of 4`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i += 4) out.push(view.getInt32(i, false));
  return out;
}
