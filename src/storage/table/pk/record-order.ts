import { compareValues } from '../../spec/binary-row.js';
import type { DataField, DataType } from '../../spec/data-types.js';
import type { KeyValue, MergeFunction } from './merge-function.js';
import { mergeRecords } from './merge-function.js';

export type KeyComparator = (a: readonly unknown[], b: readonly unknown[]) => number;

/** Orders primary keys field by field in Paimon's natural order (`RecordComparator`); keys are never null. */
export function keyComparator(types: readonly DataType[]): KeyComparator {
  if (types.length === 1) {
    const t = types[0]!;
    return (a, b) => compareValues(t, a[0], b[0]);
  }
  return (a, b) => {
    for (let i = 0; i < types.length; i++) {
      const c = compareValues(types[i]!, a[i], b[i]);
      if (c !== 0) return c;
    }
    return 0;
  };
}

/**
 * Orders records of the same key oldest first: by the `sequence.field` columns (nulls first) when set,
 * then by sequence number (`UserDefinedSeqComparator` + `KeyValue` order).
 */
export function recordComparator(
  compareKeys: KeyComparator,
  sequenceFields: readonly DataField[],
): (a: KeyValue, b: KeyValue) => number {
  return (a, b) => {
    const c = compareKeys(a.key, b.key);
    if (c !== 0) return c;
    for (const f of sequenceFields) {
      const x = a.value[f.name] ?? null;
      const y = b.value[f.name] ?? null;
      if (x === null || y === null) {
        if (x !== y) return x === null ? -1 : 1;
        continue;
      }
      const s = compareValues(f.type, x, y);
      if (s !== 0) return s;
    }
    return a.sequenceNumber - b.sequenceNumber;
  };
}

/** Merges records sorted by `recordComparator`, one result per key (results may be retractions). */
export function mergeSorted(
  sorted: readonly KeyValue[],
  compareKeys: KeyComparator,
  fn: MergeFunction,
): KeyValue[] {
  const out: KeyValue[] = [];
  let start = 0;
  for (let i = 1; i <= sorted.length; i++) {
    if (i < sorted.length && compareKeys(sorted[i]!.key, sorted[start]!.key) === 0) continue;
    const merged = mergeRecords(fn, start + 1 === i ? [sorted[start]!] : sorted.slice(start, i));
    if (merged) out.push(merged);
    start = i;
  }
  return out;
}
