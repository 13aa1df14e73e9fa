import type { OptionValueSpec, OptionValueType } from '../common/option-values.js';

/**
 * Every table option paimon-sim understands, with Paimon's key, default and meaning (`CoreOptions`).
 * Options are data: code asks `TableOptions`, never parses strings ad hoc. Keys not listed here are kept in
 * the schema verbatim, as Paimon keeps them.
 */
/** Value types of table options: the common ones, and `stats-mode` (`none`, `counts`, `full` or `truncate(<n>)`,
 * read by spec/simple-stats.ts `parseStatsMode`). */
export type OptionType = OptionValueType | 'stats-mode';

/** A table option: how its value is read (`OptionValueSpec`, shared with the runtime's options), key, default, meaning. */
export interface OptionDef extends Omit<OptionValueSpec, 'type'> {
  readonly key: string;
  readonly type: OptionType;
  readonly defaultValue: string | null;
  readonly description: string;
  readonly values?: readonly string[];
  readonly min?: number;
}

const defs = [
  {
    key: 'bucket',
    type: 'int',
    defaultValue: '-1',
    min: -2,
    description: 'Number of buckets; -1: unaware (append) or dynamic (primary key) bucket mode.',
  },
  {
    key: 'bucket-key',
    type: 'string',
    defaultValue: null,
    description:
      'Comma-separated columns that choose the bucket (fixed-bucket tables); defaults to the primary key minus partition keys.',
  },
  {
    key: 'file.format',
    type: 'enum',
    defaultValue: 'parquet',
    values: ['parquet', 'avro'],
    description: 'Format of data files.',
  },
  {
    key: 'file.compression',
    type: 'enum',
    defaultValue: 'zstd',
    values: ['zstd', 'snappy', 'gzip', 'lz4', 'none', 'uncompressed'],
    description: 'Compression of data files.',
  },
  {
    key: 'manifest.format',
    type: 'enum',
    defaultValue: 'avro',
    values: ['avro'],
    description: 'Format of manifest and manifest-list files.',
  },
  {
    key: 'manifest.compression',
    type: 'enum',
    defaultValue: 'zstd',
    values: ['zstd', 'snappy', 'deflate', 'null', 'none'],
    description: 'Avro codec of manifest and manifest-list files.',
  },
  {
    key: 'manifest.target-file-size',
    type: 'memory',
    defaultValue: '8 mb',
    description: 'Suggested size of a manifest file; smaller ones are merged.',
  },
  {
    key: 'manifest.merge-min-count',
    type: 'int',
    defaultValue: '30',
    min: 1,
    description: 'Merge small manifests once at least this many are left.',
  },
  {
    key: 'manifest.full-compaction-threshold-size',
    type: 'memory',
    defaultValue: '16 mb',
    description: 'Total size of delete entries that triggers a full manifest compaction.',
  },
  {
    key: 'metadata.stats-mode',
    type: 'stats-mode',
    defaultValue: 'truncate(16)',
    description:
      "Column statistics of data files: none, counts (null counts only), full (null counts, min/max) or truncate(n) (min/max of strings cut to n characters); per column with 'fields.<column>.stats-mode'.",
  },
  {
    key: 'metadata.stats-dense-store',
    type: 'boolean',
    defaultValue: 'true',
    description:
      'Store only the columns that have statistics in manifests, naming them in _VALUE_STATS_COLS (all columns when false).',
  },
  {
    key: 'target-file-size',
    type: 'memory',
    defaultValue: null,
    description:
      'Target size of a data file; writers and compaction roll over at this size. Default 128 mb for primary-key tables, 256 mb for append tables.',
  },
  {
    key: 'merge-engine',
    type: 'enum',
    defaultValue: 'deduplicate',
    values: ['deduplicate', 'partial-update', 'aggregation', 'first-row'],
    description:
      'How rows of one primary key merge: keep the last, update non-null fields, aggregate, or keep the first.',
  },
  {
    key: 'sequence.field',
    type: 'string',
    defaultValue: null,
    description:
      'Comma-separated columns that order the rows of a key before the sequence number (the largest wins in deduplicate).',
  },
  {
    key: 'ignore-delete',
    type: 'boolean',
    defaultValue: 'false',
    description:
      'Drop -D and -U rows on write and merge (fallback keys: first-row / deduplicate / partial-update .ignore-delete).',
  },
  {
    key: 'partial-update.remove-record-on-delete',
    type: 'boolean',
    defaultValue: 'false',
    description: 'partial-update: a -D row removes the whole row instead of failing.',
  },
  {
    key: 'aggregation.remove-record-on-delete',
    type: 'boolean',
    defaultValue: 'false',
    description: 'aggregation: a -D row removes the whole row instead of being retracted field by field.',
  },
  {
    key: 'fields.default-aggregate-function',
    type: 'string',
    defaultValue: null,
    description:
      "aggregation: function of value columns without 'fields.<column>.aggregate-function' (default last_non_null_value).",
  },
  {
    key: 'rowkind.field',
    type: 'string',
    defaultValue: null,
    description: "Column whose value ('+I', '-U', '+U', '-D') gives each written row's kind.",
  },
  {
    key: 'num-sorted-run.compaction-trigger',
    type: 'int',
    defaultValue: '5',
    min: 1,
    description:
      'Sorted runs (each level-0 file is one; each higher level is one) that trigger a compaction.',
  },
  {
    key: 'dynamic-bucket.target-row-num',
    type: 'long',
    defaultValue: '2000000',
    min: 1,
    description: 'Dynamic bucket mode: keys per bucket before a new bucket is opened.',
  },
  {
    key: 'dynamic-bucket.max-buckets',
    type: 'int',
    defaultValue: '-1',
    min: -1,
    description: 'Dynamic bucket mode: most buckets per partition (-1: unlimited).',
  },
  {
    key: 'num-sorted-run.stop-trigger',
    type: 'int',
    defaultValue: null,
    min: 1,
    description:
      'Sorted runs beyond which a commit waits for compaction; default num-sorted-run.compaction-trigger + 3.',
  },
  {
    key: 'num-levels',
    type: 'int',
    defaultValue: null,
    min: 2,
    description: 'LSM levels (0 .. num-levels - 1); default num-sorted-run.compaction-trigger + 1.',
  },
  {
    key: 'write-buffer-size',
    type: 'memory',
    defaultValue: '256 mb',
    description:
      'Memory shared by the primary-key writers of one table write; a writer that finds it full (after the largest other writer flushed) writes its sorted buffer to a level-0 file.',
  },
  {
    key: 'page-size',
    type: 'memory',
    defaultValue: '64 kb',
    description:
      "Memory page size: the write buffer is taken in pages of this size (at least 3 of 'write-buffer-size').",
  },
  {
    key: 'compaction.max-size-amplification-percent',
    type: 'int',
    defaultValue: '200',
    min: 0,
    description:
      'Universal compaction: compact all runs when the runs above the oldest exceed this % of its size.',
  },
  {
    key: 'compaction.size-ratio',
    type: 'int',
    defaultValue: '1',
    min: 0,
    description:
      'Universal compaction: % slack when adding the next sorted run to a candidate by size ratio.',
  },
  {
    key: 'full-compaction.delta-commits',
    type: 'int',
    defaultValue: null,
    min: 1,
    description:
      'A full compaction (waited for) at every commit whose identifier (checkpoint id) is a multiple of this; batch writes: every n-th commit.',
  },
  {
    key: 'sim.compaction.async',
    type: 'boolean',
    defaultValue: 'true',
    description:
      'paimon-sim only. Streaming writes: a compaction started at a commit lands in the next commit (as Paimon async compaction that finishes within a checkpoint interval); false: in the same commit.',
  },
  {
    key: 'commit.max-retries',
    type: 'int',
    defaultValue: '10',
    min: 0,
    description:
      'Retries of a commit that lost the race for its snapshot id (or whose snapshot write failed) before it fails with CommitConflictError.',
  },
  {
    key: 'commit.min-retry-wait',
    type: 'duration',
    defaultValue: '10 ms',
    description:
      'Wait before the first retry of a commit; doubles with each retry up to commit.max-retry-wait, plus up to 20% random jitter.',
  },
  {
    key: 'commit.max-retry-wait',
    type: 'duration',
    defaultValue: '10 s',
    description: 'Longest wait between two attempts of a commit.',
  },
  {
    key: 'commit.timeout',
    type: 'duration',
    defaultValue: null,
    description:
      'Give up retrying a commit once this much time has passed since its first attempt (default: no limit).',
  },
  {
    key: 'commit.user-prefix',
    type: 'string',
    defaultValue: null,
    description: 'Prefix of generated commit users (`<prefix>_<uuid>`).',
  },
  {
    key: 'partition.default-name',
    type: 'string',
    defaultValue: '__DEFAULT_PARTITION__',
    description: 'Directory name of a null or empty partition value.',
  },
  {
    key: 'dynamic-partition-overwrite',
    type: 'boolean',
    defaultValue: 'true',
    description:
      'An overwrite without a static partition replaces only the partitions present in the new data.',
  },
  {
    key: 'write-only',
    type: 'boolean',
    defaultValue: 'false',
    description: 'Skip compaction and expiration after commits.',
  },
  {
    key: 'snapshot.num-retained.min',
    type: 'int',
    defaultValue: '10',
    min: 1,
    description: 'Minimum number of completed snapshots to retain.',
  },
  {
    key: 'snapshot.num-retained.max',
    type: 'int',
    defaultValue: '2147483647',
    min: 1,
    description: 'Maximum number of completed snapshots to retain.',
  },
  {
    key: 'snapshot.time-retained',
    type: 'duration',
    defaultValue: '1 h',
    description: 'Maximum time of completed snapshots to retain.',
  },
  {
    key: 'snapshot.expire.limit',
    type: 'int',
    defaultValue: '50',
    min: 1,
    description: 'Maximum number of snapshots expired in one run.',
  },
  {
    key: 'sink.savepoint.auto-tag',
    type: 'boolean',
    defaultValue: 'false',
    description: 'Flink sink: tag the snapshot of each savepoint as savepoint-<id>.',
  },
  {
    // FlinkConnectorOptions.SINK_OPERATOR_UID_SUFFIX (Paimon 1.3.1), read by FlinkSink from the table options
    key: 'sink.operator-uid.suffix',
    type: 'string',
    defaultValue: null,
    description:
      'Flink sink: uid suffix of the writer, dynamic bucket assigner and committer (`<role>_<table>_<suffix>`); changing it leaves their savepoint state unmapped.',
  },
  {
    key: 'scan.snapshot-id',
    type: 'long',
    defaultValue: null,
    min: 1,
    description: 'Time travel: read this snapshot.',
  },
  {
    key: 'scan.tag-name',
    type: 'string',
    defaultValue: null,
    description: 'Time travel: read the snapshot of this tag.',
  },
  {
    key: 'scan.timestamp-millis',
    type: 'long',
    defaultValue: null,
    description: 'Time travel: read the latest snapshot committed at or before this epoch millis.',
  },
  {
    key: 'tag.automatic-creation',
    type: 'enum',
    defaultValue: 'none',
    values: ['none', 'process-time', 'watermark', 'batch'],
    description: 'Create tags automatically: by commit time, by watermark, or after each batch write.',
  },
  {
    key: 'tag.creation-period',
    type: 'enum',
    defaultValue: 'daily',
    values: ['daily', 'hourly', 'two-hours'],
    description: 'Period of automatically created tags.',
  },
  {
    key: 'tag.creation-delay',
    type: 'duration',
    defaultValue: '0 ms',
    description: 'How long after a period ends its tag is created (must be shorter than the period).',
  },
  {
    key: 'tag.period-formatter',
    type: 'enum',
    defaultValue: 'with_dashes',
    values: ['with_dashes', 'without_dashes', 'without_dashes_and_spaces'],
    description: 'Name format of period tags (2024-01-02 / 20240102, hourly with " HH").',
  },
  {
    key: 'tag.num-retained-max',
    type: 'int',
    defaultValue: null,
    min: 1,
    description:
      'Maximum number of automatically created period tags; the oldest are deleted. Other tags are not counted.',
  },
  {
    key: 'tag.default-time-retained',
    type: 'duration',
    defaultValue: null,
    description:
      'Retention of newly created tags (automatic and manual); tags without one never expire by time.',
  },
  {
    key: 'tag.time-expire-enabled',
    type: 'boolean',
    defaultValue: 'true',
    description: 'Delete tags whose retention has passed after each commit.',
  },
  {
    key: 'tag.batch.customized-name',
    type: 'string',
    defaultValue: null,
    description:
      "Name of the tag created after a batch write ('batch' creation); default batch-write-<yyyy-MM-dd>.",
  },
] as const satisfies readonly OptionDef[];

export const OPTION_DEFS: readonly OptionDef[] = defs;
export type OptionKey = (typeof defs)[number]['key'];
