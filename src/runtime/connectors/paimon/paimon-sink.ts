import { nextUuid } from '../../../common/random.js';
import { normalizeRow, type Row } from '../../../storage/spec/values.js';
import { BucketRouter } from '../../../storage/table/bucket-router.js';
import type { FileStoreTable } from '../../../storage/table/table.js';
import type { DataStream } from '../../api/stream.js';
import { InvalidJobError } from '../../errors.js';
import { checkKeys } from '../../option-keys.js';
import { type BucketedRecord, DynamicBucketAssignerOperator } from './bucket-assigner-operator.js';
import { PaimonCommitterOperator } from './committer-operator.js';
import { PaimonWriterOperator } from './writer-operator.js';

export interface PaimonSinkOptions {
  /** `sink.savepoint.auto-tag`: tag the snapshot of each savepoint as `savepoint-<id>` (default false). */
  readonly autoTagForSavepoint?: boolean;
  /** Writer parallelism (`sink.parallelism`); default: the job's. */
  readonly parallelism?: number;
  /**
   * `sink.operator-uid.suffix` (default: the table option of that name): stable uids `Writer_<table>_<suffix>` /
   * `Global Committer_<table>_<suffix>`.
   */
  readonly uidSuffix?: string;
  /** Commit user of a fresh run; default a random UUID (or `<commit.user-prefix>_<uuid>`). */
  readonly commitUser?: string;
  /**
   * Records carry their row kind ('+I', '-U', '+U', '-D') in this property, as a Flink `RowData` carries its
   * `RowKind` beside its fields; the writer removes the property and writes the rest as the row. A record
   * without it is an insert (+I). A table with option `rowkind.field` takes the kind from that column instead
   * (Paimon's `RowKindGenerator` wins over the record's kind). Only primary-key tables accept kinds other
   * than +I.
   */
  readonly rowKindProperty?: string;
}

/**
 * Adds Paimon's Flink sink to a stream (`FlinkSink.doWrite` + `doCommit`): `Writer : <table>` subtasks routed
 * by bucket for fixed-bucket tables, then `Global Committer : <table>` with parallelism and max parallelism 1.
 * `open` is called once, when the sink is built: `FlinkSink` serializes that `FileStoreTable` into the operators,
 * so every operator instance (after a failover too) works with the schema and options of the job's submission;
 * an `ALTER TABLE SET` takes effect for the next job, not the running one. Each instance gets its own copy of
 * that table (snapshots, tags and files are read from storage as they are now). On restore the
 * committer re-commits what the table lacks; fixed- and dynamic-bucket sinks then fail over once on purpose,
 * the unaware-bucket append sink (`RowAppendTableSink`) does not.
 */
export function sinkToPaimon<T extends Record<string, unknown>>(
  stream: DataStream<T>,
  open: () => FileStoreTable,
  options: PaimonSinkOptions = {},
): void {
  checkKeys('the options of sinkToPaimon', options, [
    'autoTagForSavepoint',
    'parallelism',
    'uidSuffix',
    'commitUser',
    'rowKindProperty',
  ]);
  const table = open();
  // a fresh copy with the submission's schema per operator instance, as each task deserializes its own
  const submitted = () => table.copy({});
  const checkpointing = stream.jobConfig.checkpointing;
  if (checkpointing?.unaligned) {
    throw new InvalidJobError(
      'Paimon sink currently does not support unaligned checkpoints. Please set execution.checkpointing.unaligned.enabled to false.',
    );
  }
  if (checkpointing && (checkpointing.mode ?? 'exactly-once') !== 'exactly-once') {
    throw new InvalidJobError(
      'Paimon sink currently only supports EXACTLY_ONCE checkpoint mode. Please set execution.checkpointing.mode to exactly-once',
    );
  }
  const prefix = table.options.string('commit.user-prefix');
  const uuid = nextUuid(table.env.random);
  const commitUser = options.commitUser ?? (prefix ? `${prefix}_${uuid}` : uuid);
  const tableName = table.name.split('.').pop()!;
  // `FlinkSink` reads `sink.operator-uid.suffix` from the table options (dynamic options included)
  const uidSuffix = options.uidSuffix ?? table.options.string('sink.operator-uid.suffix');
  const uid = (role: string) => (uidSuffix ? `${role}_${tableName}_${uidSuffix}` : `${role}_${tableName}`);
  const mode = new BucketRouter(table.schema, table.options).mode;
  const parallelism = options.parallelism === undefined ? {} : { parallelism: options.parallelism };
  const input =
    mode === 'fixed'
      ? stream.keyBy(bucketKeySelector(table, options.rowKindProperty))
      : mode === 'dynamic'
        ? // DynamicBucketSink: by key hash to the assigners, then by partition + bucket to the writers.
          stream
            .keyBy(bucketKeySelector(table, options.rowKindProperty))
            .transform(() => new DynamicBucketAssignerOperator(submitted, options.rowKindProperty), {
              name: 'dynamic-bucket-assigner',
              uid: uid('dynamic-bucket-assigner'),
              ...parallelism,
            })
            .keyBy((r) => `${(r as BucketedRecord).bucket}|${(r as BucketedRecord).partition}`)
        : stream;
  input
    .transform(
      () =>
        new PaimonWriterOperator(
          submitted,
          commitUser,
          options.rowKindProperty,
          mode === 'dynamic',
          mode === 'unaware',
        ),
      {
        name: `Writer : ${tableName}`,
        uid: uid('Writer'),
        ...parallelism,
      },
    )
    .transform(
      () =>
        new PaimonCommitterOperator(
          submitted,
          commitUser,
          options.autoTagForSavepoint ?? table.options.bool('sink.savepoint.auto-tag'),
          // `FlinkSinkBuilder.build` picks the sink by bucket mode; only `RowAppendTableSink` (unaware) overrides
          // `createCommittableStateManager` with the restore-only manager (postpone mode is refused above).
          mode === 'unaware' ? 'restore-only' : 'restore-and-fail',
        ),
      {
        name: `Global Committer : ${tableName}`,
        uid: uid('Global Committer'),
        parallelism: 1,
        maxParallelism: 1,
      },
    );
}

/**
 * Fixed-bucket routing (dynamic mode: by key hash) (`FixedBucketRowKeyExtractor` + `ChannelComputer`): every row of one partition + bucket
 * reaches the same writer subtask, so each bucket's LSM tree has one writer. The bucket is computed from the
 * normalized row, as the writer computes it (1 and 1n are the same BIGINT). A record that does not fit the
 * table goes to one fixed subtask, whose writer reports it with the table and record.
 */
function bucketKeySelector(
  table: FileStoreTable,
  rowKindProperty: string | undefined,
): (record: Record<string, unknown>) => string {
  const router = new BucketRouter(table.schema, table.options);
  const partitionKeys = table.schema.partitionKeys;
  const rowType = table.rowType;
  return (record) => {
    try {
      let row = record as Row;
      if (rowKindProperty !== undefined && rowKindProperty in row) {
        const { [rowKindProperty]: _kind, ...rest } = row;
        row = rest;
      }
      const normalized = normalizeRow(rowType, row);
      // Dynamic buckets are assigned in the writer: route by key hash, so each key has one writer.
      const route = router.mode === 'dynamic' ? router.keyHash(normalized) : router.bucket(normalized);
      return `${route}|${partitionKeys.map((k) => String(normalized[k])).join('\u0000')}`;
    } catch {
      return '';
    }
  };
}
