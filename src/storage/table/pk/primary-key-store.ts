import { InvalidOptionError, SchemaMismatchError } from '../../errors.js';
import { decodeBinaryRow } from '../../spec/binary-row.js';
import type { DataField, DataType } from '../../spec/data-types.js';
import { rowType } from '../../spec/data-types.js';
import type { FileStoreTable } from '../table.js';
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
import type { UniversalCompactionOptions } from './universal-compaction.js';

/** `CoreOptions.COMPACTION_SMALL_FILE_RATIO`: files below this share of the target size are rewritten. */
const SMALL_FILE_RATIO = 0.7;

/**
 * Everything a primary-key table's writers and readers share (`KeyValueFileStore`): key order, merge
 * function, data-file IO and the LSM options. Built from a table; validates the merge settings.
 */
export class PrimaryKeyStore {
  readonly keyTypes: DataType[];
  readonly compareKeys: KeyComparator;
  readonly compareRecords: (a: KeyValue, b: KeyValue) => number;
  readonly files: KeyValueFileIO;
  readonly merge: MergeSettings;
  readonly numLevels: number;
  readonly compaction: UniversalCompactionOptions;
  readonly minFileSize: number;
  readonly sequenceFields: DataField[];

  constructor(readonly table: FileStoreTable) {
    const schema = table.schema;
    const fields = schema.fields;
    this.keyTypes = schema.primaryKeys.map((k) => fields.find((f) => f.name === k)!.type);
    this.compareKeys = keyComparator(this.keyTypes);
    this.sequenceFields = table.options.list('sequence.field').map((name) => {
      const f = fields.find((x) => x.name === name);
      if (!f)
        throw new InvalidOptionError(
          'sequence.field',
          name,
          `a column of the table (${fields.map((x) => x.name).join(', ')})`,
        );
      return f;
    });
    const engine = table.options.string('merge-engine') as MergeEngine;
    if (engine === 'first-row' && this.sequenceFields.length > 0)
      throw new SchemaMismatchError('Do not support use sequence field on FIRST_ROW merge engine.');
    this.compareRecords = recordComparator(this.compareKeys, this.sequenceFields);
    this.merge = {
      engine,
      ignoreDelete: ignoreDeleteOf(table.options.raw),
      valueType: rowType(fields),
      primaryKeys: schema.primaryKeys,
      options: table.options.raw,
    };
    createMergeFunction(this.merge); // validates aggregate functions now, not at the first merge
    const trigger = table.options.int('num-sorted-run.compaction-trigger');
    this.numLevels = table.options.get('num-levels') === null ? trigger + 1 : table.options.int('num-levels');
    this.compaction = {
      maxSizeAmp: table.options.int('compaction.max-size-amplification-percent'),
      sizeRatio: table.options.int('compaction.size-ratio'),
      numRunCompactionTrigger: trigger,
    };
    this.minFileSize = Math.floor(table.targetFileSize() * SMALL_FILE_RATIO);
    const format = table.options.string('file.format')!;
    this.files = new KeyValueFileIO({
      io: table.io,
      clock: table.env.clock,
      random: table.env.random,
      schemaId: schema.id,
      fields,
      primaryKeys: schema.primaryKeys,
      keyTypes: this.keyTypes,
      formatIdentifier: format,
      compression: table.options.string('file.compression')!,
      targetFileSize: table.targetFileSize(),
      fieldsOfSchema: (id) => table.schemaFor(id).fields,
    });
  }

  newMergeFunction(): MergeFunction {
    return createMergeFunction(this.merge);
  }

  /** Sorts records of one bucket and merges each key (results may be retractions). */
  sortAndMerge(records: KeyValue[]): KeyValue[] {
    records.sort(this.compareRecords);
    return mergeSorted(records, this.compareKeys, this.newMergeFunction());
  }

  /** Compares two keys given as BinaryRow bytes (file min/max keys). */
  compareKeyBytes = (a: Uint8Array, b: Uint8Array): number =>
    this.compareKeys(decodeBinaryRow(this.keyTypes, a), decodeBinaryRow(this.keyTypes, b));
}
