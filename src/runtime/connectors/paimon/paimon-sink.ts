import { nextUuid } from '../../../common/random.js';
import type { FileStoreTable } from '../../../storage/table/table.js';
import type { DataStream } from '../../api/stream.js';
import { InvalidJobError } from '../../errors.js';
import { PaimonCommitterOperator } from './committer-operator.js';
import { PaimonWriterOperator } from './writer-operator.js';

export interface PaimonSinkOptions {
  /** `sink.savepoint.auto-tag`: tag the snapshot of each savepoint as `savepoint-<id>` (default false). */
  readonly autoTagForSavepoint?: boolean;
  /** Writer parallelism (`sink.parallelism`); default: the job's. */
  readonly parallelism?: number;
  /** `sink.operator-uid.suffix`: stable uids `Writer_<table>_<suffix>` / `Global Committer_<table>_<suffix>`. */
  readonly uidSuffix?: string;
  /** Commit user of a fresh run; default a random UUID (or `<commit.user-prefix>_<uuid>`). */
  readonly commitUser?: string;
}

/**
 * Adds Paimon's Flink sink to a stream (`FlinkSink.doWrite` + `doCommit`): `Writer : <table>` subtasks routed
 * by bucket for fixed-bucket tables, then `Global Committer : <table>` with parallelism and max parallelism 1.
 * The table is reopened by each operator instance, as each Flink task loads it from the catalog.
 */
export function sinkToPaimon<T extends Record<string, unknown>>(
  stream: DataStream<T>,
  open: () => FileStoreTable,
  options: PaimonSinkOptions = {},
): void {
  const table = open();
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
  const uid = (role: string) =>
    options.uidSuffix ? `${role}_${tableName}_${options.uidSuffix}` : `${role}_${tableName}`;
  const fixedBuckets = table.options.int('bucket') > 0;
  const input = fixedBuckets
    ? stream.keyBy((row) =>
        JSON.stringify(
          [...table.schema.partitionKeys, ...table.options.list('bucket-key')].map((k) => String(row[k])),
        ),
      )
    : stream;
  input
    .transform(() => new PaimonWriterOperator(open, commitUser), {
      name: `Writer : ${tableName}`,
      uid: uid('Writer'),
      ...(options.parallelism === undefined ? {} : { parallelism: options.parallelism }),
    })
    .transform(
      () =>
        new PaimonCommitterOperator(
          open,
          commitUser,
          options.autoTagForSavepoint ?? table.options.bool('sink.savepoint.auto-tag'),
        ),
      {
        name: `Global Committer : ${tableName}`,
        uid: uid('Global Committer'),
        parallelism: 1,
        maxParallelism: 1,
      },
    );
}
