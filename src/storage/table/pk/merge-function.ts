import { isTrue } from '../../../common/option-values.js';
import { InvalidOptionError, SchemaMismatchError } from '../../errors.js';
import type { RowType } from '../../spec/data-types.js';
import { isRetract, RowKind } from '../../spec/key-value.js';
import type { Row } from '../../spec/values.js';
import { type FieldAggregator, fieldAggregator } from './field-aggregators.js';

/** One record of an LSM tree (`KeyValue`): primary key values, sequence number, row kind, full row. */
export interface KeyValue {
  readonly key: readonly unknown[];
  readonly sequenceNumber: number;
  readonly kind: RowKind;
  readonly value: Row;
  /** LSM level of the file it came from (-1 while in the write buffer). */
  readonly level: number;
}

/** Merges the records of one key, oldest first (`MergeFunction`). */
export interface MergeFunction {
  reset(): void;
  add(kv: KeyValue): void;
  /** The merged record; undefined when every input was ignored. */
  result(): KeyValue | undefined;
}

export type MergeEngine = 'deduplicate' | 'partial-update' | 'aggregation' | 'first-row';

export interface MergeSettings {
  readonly engine: MergeEngine;
  readonly ignoreDelete: boolean;
  readonly valueType: RowType;
  readonly primaryKeys: readonly string[];
  readonly options: Readonly<Record<string, string>>;
}

/** `ignore-delete` with its fallback keys (`CoreOptions.IGNORE_DELETE`). */
export function ignoreDeleteOf(options: Readonly<Record<string, string>>): boolean {
  for (const key of [
    'ignore-delete',
    'first-row.ignore-delete',
    'deduplicate.ignore-delete',
    'partial-update.ignore-delete',
  ]) {
    if (options[key] !== undefined) return isTrue(options[key]);
  }
  return false;
}

/** Builds the table's merge function; throws for bad engine settings (checked at table creation too). */
export function createMergeFunction(s: MergeSettings): MergeFunction {
  switch (s.engine) {
    case 'deduplicate':
      return new Deduplicate(s.ignoreDelete);
    case 'first-row':
      return new FirstRow(s.ignoreDelete);
    case 'partial-update':
      return new PartialUpdate(s);
    case 'aggregation':
      return new Aggregation(s);
    default:
      throw new InvalidOptionError(
        'merge-engine',
        String(s.engine),
        'one of deduplicate, partial-update, aggregation, first-row',
      );
  }
}

/**
 * `ReducerMergeFunctionWrapper`: a single record is returned as it is (a lone -D stays a -D); several are
 * merged by the function.
 */
export function mergeRecords(fn: MergeFunction, records: readonly KeyValue[]): KeyValue | undefined {
  if (records.length === 1) return records[0];
  fn.reset();
  for (const kv of records) fn.add(kv);
  return fn.result();
}

/** `DeduplicateMergeFunction`: the latest record wins, deletes included. */
class Deduplicate implements MergeFunction {
  private latest: KeyValue | undefined;
  constructor(private readonly ignoreDelete: boolean) {}
  reset() {
    this.latest = undefined;
  }
  add(kv: KeyValue) {
    if (this.ignoreDelete && isRetract(kv.kind)) return;
    this.latest = kv;
  }
  result() {
    return this.latest;
  }
}

/** `FirstRowMergeFunction`: the earliest record wins; deletes are refused unless ignored. */
class FirstRow implements MergeFunction {
  private first: KeyValue | undefined;
  constructor(private readonly ignoreDelete: boolean) {}
  reset() {
    this.first = undefined;
  }
  add(kv: KeyValue) {
    if (isRetract(kv.kind)) {
      if (this.ignoreDelete) return;
      throw new SchemaMismatchError(
        "By default, First row merge engine can not accept DELETE/UPDATE_BEFORE records.\nYou can config 'ignore-delete' to ignore the DELETE/UPDATE_BEFORE records.",
      );
    }
    if (!this.first) this.first = kv;
  }
  result() {
    return this.first;
  }
}

const PARTIAL_UPDATE_DELETE_MESSAGE = [
  'By default, Partial update can not accept delete records, you can choose one of the following solutions:',
  "1. Configure 'ignore-delete' to ignore delete records.",
  "2. Configure 'partial-update.remove-record-on-delete' to remove the whole row when receiving delete records.",
  "3. Configure 'sequence-group's to retract partial columns. Also configure 'partial-update.remove-record-on-sequence-group' to remove the whole row when receiving deleted records of `specified sequence group`.",
].join('\n');

/** `PartialUpdateMergeFunction` without sequence groups: non-null fields of later records overwrite. */
class PartialUpdate implements MergeFunction {
  private row: Row = {};
  private key: readonly unknown[] = [];
  private sequenceNumber = 0;
  private meetInsert = false;
  private deleteRow = false;
  private touched = false;
  private readonly removeOnDelete: boolean;

  constructor(private readonly s: MergeSettings) {
    this.removeOnDelete = isTrue(s.options['partial-update.remove-record-on-delete']);
  }
  reset() {
    this.row = {};
    this.meetInsert = false;
    this.deleteRow = false;
    this.touched = false;
    this.sequenceNumber = 0;
  }
  add(kv: KeyValue) {
    this.key = kv.key;
    this.deleteRow = false;
    this.touched = true;
    if (isRetract(kv.kind)) {
      if (this.s.ignoreDelete) return;
      this.sequenceNumber = kv.sequenceNumber;
      if (this.removeOnDelete) {
        if (kv.kind === RowKind.DELETE) {
          this.deleteRow = true;
          this.row = { ...kv.value };
        }
        return;
      }
      throw new SchemaMismatchError(PARTIAL_UPDATE_DELETE_MESSAGE);
    }
    this.sequenceNumber = kv.sequenceNumber;
    for (const f of this.s.valueType.fields) {
      const v = kv.value[f.name];
      if (v !== null && v !== undefined) this.row[f.name] = v;
      else if (!(f.name in this.row)) this.row[f.name] = null;
    }
    this.meetInsert = true;
  }
  result(): KeyValue | undefined {
    if (!this.touched) return undefined;
    const kind = this.deleteRow || !this.meetInsert ? RowKind.DELETE : RowKind.INSERT;
    return { key: this.key, sequenceNumber: this.sequenceNumber, kind, value: this.row, level: -1 };
  }
}

/** `AggregateMergeFunction`: each column folds with its aggregator; -U/-D retract. */
class Aggregation implements MergeFunction {
  private readonly aggregators: FieldAggregator[];
  private readonly removeOnDelete: boolean;
  private row: Row = {};
  private latest: KeyValue | undefined;
  private deleteRow = false;

  constructor(private readonly s: MergeSettings) {
    this.aggregators = s.valueType.fields.map((f) =>
      fieldAggregator(f.name, f.type, s.primaryKeys.includes(f.name), s.options),
    );
    this.removeOnDelete = isTrue(s.options['aggregation.remove-record-on-delete']);
  }
  reset() {
    this.row = {};
    this.latest = undefined;
    this.deleteRow = false;
    for (const a of this.aggregators) a.reset();
  }
  add(kv: KeyValue) {
    this.latest = kv;
    this.deleteRow = this.removeOnDelete && kv.kind === RowKind.DELETE;
    if (this.deleteRow) {
      this.row = { ...kv.value };
      return;
    }
    const retract = isRetract(kv.kind);
    const fields = this.s.valueType.fields;
    for (let i = 0; i < fields.length; i++) {
      const name = fields[i]!.name;
      const acc = this.row[name] ?? null;
      const input = kv.value[name] ?? null;
      this.row[name] = retract
        ? this.aggregators[i]!.retract(acc, input)
        : this.aggregators[i]!.agg(acc, input);
    }
  }
  result(): KeyValue | undefined {
    const latest = this.latest;
    if (!latest) return undefined;
    const kind = this.deleteRow ? RowKind.DELETE : RowKind.INSERT;
    return { key: latest.key, sequenceNumber: latest.sequenceNumber, kind, value: this.row, level: -1 };
  }
}
