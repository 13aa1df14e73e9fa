import fc from 'fast-check';
import {
  type DataField,
  type DataType,
  MAX_LENGTH,
  parseDataType,
  type RowType,
  rowType,
} from '../../../src/storage/spec/data-types.js';
import {
  decimalFromUnscaled,
  type Row,
  Timestamp,
  truncateTimestamp,
} from '../../../src/storage/spec/values.js';

/**
 * fast-check arbitraries for the format tests: Paimon row types (nested up to `depth`) and rows of the value
 * model for them. `avro` keeps to what Paimon's Avro format accepts (TIME(p <= 3), TIMESTAMP(p <= 6)).
 */
export interface TypeLimits {
  readonly avro?: boolean;
  readonly depth?: number;
}

const nullable = fc.boolean();

function atomicType(limits: TypeLimits): fc.Arbitrary<DataType> {
  const maxTimestampPrecision = limits.avro ? 6 : 9;
  return fc.oneof(
    fc
      .constantFrom('BOOLEAN', 'TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'FLOAT', 'DOUBLE', 'DATE')
      .chain((root) => nullable.map((n) => ({ root, nullable: n }) as DataType)),
    fc
      .integer({ min: 1, max: 38 })
      .chain((precision) =>
        fc
          .tuple(fc.integer({ min: 0, max: precision }), nullable)
          .map(([scale, n]) => ({ root: 'DECIMAL' as const, nullable: n, precision, scale })),
      ),
    fc
      .tuple(
        fc.constantFrom('CHAR', 'VARCHAR', 'BINARY', 'VARBINARY' as const),
        fc.constantFrom(1, 10, MAX_LENGTH),
        nullable,
      )
      .map(([root, length, n]) => ({ root, nullable: n, length }) as DataType),
    fc
      .tuple(
        fc.constantFrom('TIMESTAMP', 'TIMESTAMP_LTZ' as const),
        fc.integer({ min: 0, max: maxTimestampPrecision }),
        nullable,
      )
      .map(([root, precision, n]) => ({ root, nullable: n, precision }) as DataType),
    fc
      .tuple(fc.integer({ min: 0, max: limits.avro ? 3 : 9 }), nullable)
      .map(([precision, n]) => ({ root: 'TIME' as const, nullable: n, precision })),
  );
}

/** Types that can be map keys in every format: atomic, NOT NULL (Parquet map keys are required). */
const keyType: fc.Arbitrary<DataType> = fc
  .constantFrom<DataType>(
    { root: 'INT', nullable: false },
    { root: 'BIGINT', nullable: false },
    { root: 'VARCHAR', nullable: false, length: MAX_LENGTH },
    { root: 'DATE', nullable: false },
  )
  .map((t) => t);

export function dataType(limits: TypeLimits, depth = limits.depth ?? 2): fc.Arbitrary<DataType> {
  if (depth <= 0) return atomicType(limits);
  const inner = dataType(limits, depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: atomicType(limits) },
    fc.tuple(inner, nullable).map(([element, n]) => ({ root: 'ARRAY' as const, nullable: n, element })),
    fc
      .tuple(keyType, inner, nullable)
      .map(([key, value, n]) => ({ root: 'MAP' as const, nullable: n, key, value })),
    fc.tuple(keyType, nullable).map(([element, n]) => ({ root: 'MULTISET' as const, nullable: n, element })),
    fc.tuple(fieldList(inner), nullable).map(([fields, n]) => rowType(fields, n)),
  );
}

const fieldName = fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/);

function fieldList(type: fc.Arbitrary<DataType>, max = 4): fc.Arbitrary<DataField[]> {
  return fc
    .uniqueArray(fc.tuple(fieldName, type), { minLength: 1, maxLength: max, selector: ([name]) => name })
    .map((fs) => fs.map(([name, t], id) => ({ id, name, type: t })));
}

/** A table row type: 1..6 fields with ids 0..n-1. */
export function tableRowType(limits: TypeLimits = {}): fc.Arbitrary<RowType> {
  return fieldList(dataType(limits), 6).map((fields) => rowType(fields));
}

const MAX_EPOCH_MS = 9_000_000_000_000; // timestamps in nanoseconds must fit a Java long

/** Values of `type` in the value model (values.ts), null only where the type is nullable. */
export function value(type: DataType): fc.Arbitrary<unknown> {
  const v = nonNullValue(type);
  return type.nullable ? fc.option(v, { nil: null, freq: 4 }) : v;
}

function nonNullValue(type: DataType): fc.Arbitrary<unknown> {
  switch (type.root) {
    case 'BOOLEAN':
      return fc.boolean();
    case 'TINYINT':
      return fc.integer({ min: -128, max: 127 });
    case 'SMALLINT':
      return fc.integer({ min: -32768, max: 32767 });
    case 'INT':
      return fc.integer();
    case 'BIGINT':
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    case 'FLOAT':
      return fc.float({ noNaN: true });
    case 'DOUBLE':
      return fc.double({ noNaN: true });
    case 'DECIMAL': {
      const limit = 10n ** BigInt(type.precision) - 1n;
      return fc.bigInt({ min: -limit, max: limit }).map((u) => decimalFromUnscaled(u, type.scale));
    }
    case 'CHAR':
    case 'VARCHAR':
      return fc.string({ unit: 'grapheme', maxLength: 12 });
    case 'BINARY':
    case 'VARBINARY':
      return fc.uint8Array({ maxLength: 12 });
    case 'DATE':
      return fc.integer({ min: -719162, max: 2932896 });
    case 'TIME':
      return fc.integer({ min: 0, max: 86_399_999 });
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      const precision = type.precision;
      return fc
        .tuple(fc.integer({ min: -MAX_EPOCH_MS, max: MAX_EPOCH_MS }), fc.integer({ min: 0, max: 999_999 }))
        .map(([ms, nanos]) => truncateTimestamp(new Timestamp(ms, nanos), precision));
    }
    case 'ARRAY':
      return fc.array(value(type.element), { maxLength: 4 });
    case 'MAP':
      return fc
        .uniqueArray(fc.tuple(nonNullValue(type.key), value(type.value)), {
          maxLength: 4,
          selector: ([k]) => String(k),
        })
        .map((entries) => new Map(entries));
    case 'MULTISET':
      return fc
        .uniqueArray(fc.tuple(nonNullValue(type.element), fc.integer({ min: 1, max: 5 })), {
          maxLength: 4,
          selector: ([k]) => String(k),
        })
        .map((entries) => new Map(entries));
    case 'ROW':
      return rowValue(type);
  }
}

export function rowValue(type: RowType): fc.Arbitrary<Row> {
  return fc.record(Object.fromEntries(type.fields.map((f) => [f.name, value(f.type)])));
}

/** A row type and 0..`maxRows` rows of it. */
export function typeAndRows(
  limits: TypeLimits = {},
  maxRows = 8,
): fc.Arbitrary<{ type: RowType; rows: Row[] }> {
  return tableRowType(limits).chain((type) =>
    fc.array(rowValue(type), { maxLength: maxRows }).map((rows) => ({ type, rows })),
  );
}

// ---------------------------------------------------------------------------------------------------------
// A row type with every Paimon type (and nesting), one row of extremes and one of nulls

export const ALL_TYPE_STRINGS: readonly (readonly [string, string])[] = [
  ['b', 'BOOLEAN'],
  ['i8', 'TINYINT'],
  ['i16', 'SMALLINT'],
  ['i32', 'INT NOT NULL'],
  ['i64', 'BIGINT'],
  ['f32', 'FLOAT'],
  ['f64', 'DOUBLE'],
  ['dec5', 'DECIMAL(5, 2)'],
  ['dec', 'DECIMAL(10, 2)'],
  ['wide', 'DECIMAL(38, 10)'],
  ['c', 'CHAR(3)'],
  ['s', 'STRING'],
  ['bin', 'BINARY(3)'],
  ['vb', 'BYTES'],
  ['d', 'DATE'],
  ['t', 'TIME(3)'],
  ['ts0', 'TIMESTAMP(0)'],
  ['ts3', 'TIMESTAMP(3)'],
  ['ts6', 'TIMESTAMP(6)'],
  ['ts9', 'TIMESTAMP(9)'],
  ['ltz3', 'TIMESTAMP(3) WITH LOCAL TIME ZONE'],
  ['ltz6', 'TIMESTAMP(6) WITH LOCAL TIME ZONE'],
  ['arr', 'ARRAY<BIGINT>'],
  ['m', 'MAP<STRING, INT>'],
  ['mi', 'MAP<INT NOT NULL, ARRAY<TIMESTAMP(6)>>'],
  ['ms', 'MULTISET<STRING NOT NULL>'],
  ['r', 'ROW<x INT, y ROW<z STRING, w DECIMAL(20, 3)>>'],
  ['nest', 'ARRAY<ROW<u TIMESTAMP(6), d DATE, aa ARRAY<ARRAY<INT>>>>'],
];

/** Types Paimon's Avro format rejects (TIME/TIMESTAMP precision). */
export const NOT_IN_AVRO = new Set(['ts9']);

export const FULL_VALUES: Row = {
  b: true,
  i8: -128,
  i16: 32767,
  i32: -2147483648,
  i64: -9223372036854775808n,
  f32: Math.fround(1.5),
  f64: -2.25e-300,
  dec5: '-999.99',
  dec: '-12345678.90',
  wide: '1234567890123456789012345678.0123456789',
  c: 'abc',
  s: 'grüße 東京 🎉',
  bin: Uint8Array.from([0, 255, 7]),
  vb: Uint8Array.from([]),
  d: -719162,
  t: 86_399_999,
  ts0: new Timestamp(-1000),
  ts3: new Timestamp(-1),
  ts6: new Timestamp(1_700_000_000_123, 456_000),
  ts9: new Timestamp(-1, 999_999),
  ltz3: new Timestamp(1_700_000_000_123),
  ltz6: new Timestamp(0, 1000),
  arr: [1n, null, 9223372036854775807n],
  m: new Map([
    ['k', 1],
    ['', null],
  ]),
  mi: new Map([
    [7, [new Timestamp(3, 4000), null]],
    [-1, []],
  ]),
  ms: new Map([['a', 2]]),
  r: { x: 1, y: { z: null, w: '-12345678901234567.123' } },
  nest: [{ u: new Timestamp(-5, 999_000), d: 19000, aa: [[1, null], []] }, null],
};

export const NULL_VALUES: Row = Object.fromEntries(
  ALL_TYPE_STRINGS.map(([name]) => [name, name === 'i32' ? 0 : null]),
);

/** The all-types row type, optionally without the fields Avro cannot hold. */
export function allTypes(options: { avro?: boolean } = {}): RowType {
  return rowType(
    ALL_TYPE_STRINGS.map(([name, type], id) => ({ id, name, type: parseDataType(type) })).filter(
      (f) => !options.avro || !NOT_IN_AVRO.has(f.name),
    ),
  );
}

/** `row` restricted to the fields of `type`. */
export function restrict(row: Row, type: RowType): Row {
  return Object.fromEntries(type.fields.map((f) => [f.name, row[f.name]]));
}
