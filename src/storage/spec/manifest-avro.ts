/**
 * Avro schemas of Paimon's manifest files, as `AvroSchemaConverter.convertToSchema` derives them from
 * `ManifestFileMeta.SCHEMA`, `ManifestEntry.SCHEMA`, `DataFileMeta.SCHEMA` and `SimpleStats.SCHEMA`, each
 * prefixed with the `_VERSION` field (`ManifestSchemaUtils.withFormatIdentifier`):
 *
 * - every one of these row types is NOT NULL (`new RowType(false, …)`), so the top level is a plain record
 *   named `org.apache.paimon.avro.generated.record` and nested records are plain records named
 *   `<parent>_<FIELD>` (`record__FILE`, `record__FILE__KEY_STATS`), not `["null", record]` unions;
 * - nullable fields are `["null", T]` with `"default": null`; TINYINT is `int`; TIMESTAMP(3) is
 *   `long`/`timestamp-millis`; ARRAY<BIGINT> `_NULL_COUNTS` is a nullable array of nullable longs.
 *
 * The field set is that of Paimon master after 2.0 and of pypaimon 2.1.0: DataFileMeta ends with
 * `_WRITE_COLS_SEQUENCES` (Paimon 2.0.0 stops at `_WRITE_COLS`; its reader skips fields it does not know).
 * Readers decode with the writer schema, so older files (fewer nullable fields, nullable-record unions as in
 * the paimon-rust fixtures) and newer ones read too.
 */
/** `_VERSION` of every manifest record (`ManifestEntrySerializer`/`ManifestFileMetaSerializer`: 2). */
export const MANIFEST_FORMAT_IDENTIFIER = 2;

type AvroType = string | object | AvroType[];
interface AvroField {
  name: string;
  type: AvroType;
  default?: null;
}

const nullable = (name: string, type: AvroType): AvroField => ({ name, type: ['null', type], default: null });
const required = (name: string, type: AvroType): AvroField => ({ name, type });

function simpleStats(recordName: string): object {
  return {
    type: 'record',
    name: recordName,
    fields: [
      required('_MIN_VALUES', 'bytes'),
      required('_MAX_VALUES', 'bytes'),
      nullable('_NULL_COUNTS', { type: 'array', items: ['null', 'long'] }),
    ],
  };
}

function topLevel(fields: AvroField[]): object {
  return { type: 'record', name: 'record', namespace: 'org.apache.paimon.avro.generated', fields };
}

export const MANIFEST_FILE_META_SCHEMA = topLevel([
  required('_VERSION', 'int'),
  required('_FILE_NAME', 'string'),
  required('_FILE_SIZE', 'long'),
  required('_NUM_ADDED_FILES', 'long'),
  required('_NUM_DELETED_FILES', 'long'),
  required('_PARTITION_STATS', simpleStats('record__PARTITION_STATS')),
  required('_SCHEMA_ID', 'long'),
  nullable('_MIN_BUCKET', 'int'),
  nullable('_MAX_BUCKET', 'int'),
  nullable('_MIN_LEVEL', 'int'),
  nullable('_MAX_LEVEL', 'int'),
  nullable('_MIN_ROW_ID', 'long'),
  nullable('_MAX_ROW_ID', 'long'),
]);

const stringArray = { type: 'array', items: 'string' };

const DATA_FILE_META_RECORD = {
  type: 'record',
  name: 'record__FILE',
  fields: [
    required('_FILE_NAME', 'string'),
    required('_FILE_SIZE', 'long'),
    required('_ROW_COUNT', 'long'),
    required('_MIN_KEY', 'bytes'),
    required('_MAX_KEY', 'bytes'),
    required('_KEY_STATS', simpleStats('record__FILE__KEY_STATS')),
    required('_VALUE_STATS', simpleStats('record__FILE__VALUE_STATS')),
    required('_MIN_SEQUENCE_NUMBER', 'long'),
    required('_MAX_SEQUENCE_NUMBER', 'long'),
    required('_SCHEMA_ID', 'long'),
    required('_LEVEL', 'int'),
    required('_EXTRA_FILES', stringArray),
    nullable('_CREATION_TIME', { type: 'long', logicalType: 'timestamp-millis' }),
    nullable('_DELETE_ROW_COUNT', 'long'),
    nullable('_EMBEDDED_FILE_INDEX', 'bytes'),
    nullable('_FILE_SOURCE', 'int'),
    nullable('_VALUE_STATS_COLS', stringArray),
    nullable('_EXTERNAL_PATH', 'string'),
    nullable('_FIRST_ROW_ID', 'long'),
    nullable('_WRITE_COLS', stringArray),
    nullable('_WRITE_COLS_SEQUENCES', { type: 'array', items: 'long' }),
  ],
};

export const MANIFEST_ENTRY_SCHEMA = topLevel([
  required('_VERSION', 'int'),
  required('_KIND', 'int'),
  required('_PARTITION', 'bytes'),
  required('_BUCKET', 'int'),
  required('_TOTAL_BUCKETS', 'int'),
  required('_FILE', DATA_FILE_META_RECORD),
]);
