import * as arrow from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arrowToRows, rowsToArrow } from '../../../src/storage/format/arrow-rows.js';
import {
  arrayElementFieldId,
  FIELD_ID_KEY,
  mapKeyFieldId,
  mapValueFieldId,
  toArrowField,
  toArrowSchema,
} from '../../../src/storage/format/arrow-schema.js';
import { parseDataType, rowType } from '../../../src/storage/spec/data-types.js';
import { Timestamp } from '../../../src/storage/spec/values.js';
import { allTypes, FULL_VALUES, NULL_VALUES, typeAndRows } from './arrow-arbitraries.js';

const field = (type: string, id = 0, name = 'f') => toArrowField({ id, name, type: parseDataType(type) });

describe('Paimon types as Arrow types', () => {
  it.each([
    ['BOOLEAN', 'Bool'],
    ['TINYINT', 'Int8'],
    ['SMALLINT', 'Int16'],
    ['INT', 'Int32'],
    ['BIGINT', 'Int64'],
    ['FLOAT', 'Float32'],
    ['DOUBLE', 'Float64'],
    ['DECIMAL(10, 2)', 'Decimal[10e+2]'],
    ['DECIMAL(38, 18)', 'Decimal[38e+18]'],
    ['CHAR(3)', 'Utf8'],
    ['STRING', 'Utf8'],
    ['BINARY(3)', 'Binary'],
    ['BYTES', 'Binary'],
    ['DATE', 'Date32<DAY>'],
    ['TIME(0)', 'Time32<MILLISECOND>'],
    ['TIME(6)', 'Time32<MILLISECOND>'],
    ['TIMESTAMP(0)', 'Timestamp<MILLISECOND>'],
    ['TIMESTAMP(3)', 'Timestamp<MILLISECOND>'],
    ['TIMESTAMP(4)', 'Timestamp<MICROSECOND>'],
    ['TIMESTAMP(6)', 'Timestamp<MICROSECOND>'],
    ['TIMESTAMP(7)', 'Timestamp<NANOSECOND>'],
    ['TIMESTAMP(9)', 'Timestamp<NANOSECOND>'],
    ['TIMESTAMP(3) WITH LOCAL TIME ZONE', 'Timestamp<MILLISECOND, UTC>'],
    ['TIMESTAMP(6) WITH LOCAL TIME ZONE', 'Timestamp<MICROSECOND, UTC>'],
    ['ARRAY<INT>', 'List<Int32>'],
    ['MAP<STRING, BIGINT>', 'Map<{key:Utf8, value:Int64}>'],
    ['MULTISET<STRING>', 'Map<{key:Utf8, value:Int32}>'],
    ['ROW<a INT, b STRING>', 'Struct<{a:Int32, b:Utf8}>'],
  ])('%s → %s', (paimon, expected) => {
    expect(String(field(paimon).type)).toBe(expected);
  });

  it('carries nullability and the field id', () => {
    const schema = toArrowSchema(allTypes());
    const i32 = schema.fields.find((f) => f.name === 'i32')!;
    expect(i32.nullable).toBe(false);
    expect(schema.fields.find((f) => f.name === 's')!.nullable).toBe(true);
    expect(schema.fields.map((f) => f.metadata.get(FIELD_ID_KEY))).toEqual(
      allTypes().fields.map((f) => String(f.id)),
    );
  });

  it("names map entries 'key_value' and gives nested parts SpecialFields ids", () => {
    const map = field('MAP<INT, ARRAY<STRING NOT NULL>>', 22).type as arrow.Map_;
    const entries = map.children[0]!;
    expect(entries.name).toBe('key_value');
    const [key, value] = (entries.type as arrow.Struct).children as [arrow.Field, arrow.Field];
    expect(key.nullable).toBe(false); // Parquet map keys are required, even for a nullable key type
    expect(key.metadata.get(FIELD_ID_KEY)).toBe(String(mapKeyFieldId(22, 1)));
    expect(value.metadata.get(FIELD_ID_KEY)).toBe(String(mapValueFieldId(22, 1)));
    const element = (value.type as arrow.List).children[0]!;
    expect(element.name).toBe('element');
    expect(element.nullable).toBe(false);
    expect(element.metadata.get(FIELD_ID_KEY)).toBe(String(arrayElementFieldId(22, 2)));
  });

  it('computes SpecialFields ids in Java int arithmetic', () => {
    // SpecialFields: 536870911 ± 1024 * id ± depth
    expect(arrayElementFieldId(21, 1)).toBe(536870911 + 21 * 1024 + 1);
    expect(mapKeyFieldId(22, 1)).toBe(536870911 - 22 * 1024 - 1);
    expect(mapValueFieldId(3, 2)).toBe(536870911 + 3 * 1024 + 2);
    // Java wraps: Integer.MAX_VALUE / 4 + 2_000_000 * 1024 + 1 overflows to a negative int.
    expect(arrayElementFieldId(2_000_000, 1)).toBe(536870911 + 2_048_000_000 + 1 - 2 ** 32);
  });
});

describe('rows ↔ Arrow', () => {
  const type = allTypes();

  it('round-trip every type, extremes and nulls, exactly (also nested timestamps and decimals)', () => {
    const table = rowsToArrow(type, [FULL_VALUES, NULL_VALUES]);
    expect(table.numRows).toBe(2);
    expect(arrowToRows(table, type)).toEqual([FULL_VALUES, NULL_VALUES]);
  });

  it('survive Arrow IPC (the buffers are valid Arrow)', () => {
    const table = arrow.tableFromIPC(arrow.tableToIPC(rowsToArrow(type, [FULL_VALUES, NULL_VALUES])));
    expect(arrowToRows(table, type)).toEqual([FULL_VALUES, NULL_VALUES]);
  });

  it('store exact bigint and sub-millisecond values in the Arrow buffers', () => {
    const t = rowType([
      { id: 0, name: 'i64', type: parseDataType('BIGINT') },
      { id: 1, name: 'ts9', type: parseDataType('TIMESTAMP(9)') },
      { id: 2, name: 'ltz', type: parseDataType('TIMESTAMP(6) WITH LOCAL TIME ZONE') },
    ]);
    const table = rowsToArrow(t, [
      {
        i64: 2n ** 62n + 1n,
        ts9: new Timestamp(1_700_000_000_123, 456_789),
        ltz: new Timestamp(-1, 999_000),
      },
    ]);
    expect(table.getChild('i64')!.get(0)).toBe(2n ** 62n + 1n);
    expect(table.getChild('ts9')!.data[0]!.values[0]).toBe(1_700_000_000_123_456_789n);
    expect(table.getChild('ltz')!.data[0]!.values[0]).toBe(-1n);
    expect((table.schema.fields[2]!.type as arrow.Timestamp).timezone).toBe('UTC');
  });

  it('read columns by name, else by field id, and missing columns as null', () => {
    const written = rowType([
      { id: 0, name: 'a', type: parseDataType('INT') },
      { id: 1, name: 'old_name', type: parseDataType('STRING') },
    ]);
    const reading = rowType([
      { id: 0, name: 'a', type: parseDataType('INT') },
      { id: 1, name: 'new_name', type: parseDataType('STRING') },
      { id: 2, name: 'added', type: parseDataType('BIGINT') },
    ]);
    const table = rowsToArrow(written, [{ a: 1, old_name: 'x' }]);
    expect(arrowToRows(table, reading)).toEqual([{ a: 1, new_name: 'x', added: null }]);
  });

  it('read a sliced table (offsets into shared buffers)', () => {
    const t = rowType([
      { id: 0, name: 'b', type: parseDataType('BOOLEAN') },
      { id: 1, name: 's', type: parseDataType('STRING') },
      { id: 2, name: 'a', type: parseDataType('ARRAY<INT>') },
    ]);
    const rows = Array.from({ length: 20 }, (_, i) => ({
      b: i % 3 === 0,
      s: `s${i}`,
      a: i % 4 ? [i] : null,
    }));
    const sliced = rowsToArrow(t, rows).slice(9, 17);
    expect(arrowToRows(sliced, t)).toEqual(rows.slice(9, 17));
  });

  it('property: generated row types and rows round-trip through Arrow IPC', () => {
    fc.assert(
      fc.property(typeAndRows(), ({ type: t, rows }) => {
        const table = arrow.tableFromIPC(arrow.tableToIPC(rowsToArrow(t, rows)));
        expect(arrowToRows(table, t)).toEqual(rows);
      }),
      { seed: 42, numRuns: 100 },
    );
  });
});
