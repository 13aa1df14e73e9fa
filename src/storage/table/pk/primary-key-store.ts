import { InvalidOptionError, SchemaMismatchError } from '../../errors.js';
import { TableOptions } from '../../options.js';
import { decodeBinaryRow } from '../../spec/binary-row.js';
import type { DataField, DataType } from '../../spec/data-types.js';
import { rowType } from '../../spec/data-types.js';
import { trimmedPrimaryKeys } from '../../spec/key-value.js';
import type { TableSchema } from '../../spec/table-schema.js';
import type { Row } from '../../spec/values.js';
import { statsSettingsOf } from '../stats-modes.js';
import type { TableContext } from '../table-context.js';
import { KeyValueFileIO } from './key-value-file.js';
import {
  createMergeFunction,
  ignoreDeleteOf,
  type KeyValue,
  type MergeEngine,
  type MergeFunction,
  type MergeSettings,
} from './merge-function.js';
import { type KeyComparator, keyComparator, mergeSorted, recordComparator } from './record-order.js';
import { mergeSortedRuns } from './sorted-run-merge.js';
import type { UniversalCompactionOptions } from './universal-compaction.js';
import { recordSizeEstimator, sortIndexEntrySize, WriteBufferPool } from './write-buffer-memory.js';

/**
 * The merge settings of a primary-key schema, validated as Paimon's `SchemaValidation` and merge function
 * factories do (unknown columns, engines, aggregate functions). Called at table creation and by writers.
 */
export function mergeSettingsOf(schema: TableSchema): { merge: MergeSettings; sequenceFields: DataField[] } {
  const options = new TableOptions(schema.options);
  const fields = schema.fields;
  trimmedPrimaryKeys(schema.primaryKeys, schema.partitionKeys);
  const sequenceFields = options.list('sequence.field').map((name) => {
    const f = fields.find((x) => x.name === name);
    if (!f)
      throw new InvalidOptionError(
        'sequence.field',
        name,
        `a column of the table (${fields.map((x) => x.name).join(', ')})`,
      );
    return f;
  });
  const engine = options.string('merge-engine') as MergeEngine;
  if (engine === 'first-row' && sequenceFields.length > 0)
    throw new SchemaMismatchError('Do not support use sequence field on FIRST_ROW merge engine.');
  const merge: MergeSettings = {
    engine,
    ignoreDelete: ignoreDeleteOf(options.raw),
    valueType: rowType(fields),
    primaryKeys: schema.primaryKeys,
    options: options.raw,
  };
  createMergeFunction(merge); // builds every aggregator: bad functions fail here, not at the first merge
  return { merge, sequenceFields };
}

/** `CoreOptions.COMPACTION_SMALL_FILE_RATIO`: files below this share of the target size are rewritten. */
const SMALL_FILE_RATIO = 0.7;

/**
 * Everything a primary-key table's writers and readers share (`KeyValueFileStore`): key order, merge
 * function, data-file IO and the LSM options. Built from a table; validates the merge settings.
 */
export class PrimaryKeyStore {
  /** Trimmed primary key: the record key inside a bucket. */
  readonly keyNames: string[];
  readonly keyTypes: DataType[];
  readonly compareKeys: KeyComparator;
  readonly compareRecords: (a: KeyValue, b: KeyValue) => number;
  readonly files: KeyValueFileIO;
  readonly merge: MergeSettings;
  readonly numLevels: number;
  readonly compaction: UniversalCompactionOptions;
  readonly minFileSize: number;
  readonly sequenceFields: DataField[];
  /**
   * The merge function's result is always one of the records it was given, unchanged (`deduplicate`: the
   * latest, `first-row`: the first), so compaction can copy rows instead of building them.
   */
  readonly mergeChoosesRecords: boolean;
  /** Bytes a buffered record takes in Paimon's sort buffer, and its sort index entry (see write-buffer-memory). */
  readonly recordSize: (row: Row) => number;
  readonly sortIndexEntrySize: number;

  constructor(readonly table: TableContext) {
    const schema = table.schema;
    const fields = schema.fields;
    this.keyNames = trimmedPrimaryKeys(schema.primaryKeys, schema.partitionKeys);
    this.keyTypes = this.keyNames.map((k) => fields.find((f) => f.name === k)!.type);
    this.compareKeys = keyComparator(this.keyTypes);
    const settings = mergeSettingsOf(schema);
    this.sequenceFields = settings.sequenceFields;
    this.merge = settings.merge;
    this.mergeChoosesRecords = this.merge.engine === 'deduplicate' || this.merge.engine === 'first-row';
    this.compareRecords = recordComparator(this.compareKeys, this.sequenceFields);
    const trigger = table.options.int('num-sorted-run.compaction-trigger');
    this.numLevels = table.options.get('num-levels') === null ? trigger + 1 : table.options.int('num-levels');
    this.compaction = {
      maxSizeAmp: table.options.int('compaction.max-size-amplification-percent'),
      sizeRatio: table.options.int('compaction.size-ratio'),
      numRunCompactionTrigger: trigger,
    };
    this.minFileSize = Math.floor(table.targetFileSize() * SMALL_FILE_RATIO);
    this.recordSize = recordSizeEstimator(fields, this.keyNames);
    // Sort fields of `SortBufferWriteBuffer`: key, `sequence.field` columns, sequence number.
    this.sortIndexEntrySize = sortIndexEntrySize([
      ...this.keyTypes,
      ...this.sequenceFields.map((f) => f.type),
      { root: 'BIGINT', nullable: false },
    ]);
    const format = table.options.string('file.format')!;
    this.files = new KeyValueFileIO({
      io: table.io,
      clock: table.env.clock,
      random: table.env.random,
      schemaId: schema.id,
      fields,
      keyNames: this.keyNames,
      keyTypes: this.keyTypes,
      formatIdentifier: format,
      compression: table.options.string('file.compression')!,
      targetFileSize: table.targetFileSize(),
      stats: statsSettingsOf(table.options),
      fieldsOfSchema: (id) => table.schemaFor(id).fields,
    });
  }

  /** The write buffer of one table write (`write-buffer-size` in pages of `page-size`). */
  newWriteBufferPool(): WriteBufferPool {
    const o = this.table.options;
    return new WriteBufferPool(o.amount('write-buffer-size'), o.amount('page-size'));
  }

  newMergeFunction(): MergeFunction {
    return createMergeFunction(this.merge);
  }

  /** Sorts records of one bucket and merges each key (results may be retractions). */
  sortAndMerge(records: KeyValue[]): KeyValue[] {
    records.sort(this.compareRecords);
    return mergeSorted(records, this.compareKeys, this.newMergeFunction());
  }

  /**
   * Merges runs that are each already in record order (data files: one record per key, sorted by key) with
   * a k-way merge instead of sorting their concatenation again (`MergeSorter` / `SortMergeReader`).
   */
  mergeRuns(runs: readonly (readonly KeyValue[])[]): KeyValue[] {
    return mergeSortedRuns(runs, this.compareRecords, this.compareKeys, this.newMergeFunction());
  }

  /** Compares two keys given as BinaryRow bytes (file min/max keys). */
  compareKeyBytes = (a: Uint8Array, b: Uint8Array): number =>
    this.compareKeys(decodeBinaryRow(this.keyTypes, a), decodeBinaryRow(this.keyTypes, b));
}
